import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "./helpers/app.js";

/** Bad input: a clear error with a stable code, and nothing written (§1.3 legality, §4.1.2). */
let t: TestApp;
let office: string;
let fin: { id: string; indicatorId: string };

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  office = await t.login("office@example.com");
  const r = await t.gql(`{ process(code: "P-FIN") { id indicators(first: 1) { edges { node { id } } } } }`, {}, office);
  fin = { id: r.data.process.id, indicatorId: r.data.process.indicators.edges[0].node.id };
});
afterAll(() => t?.close());

async function counts() {
  const p = t.db.prisma;
  return { indicators: await p.indicator.count(), rules: await p.thresholdRule.count(), units: await p.orgUnit.count(), audit: await p.auditLog.count(), processes: await p.process.count() };
}

const CREATE_INDICATOR = `mutation($input: CreateIndicatorInput!) { createIndicator(input: $input) { id code } }`;
const CREATE_RULE = `mutation($input: CreateThresholdRuleInput!) { createThresholdRule(input: $input) { id } }`;

describe("bad input is refused with a stable code and nothing is written", () => {
  const cases: [string, () => Promise<{ errors?: { extensions?: Record<string, unknown>; message: string }[] }>, string][] = [
    ["an unknown id", () => t.gql(CREATE_INDICATOR, { input: { processId: Buffer.from("Process:nope").toString("base64"), code: "X-1", name: "x", unit: "%", kind: "SALES", direction: "HIGHER_IS_BETTER" } }, office), "NOT_FOUND"],
    ["an id of the wrong type", () => t.gql(CREATE_INDICATOR, { input: { processId: fin.indicatorId, code: "X-2", name: "x", unit: "%", kind: "SALES", direction: "HIGHER_IS_BETTER" } }, office), "BAD_USER_INPUT"],
    ["a value of the wrong GraphQL type", () => t.gql(CREATE_INDICATOR, { input: { processId: fin.id, code: "X-3", name: "x", unit: "%", kind: "SALES", direction: "HIGHER_IS_BETTER", target: "high" } }, office), "BAD_USER_INPUT"],
    ["an empty name", () => t.gql(CREATE_INDICATOR, { input: { processId: fin.id, code: "X-4", name: "   ", unit: "%", kind: "SALES", direction: "HIGHER_IS_BETTER" } }, office), "BAD_USER_INPUT"],
    ["a TARGET_BAND without bounds", () => t.gql(CREATE_INDICATOR, { input: { processId: fin.id, code: "X-5", name: "band", unit: "%", kind: "EFFICIENCY", direction: "TARGET_BAND" } }, office), "BAD_USER_INPUT"],
    ["§5.3.2 a threshold that contradicts its direction (ABOVE on a higher-is-better indicator)", async () => {
      const i = await t.gql(CREATE_INDICATOR, { input: { processId: fin.id, code: "X-6", name: "回款率", unit: "%", kind: "FINANCIAL", direction: "HIGHER_IS_BETTER", target: 95 } }, office);
      return t.gql(CREATE_RULE, { input: { indicatorId: i.data.createIndicator.id, kind: "THRESHOLD", level: "WARNING", comparator: "ABOVE", value: 80 } }, office);
    }, "INVALID_THRESHOLD"],
    ["§5.3.2 a BELOW threshold above the target", () => t.gql(CREATE_RULE, { input: { indicatorId: fin.indicatorId, kind: "THRESHOLD", level: "WARNING", comparator: "BELOW", value: 1e12 } }, office), "INVALID_THRESHOLD"],
    ["a clear value on the wrong side (hysteresis)", () => t.gql(CREATE_RULE, { input: { indicatorId: fin.indicatorId, kind: "THRESHOLD", level: "WARNING", comparator: "BELOW", value: -1e9, clearValue: -2e9 } }, office), "INVALID_THRESHOLD"],
    ["an OUTSIDE rule with one bound", () => t.gql(CREATE_RULE, { input: { indicatorId: fin.indicatorId, kind: "THRESHOLD", level: "WARNING", comparator: "OUTSIDE", value: 1 } }, office), "BAD_USER_INPUT"],
  ];

  it.each(cases)("%s", async (_name, run, code) => {
    const before = await counts();
    const r = await run();
    expect(r.errors?.[0].extensions?.code, r.errors?.[0].message).toBe(code);
    expect(r.errors?.[0].message.length).toBeGreaterThan(10);
    const after = await counts();
    // The contradicting-threshold case creates its indicator first, on purpose: one row, audited.
    if (code === "INVALID_THRESHOLD" && _name.includes("contradicts")) {
      expect(after).toEqual({ ...before, indicators: before.indicators + 1, audit: before.audit + 1 });
    } else {
      expect(after).toEqual(before);
    }
  });

  it("a valid indicator and rule are created and returned with their id", async () => {
    const i = await t.gql(CREATE_INDICATOR, { input: { processId: fin.id, code: "FIN-X9", name: "預算執行率", unit: "%", kind: "FINANCIAL", direction: "TARGET_BAND", targetLow: 90, targetHigh: 105, expectedIntervalMinutes: 1440 } }, office);
    expect(i.errors).toBeUndefined();
    const r = await t.gql(CREATE_RULE, { input: { indicatorId: i.data.createIndicator.id, kind: "THRESHOLD", level: "WARNING", comparator: "OUTSIDE", value: 85, upperValue: 110, clearValue: 88, clearUpperValue: 107, consecutive: 2 } }, office);
    expect(r.errors).toBeUndefined();
    expect(r.data.createThresholdRule.id).toBeTruthy();
  });
});

const encode = (s: string) => Buffer.from(s).toString("base64");

describe("failure 8 (§6.4): inputs that became INTERNAL_SERVER_ERROR are the caller's mistake", () => {
  it("failure 8: a NUL character becomes INTERNAL_SERVER_ERROR — now BAD_USER_INPUT naming the field, nothing written", async () => {
    const before = await counts();
    const named = await t.gql(CREATE_INDICATOR, { input: { processId: fin.id, code: "NUL-1", name: "a\u0000b", unit: "%", kind: "SALES", direction: "HIGHER_IS_BETTER" } }, office);
    expect(named.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "name" });
    const inline = await t.gql(`{ processes(first: 1, filter: { search: "x\\u0000" }) { totalCount } }`, {}, office);
    expect(inline.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.search" });
    const email = await t.gql(`mutation($e: String!) { login(email: $e, password: "x") { accessToken } }`, { e: "office@example.com\u0000" });
    expect(email.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "e" });
    const key = await t.gql(`mutation($input: RecordReadingsInput!) { recordReadings(input: $input) { accepted } }`, { input: { readings: [{ indicatorId: fin.indicatorId, value: 1, key: "k\u0000" }] } }, office);
    expect(key.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "readings.0.key" });
    expect(await counts()).toEqual(before);
  });

  it("failure 8: `node` / `nodes` of an unknown or malformed id is null, not an error", async () => {
    const analyst = await t.login("analyst@example.com");
    for (const id of ["garbage", encode("Indicator:nope"), encode("Nope:1"), encode("Query:1"), ""]) {
      const r = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id }, analyst);
      expect(r.errors, id).toBeUndefined();
      expect(r.data.node).toBeNull();
    }
    const r = await t.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: ["garbage", encode("Indicator:nope"), fin.indicatorId] }, analyst);
    expect(r.errors).toBeUndefined();
    expect(r.data.nodes).toEqual([null, null, { id: fin.indicatorId }]);
  });

  it.each([
    ["first: -1", `{ processes(first: -1) { totalCount } }`, "first"],
    ["last: -1", `{ processes(last: -1) { totalCount } }`, "last"],
    ["first over the maximum", `{ processes(first: 100000) { totalCount } }`, "first"],
    ["readings(last: -1)", `{ indicators(first: 1) { edges { node { readings(last: -1) { value } } } } }`, "last"],
    ["readings(last: 5000)", `{ indicators(first: 1) { edges { node { readings(last: 5000) { value } } } } }`, "last"],
    ['after: "garbage"', `{ processes(first: 1, after: "garbage") { totalCount } }`, "after"],
  ])("failure 8: %s is BAD_USER_INPUT naming the argument", async (_name, query, field) => {
    const r = await t.gql(query, {}, office);
    expect(r.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  });

  it("failure 8: page sizes given as variables are checked too", async () => {
    const r = await t.gql(`query($n: Int!) { processes(first: $n) { totalCount } }`, { n: -1 }, office);
    expect(r.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
  });
});
