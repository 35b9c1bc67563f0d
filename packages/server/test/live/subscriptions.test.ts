import { createClient, type Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { liveGroupCounts } from "../../src/app/live-groups.js";
import { createTestApp, type TestApp } from "../helpers/app.js";

/**
 * §5.3.2 warnings reach subscribers at once, and none is lost across a reconnect: a real
 * graphql-ws client against the server on a port.
 */
let t: TestApp;
let port: number;
let office: string;
const indicators: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  port = await t.app.start(0);
  office = await t.login("office@example.com");
  const p = await t.gql(`{ process(code: "P-ADM") { id } }`, {}, office);
  for (let i = 0; i < 5; i++) {
    const ind = await t.gql(
      `mutation($p: ID!, $c: String!) { createIndicator(input: { processId: $p, code: $c, name: "會議室使用率", unit: "%", kind: EFFICIENCY, direction: LOWER_IS_BETTER, target: 60 }) { id } }`,
      { p: p.data.process.id, c: `LIVE-${i}` },
      office,
    );
    const id = ind.data.createIndicator.id;
    await t.gql(
      `mutation($i: ID!) { createThresholdRule(input: { indicatorId: $i, kind: THRESHOLD, level: WARNING, comparator: ABOVE, value: 90, clearValue: 80 }) { id } }`,
      { i: id },
      office,
    );
    indicators.push(id);
  }
});
afterAll(() => t?.close());

function client(token: string): Client {
  return createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: true });
}

interface Event {
  id: string;
  type: string;
  alert: { id: string; level: string; state: string; value: number; indicator: { id: string; name: string }; rule: { id: string } };
}

/** Subscribes to alertEvents and collects what arrives. */
function listen(c: Client, after: string | null) {
  const events: Event[] = [];
  const errors: unknown[] = [];
  let resolveNext: (() => void) | null = null;
  const dispose = c.subscribe<{ alertEvents: Event }>(
    { query: `subscription($after: ID) { alertEvents(after: $after) { id type at alert { id level state value indicator { id name } rule { id } } } }`, variables: { after } },
    {
      next: (msg) => {
        if (msg.data) events.push(msg.data.alertEvents);
        resolveNext?.();
      },
      error: (e) => errors.push(e),
      complete: () => {},
    },
  );
  const waitFor = async (n: number, ms = 5000) => {
    const until = Date.now() + ms;
    while (events.length < n && Date.now() < until) await new Promise<void>((r) => ((resolveNext = r), setTimeout(r, 50)));
    return events;
  };
  return { events, errors, dispose, waitFor };
}

const breach = (indicatorId: string, key: string) =>
  t.gql(
    `mutation($i: ID!, $k: String!) { recordReadings(input: { readings: [{ indicatorId: $i, value: 97, key: $k }] }) { accepted alertEvents } }`,
    { i: indicatorId, k: key },
    office,
  );

describe("§5.3.2 alertEvents over graphql-ws", () => {
  it("replays exactly the three warnings missed while disconnected, then streams live ones", async () => {
    const wall = await t.login("management@example.com");
    const first = client(wall);
    const s1 = listen(first, null);
    // Listening once the subscription has joined its group (a fixed wait missed it under load).
    for (let i = 0; i < 400 && liveGroupCounts(t.app.caches).members === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect((await breach(indicators[0], "a")).data.recordReadings).toEqual({ accepted: 1, alertEvents: 1 });
    const [seen] = await s1.waitFor(1);
    expect(s1.errors).toEqual([]);
    expect(seen.type).toBe("FIRED");
    expect(seen.alert).toMatchObject({ level: "WARNING", state: "FIRING", value: 97, indicator: { id: indicators[0], name: "會議室使用率" } });
    s1.dispose();
    await first.dispose();

    // Away: three warnings happen.
    for (const [i, id] of indicators.slice(1, 4).entries()) await breach(id, `b${i}`);

    const second = client(wall);
    const s2 = listen(second, seen.id);
    const replayed = await s2.waitFor(3);
    expect(replayed.map((e) => e.alert.indicator.id)).toEqual(indicators.slice(1, 4));
    expect(replayed.every((e) => e.type === "FIRED" && BigInt(e.id) > BigInt(seen.id))).toBe(true);

    await breach(indicators[4], "c");
    const all = await s2.waitFor(4);
    expect(all).toHaveLength(4);
    expect(all[3].alert.indicator.id).toBe(indicators[4]);
    expect(new Set(all.map((e) => e.id)).size).toBe(4);
    s2.dispose();
    await second.dispose();
  });

  it("§6.4 refuses a socket without a token, and a viewer never receives events about data they cannot read", async () => {
    const anonymous = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    const outcome = await new Promise<string>((resolve) => {
      anonymous.subscribe({ query: `subscription { alertEvents { id } }` }, { next: () => resolve("data"), error: () => resolve("refused"), complete: () => resolve("complete") });
    });
    expect(outcome).toBe("refused");
    await anonymous.dispose();

    // The HR head reads HR's processes and public ones; a warning on a Finance indicator stays hidden.
    const hr = client(await t.login("hr.head@example.com"));
    const s = listen(hr, null);
    await new Promise((r) => setTimeout(r, 300));
    const fin = await t.gql(`{ process(code: "P-FIN") { indicators(first: 1) { edges { node { id rules { kind level comparator value } } } } } }`, {}, office);
    const finIndicator = fin.data.process.indicators.edges[0].node;
    const rule = finIndicator.rules.find((r: { kind: string; comparator: string }) => r.kind === "THRESHOLD");
    const bad = rule.comparator === "BELOW" ? rule.value - 1000 : rule.value + 1000;
    const r = await t.gql(
      `mutation($i: ID!, $v: Float!) { recordReadings(input: { readings: [{ indicatorId: $i, value: $v }] }) { alertEvents } }`,
      { i: finIndicator.id, v: bad },
      office,
    );
    expect(r.data.recordReadings.alertEvents).toBeGreaterThan(0);
    await new Promise((res) => setTimeout(res, 500));
    expect(s.events).toHaveLength(0);
    s.dispose();
    await hr.dispose();
  });

  it("§6.4 a DISPLAY token may subscribe; an INGEST token may not (authorized on subscribe)", async () => {
    const admin = await t.login("admin@example.com");
    const display = await t.gql(`mutation { createApiToken(input: { name: "Wall 2", kind: DISPLAY }) { token } }`, {}, admin);
    const ingest = await t.gql(`mutation($i: ID!) { createApiToken(input: { name: "Feed 2", kind: INGEST, indicatorIds: [$i] }) { token } }`, { i: indicators[0] }, admin);
    const outcome = (token: string) =>
      new Promise<string>((resolve) => {
        const c = client(token);
        c.subscribe(
          { query: `subscription { indicatorStatusChanged { indicatorId status } }` },
          { next: (m) => resolve(m.errors ? JSON.stringify(m.errors) : "data"), error: (e) => resolve(JSON.stringify(e)), complete: () => resolve("complete") },
        );
        setTimeout(() => {
          resolve("open");
          void c.dispose();
        }, 1000);
      });
    expect(await outcome(display.data.createApiToken.token)).toBe("open");
    expect(await outcome(ingest.data.createApiToken.token)).toMatch(/FORBIDDEN/);
  });

  it("§6.4 closes a revoked token's socket", async () => {
    const admin = await t.login("admin@example.com");
    const created = await t.gql(`mutation { createApiToken(input: { name: "Wall 9", kind: DISPLAY }) { token apiToken { id } } }`, {}, admin);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/graphql`, "graphql-transport-ws");
    await new Promise((r) => ws.once("open", r));
    ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${created.data.createApiToken.token}` } }));
    await new Promise((r) => ws.once("message", r));
    const closed = new Promise<number>((r) => ws.once("close", (code) => r(code)));
    await t.gql(`mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, { id: created.data.createApiToken.apiToken.id }, admin);
    expect(await closed).toBe(4403);
  });
});
