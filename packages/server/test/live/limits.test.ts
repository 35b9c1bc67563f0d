import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { LIMITS } from "../../src/app/limits.js";
import { createTestApp, type TestApp } from "../helpers/app.js";

/**
 * §6.4 what one WebSocket may hold, and §5.3.2 the one filter of alertEvents, live and after a
 * reconnect: raw graphql-transport-ws messages against the server on a port.
 */
let t: TestApp;
let port: number;
let office: string;

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  port = await t.app.start(0);
  office = await t.login("office@example.com");
});
afterAll(() => t?.close());

interface Message {
  id?: string;
  type: string;
  payload?: any;
}

/** A signed-in graphql-transport-ws connection that keeps every message it receives. */
async function connect(token: string) {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/graphql`, "graphql-transport-ws");
  const messages: Message[] = [];
  const waiters: (() => void)[] = [];
  ws.on("message", (raw) => {
    messages.push(JSON.parse(String(raw)));
    for (const w of waiters.splice(0)) w();
  });
  await new Promise((r) => ws.once("open", r));
  ws.send(JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } }));
  /** Waits until a received message satisfies `test`. */
  const until = async (test: (m: Message) => boolean) => {
    for (;;) {
      const hit = messages.find(test);
      if (hit) return hit;
      await new Promise<void>((r) => waiters.push(r));
    }
  };
  await until((m) => m.type === "connection_ack");
  const subscribe = (id: string, query: string, variables: Record<string, unknown> = {}) => ws.send(JSON.stringify({ id, type: "subscribe", payload: { query, variables } }));
  return { ws, messages, until, subscribe };
}

describe("§6.4 one WebSocket", () => {
  it(`failure 7: one WebSocket may open 1,100 subscriptions — now at most ${LIMITS.subscriptionsPerConnection}, the next refused clearly`, async () => {
    const c = await connect(await t.login("management@example.com"));
    const cap = LIMITS.subscriptionsPerConnection;
    for (let i = 1; i <= cap + 1; i++) c.subscribe(String(i), "subscription { indicatorStatusChanged { indicatorId } }");
    const refused = await c.until((m) => m.type === "error" || !!m.payload?.errors);
    expect(refused.id).toBe(String(cap + 1));
    const error = refused.payload?.[0] ?? refused.payload?.errors?.[0];
    expect(error.extensions.code).toBe("TOO_MANY_SUBSCRIPTIONS");
    expect(error.message).toMatch(new RegExp(`At most ${cap}`));
    // Completing one makes room for another on the same connection.
    c.ws.send(JSON.stringify({ id: "1", type: "complete" }));
    c.subscribe("again", "subscription { indicatorStatusChanged { indicatorId } }");
    c.subscribe(String(cap + 2), "subscription { indicatorStatusChanged { indicatorId } }");
    const next = await c.until((m) => m.id === String(cap + 2));
    expect(next.payload?.[0]?.extensions.code ?? next.payload?.errors?.[0].extensions.code).toBe("TOO_MANY_SUBSCRIPTIONS");
    expect(c.messages.some((m) => m.id === "again")).toBe(false);
    c.ws.close();
  });

  it('failure 8: alertEvents(after: "9999999999999999999") — now BAD_USER_INPUT naming `after`', async () => {
    const c = await connect(await t.login("management@example.com"));
    c.subscribe("big", `subscription { alertEvents(after: "9999999999999999999") { id } }`);
    const m = await c.until((x) => x.id === "big" && x.type !== "complete");
    const error = m.payload?.errors?.[0] ?? m.payload?.[0];
    expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    c.ws.close();
  });
});

describe("§5.3.2 alertEvents filtered by level", () => {
  it("failure 9: live and replayed alertEvents disagree by level — an escalation (WARNING → CRITICAL) now arrives both live and after a reconnect (its critical alert's FIRED; the warning's ESCALATED is a WARNING event, issue 12 bug (a))", async () => {
    const p = await t.gql(`{ process(code: "P-ADM") { id } }`, {}, office);
    const ind = await t.gql(
      `mutation($p: ID!) { createIndicator(input: { processId: $p, code: "ESC-1", name: "會議室使用率", unit: "%", kind: EFFICIENCY, direction: LOWER_IS_BETTER, target: 60 }) { id } }`,
      { p: p.data.process.id },
      office,
    );
    const indicatorId = ind.data.createIndicator.id;
    for (const [level, value] of [
      ["WARNING", 90],
      ["CRITICAL", 95],
    ] as const) {
      const r = await t.gql(
        `mutation($i: ID!, $l: AlertLevel!, $v: Float!) { createThresholdRule(input: { indicatorId: $i, kind: THRESHOLD, level: $l, comparator: ABOVE, value: $v }) { id } }`,
        { i: indicatorId, l: level, v: value },
        office,
      );
      expect(r.errors).toBeUndefined();
    }
    const wall = await t.login("management@example.com");
    const QUERY = `subscription($after: ID) { alertEvents(after: $after, filter: { levels: [CRITICAL] }) { id type level alert { level indicator { id } } } }`;
    // The cursor before the escalation: the last event so far.
    const start = await t.db.prisma.alertEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
    const after = String(start?.id ?? 0n);

    const live = await connect(wall);
    live.subscribe("live", QUERY, { after: null });
    // The subscription is registered once the server listens; a first breach proves it.
    await new Promise((r) => setTimeout(r, 300));
    await t.gql(`mutation($i: ID!) { recordReadings(input: { readings: [{ indicatorId: $i, value: 92, key: "esc-w" }] }) { alertEvents } }`, { i: indicatorId }, office);
    const r = await t.gql(`mutation($i: ID!) { recordReadings(input: { readings: [{ indicatorId: $i, value: 99, key: "esc-c" }] }) { alertEvents } }`, { i: indicatorId }, office);
    expect(r.data.recordReadings.alertEvents).toBeGreaterThanOrEqual(2);
    const ours = (m: Message) => m.type === "next" && m.payload?.data?.alertEvents?.alert.indicator.id === indicatorId;
    await live.until((m) => ours(m) && m.payload.data.alertEvents.type === "FIRED");
    const liveEvents = live.messages.filter((m) => m.id === "live" && ours(m)).map((m) => m.payload.data.alertEvents);
    live.ws.close();

    const again = await connect(wall);
    again.subscribe("replay", QUERY, { after });
    await again.until((m) => ours(m) && m.payload.data.alertEvents.type === "FIRED");
    const replayed = again.messages.filter((m) => m.id === "replay" && ours(m)).map((m) => m.payload.data.alertEvents);
    again.ws.close();

    const escalation = liveEvents.find((e) => e.type === "FIRED");
    expect(escalation).toMatchObject({ level: "CRITICAL", alert: { level: "CRITICAL" } });
    expect(liveEvents.some((e) => e.type === "ESCALATED")).toBe(false);
    expect(replayed.map((e) => e.id)).toEqual(liveEvents.map((e) => e.id));
    expect(liveEvents.every((e) => e.level === "CRITICAL")).toBe(true);
  });
});
