import { createClient, type Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { liveGroupCounts } from "../../src/app/live-groups.js";
import { createTestApp, type TestApp } from "../helpers/app.js";

/**
 * Issue 13 item 1, execute once and write many: graphql-ws subscribers with the same selection,
 * variables and viewer share one execution and one serialised payload per event (app/live-groups.ts).
 * §6.4 stays exact: the group is per viewer, so viewers of different units never share one.
 */
let t: TestApp;
let port: number;
let office: string;
const indicatorOf: Record<string, string> = {};

const SELECTION = `subscription($after: ID) { alertEvents(after: $after) { id type at level state value note alert { id level state value message predictedAt startedAt ackNote ackExpiresAt ruleLevel indicator { id code name nameEn unit process { id code name nameEn } } rule { id } assignee { id name } } } }`;

interface Event {
  id: string;
  type: string;
  alert: { indicator: { id: string; code: string; process: { code: string } } };
}

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  port = await t.app.start(0);
  office = await t.login("office@example.com");
  for (const code of ["P-FIN", "P-HR", "P-ADM"]) {
    const p = await t.gql(`query($c: String!) { process(code: $c) { id } }`, { c: code }, office);
    const ind = await t.gql(
      `mutation($p: ID!, $c: String!) { createIndicator(input: { processId: $p, code: $c, name: "Group test", unit: "%", kind: EFFICIENCY, direction: LOWER_IS_BETTER, target: 60 }) { id } }`,
      { p: p.data.process.id, c: `GRP-${code}` },
      office,
    );
    indicatorOf[code] = ind.data.createIndicator.id;
    await t.gql(
      `mutation($i: ID!) { createThresholdRule(input: { indicatorId: $i, kind: THRESHOLD, level: WARNING, comparator: ABOVE, value: 90, clearValue: 80 }) { id } }`,
      { i: ind.data.createIndicator.id },
      office,
    );
  }
});
afterAll(() => t?.close());

/** One socket with one alertEvents subscription; the raw payloads it received, in order. */
function subscriber(token: string) {
  const events: Event[] = [];
  const payloads: string[] = [];
  const errors: unknown[] = [];
  const client: Client = createClient({
    url: `ws://127.0.0.1:${port}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  client.subscribe<{ alertEvents: Event }>(
    { query: SELECTION, variables: { after: null } },
    {
      next: (msg) => {
        payloads.push(JSON.stringify(msg));
        if (msg.data) events.push(msg.data.alertEvents);
      },
      error: (e) => errors.push(e),
      complete: () => {},
    },
  );
  return { events, payloads, errors, client };
}

type Subscriber = ReturnType<typeof subscriber>;

/** Waits (polling, no time limit of its own: vitest's test timeout ends a hang) until `done` holds. */
async function until(done: () => boolean) {
  while (!done()) await new Promise((r) => setTimeout(r, 20));
}

const breach = (processCode: string, key: string) =>
  t.gql(
    `mutation($i: ID!, $k: String!) { recordReadings(input: { readings: [{ indicatorId: $i, value: 97, key: $k }] }) { alertEvents } }`,
    { i: indicatorOf[processCode], k: key },
    office,
  );
const clear = (processCode: string, key: string) =>
  t.gql(
    `mutation($i: ID!, $k: String!) { recordReadings(input: { readings: [{ indicatorId: $i, value: 50, key: $k }] }) { alertEvents } }`,
    { i: indicatorOf[processCode], k: key },
    office,
  );

async function closeAll(subs: Subscriber[]) {
  for (const s of subs) await s.client.dispose();
  // Failure pinned: a member that left stayed in its group (a leak, and frames written to a closed socket).
  await until(() => liveGroupCounts(t.app.caches).members === 0);
  expect(liveGroupCounts(t.app.caches)).toEqual({ groups: 0, members: 0 });
}

describe("issue 13 item 1: alertEvents subscribers grouped per selection and viewer", () => {
  it("§6.4 two department heads with the same selection are two groups, and neither receives the other unit's events", async () => {
    const finToken = await t.login("finance.head@example.com");
    const hrToken = await t.login("hr.head@example.com");
    const finSubs = Array.from({ length: 3 }, () => subscriber(finToken));
    const hrSubs = Array.from({ length: 3 }, () => subscriber(hrToken));
    await until(() => liveGroupCounts(t.app.caches).members === 6);
    expect(liveGroupCounts(t.app.caches)).toEqual({ groups: 2, members: 6 });

    // HR's warning first, then Finance's: a group handles events in order, so once a Finance
    // subscriber has Finance's event, HR's was already decided for it.
    expect((await breach("P-HR", "hr-1")).data.recordReadings.alertEvents).toBe(1);
    expect((await breach("P-FIN", "fin-1")).data.recordReadings.alertEvents).toBe(1);
    await until(() => [...finSubs, ...hrSubs].every((s) => s.events.length >= 1));
    await clear("P-HR", "hr-2");
    await clear("P-FIN", "fin-2");
    await until(() => [...finSubs, ...hrSubs].every((s) => s.events.length >= 2));

    for (const s of finSubs) {
      expect(s.errors).toEqual([]);
      expect(s.events.map((e) => [e.type, e.alert.indicator.process.code])).toEqual([
        ["FIRED", "P-FIN"],
        ["RESOLVED", "P-FIN"],
      ]);
    }
    for (const s of hrSubs) {
      expect(s.errors).toEqual([]);
      expect(s.events.map((e) => [e.type, e.alert.indicator.process.code])).toEqual([
        ["FIRED", "P-HR"],
        ["RESOLVED", "P-HR"],
      ]);
    }
    await closeAll([...finSubs, ...hrSubs]);
  });

  it("a group of 50 subscribers receives each event once each, with identical payloads", async () => {
    const wall = await t.login("management@example.com");
    const subs = Array.from({ length: 50 }, () => subscriber(wall));
    await until(() => liveGroupCounts(t.app.caches).members === 50);
    // Failure pinned: each subscription executing and serialising its own copy (50 groups of one).
    expect(liveGroupCounts(t.app.caches)).toEqual({ groups: 1, members: 50 });

    await breach("P-ADM", "adm-1");
    await until(() => subs.every((s) => s.events.length >= 1));
    await clear("P-ADM", "adm-2");
    await until(() => subs.every((s) => s.events.length >= 2));
    // A third event: a duplicate of the first two would reach a socket before it.
    await breach("P-ADM", "adm-3");
    await until(() => subs.every((s) => s.events.length >= 3));

    const reference = subs[0].payloads;
    expect(reference).toHaveLength(3);
    expect(subs[0].events.map((e) => e.type)).toEqual(["FIRED", "RESOLVED", "FIRED"]);
    expect(new Set(subs[0].events.map((e) => e.id)).size).toBe(3);
    for (const s of subs) {
      expect(s.errors).toEqual([]);
      expect(s.payloads).toEqual(reference);
    }
    await closeAll(subs);
  });

  it("the events of one batch (published together, rendered together) reach every member once each, in id order, with identical payloads", async () => {
    const wall = await t.login("management@example.com");
    const subs = Array.from({ length: 20 }, () => subscriber(wall));
    await until(() => liveGroupCounts(t.app.caches).members === 20);
    const start = Date.now() + 10_000;
    const readings = Array.from({ length: 6 }, (_, i) => ({
      indicatorId: indicatorOf["P-FIN"],
      value: i % 2 === 0 ? 97 : 50,
      observedAt: new Date(start + i * 1000).toISOString(),
    }));
    const r = await t.gql(`mutation($r: [ReadingInput!]!) { recordReadings(input: { readings: $r }) { alertEvents } }`, { r: readings }, office);
    expect(r.data.recordReadings.alertEvents).toBe(6);
    await until(() => subs.every((s) => s.events.length >= 6));
    // One more event after the batch: a duplicate of a batched frame would reach a socket before it.
    const after = [{ indicatorId: indicatorOf["P-FIN"], value: 97, observedAt: new Date(start + 7000).toISOString() }];
    await t.gql(`mutation($r: [ReadingInput!]!) { recordReadings(input: { readings: $r }) { alertEvents } }`, { r: after }, office);
    await until(() => subs.every((s) => s.events.length >= 7));

    const reference = subs[0].payloads;
    // Failure pinned: frames of a batch written out of order, twice, or only to some members.
    expect(subs[0].events.map((e) => e.type)).toEqual(["FIRED", "RESOLVED", "FIRED", "RESOLVED", "FIRED", "RESOLVED", "FIRED"]);
    const ids = subs[0].events.map((e) => BigInt(e.id));
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    for (const s of subs) {
      expect(s.errors).toEqual([]);
      expect(s.payloads).toEqual(reference);
    }
    await closeAll(subs);
  });
});
