import { decodeGlobalID } from "@pothos/plugin-relay";
import { createClient, type Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createTestApp, type TestApp } from "../helpers/app.js";

/**
 * §5.3.1 charts take readings as they arrive (`readingsAdded`). The bus carries a committed
 * batch's readings as one message (issue 13: one per reading was most of a batch's publishing
 * CPU); a subscriber still gets them one by one, in the order the batch stored them (per
 * indicator in observation order), only its indicators' and only those it may read (§6.4).
 */
let t: TestApp;
let port: number;
let office: string;
let fin: string[];
let hrIndicator: string;

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  port = await t.app.start(0);
  office = await t.login("office@example.com");
  const ids = async (code: string) =>
    (
      (await t.gql(`query($c: String!) { process(code: $c) { indicators(first: 3) { edges { node { id } } } } }`, { c: code }, office)).data.process.indicators.edges as {
        node: { id: string };
      }[]
    ).map((e) => e.node.id);
  fin = await ids("P-FIN");
  [hrIndicator] = await ids("P-HR");
});
afterAll(() => t?.close());

interface Added {
  indicatorId: string;
  value: number;
  observedAt: string;
}

function listen(token: string, indicatorIds: string[]) {
  const c: Client = createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
  const got: Added[] = [];
  const errors: unknown[] = [];
  const dispose = c.subscribe<{ readingsAdded: Added }>(
    { query: `subscription($ids: [ID!]!) { readingsAdded(indicatorIds: $ids) { indicatorId value observedAt } }`, variables: { ids: indicatorIds } },
    { next: (m) => m.data && got.push(m.data.readingsAdded), error: (e) => errors.push(e), complete: () => {} },
  );
  const waitFor = async (n: number) => {
    for (let i = 0; i < 100 && got.length < n; i++) await new Promise((r) => setTimeout(r, 50));
    return got;
  };
  return { got, errors, waitFor, close: async () => (dispose(), await c.dispose()) };
}

describe("§5.3.1 readingsAdded over graphql-ws, from one bus message per batch", () => {
  it("sends each stored reading of the subscriber's indicators, in the batch's order, and nothing it may not read (§6.4)", async () => {
    expect(fin.length).toBe(3);
    const officeSub = listen(office, [fin[0], fin[2]]);
    // The HR head reads HR's processes: of these, only the HR indicator's reading reaches them.
    const hrSub = listen(await t.login("hr.head@example.com"), [fin[0], hrIndicator]);
    await new Promise((r) => setTimeout(r, 300));

    const base = Date.now() - 60_000;
    const readings = [];
    // Interleaved over the three indicators, observation times out of order within each.
    for (let i = 0; i < 9; i++) {
      readings.push({ indicatorId: fin[i % 3], value: 1000 + i, observedAt: new Date(base + ((i * 7) % 9) * 1000).toISOString(), key: `ra-${i}` });
    }
    readings.push({ indicatorId: fin[0], value: 5000, observedAt: new Date(base).toISOString(), key: "ra-0" }); // a duplicate key: not stored, not sent
    readings.push({ indicatorId: hrIndicator, value: 42, observedAt: new Date(base).toISOString(), key: "ra-hr" });
    const r = await t.gql(`mutation($r: [ReadingInput!]!) { recordReadings(input: { readings: $r }) { accepted duplicates } }`, { r: readings }, office);
    expect(r.errors).toBeUndefined();
    expect(r.data.recordReadings).toEqual({ accepted: 10, duplicates: 1 });

    // What the batch stored for the office's two indicators, in its order: by indicator (internal id), then observation time.
    const internal = (id: string) => decodeGlobalID(id).id;
    const expected = readings
      .slice(0, 9)
      .filter((x) => x.indicatorId === fin[0] || x.indicatorId === fin[2])
      .sort(
        (a, b) =>
          (internal(a.indicatorId) < internal(b.indicatorId) ? -1 : internal(a.indicatorId) > internal(b.indicatorId) ? 1 : 0) ||
          Date.parse(a.observedAt) - Date.parse(b.observedAt),
      )
      .map(({ indicatorId, value, observedAt }) => ({ indicatorId, value, observedAt }));
    // failure: the batch's message not split, split out of order, a duplicate sent, or another indicator's reading sent.
    expect(await officeSub.waitFor(6)).toEqual(expected);
    // failure: a Finance reading shown to the HR head, or the subscriber's own (visible) reading lost.
    expect(await hrSub.waitFor(1)).toEqual([{ indicatorId: hrIndicator, value: 42, observedAt: new Date(base).toISOString() }]);

    // A second batch arrives after the first, as its own readings.
    const again = await t.gql(
      `mutation($i: ID!, $at: DateTime!) { recordReadings(input: { readings: [{ indicatorId: $i, value: 7, observedAt: $at, key: "ra-next" }] }) { accepted } }`,
      { i: fin[2], at: new Date(base + 20_000).toISOString() },
      office,
    );
    expect(again.data.recordReadings.accepted).toBe(1);
    expect((await officeSub.waitFor(7)).slice(6)).toEqual([{ indicatorId: fin[2], value: 7, observedAt: new Date(base + 20_000).toISOString() }]);
    await new Promise((r) => setTimeout(r, 300));
    expect(officeSub.got).toHaveLength(7);
    expect(hrSub.got).toHaveLength(1);
    expect([...officeSub.errors, ...hrSub.errors]).toEqual([]);
    await officeSub.close();
    await hrSub.close();
  });
});
