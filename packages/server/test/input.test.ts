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
  return {
    indicators: await p.indicator.count(),
    rules: await p.thresholdRule.count(),
    units: await p.orgUnit.count(),
    audit: await p.auditLog.count(),
    processes: await p.process.count(),
  };
}

const CREATE_INDICATOR = `mutation($input: CreateIndicatorInput!) { createIndicator(input: $input) { id code } }`;
const CREATE_RULE = `mutation($input: CreateThresholdRuleInput!) { createThresholdRule(input: $input) { id } }`;

describe("bad input is refused with a stable code and nothing is written", () => {
  const cases: [string, () => Promise<{ errors?: { extensions?: Record<string, unknown>; message: string }[] }>, string][] = [
    [
      "an unknown id",
      () =>
        t.gql(
          CREATE_INDICATOR,
          { input: { processId: Buffer.from("Process:nope").toString("base64"), code: "X-1", name: "x", unit: "%", kind: "SALES", direction: "HIGHER_IS_BETTER" } },
          office,
        ),
      "NOT_FOUND",
    ],
    [
      "an id of the wrong type",
      () => t.gql(CREATE_INDICATOR, { input: { processId: fin.indicatorId, code: "X-2", name: "x", unit: "%", kind: "SALES", direction: "HIGHER_IS_BETTER" } }, office),
      "BAD_USER_INPUT",
    ],
    [
      "a value of the wrong GraphQL type",
      () => t.gql(CREATE_INDICATOR, { input: { processId: fin.id, code: "X-3", name: "x", unit: "%", kind: "SALES", direction: "HIGHER_IS_BETTER", target: "high" } }, office),
      "BAD_USER_INPUT",
    ],
    [
      "an empty name",
      () => t.gql(CREATE_INDICATOR, { input: { processId: fin.id, code: "X-4", name: "   ", unit: "%", kind: "SALES", direction: "HIGHER_IS_BETTER" } }, office),
      "BAD_USER_INPUT",
    ],
    [
      "a TARGET_BAND without bounds",
      () => t.gql(CREATE_INDICATOR, { input: { processId: fin.id, code: "X-5", name: "band", unit: "%", kind: "EFFICIENCY", direction: "TARGET_BAND" } }, office),
      "BAD_USER_INPUT",
    ],
    [
      "§5.3.2 a threshold that contradicts its direction (ABOVE on a higher-is-better indicator)",
      async () => {
        const i = await t.gql(
          CREATE_INDICATOR,
          { input: { processId: fin.id, code: "X-6", name: "回款率", unit: "%", kind: "FINANCIAL", direction: "HIGHER_IS_BETTER", target: 95 } },
          office,
        );
        return t.gql(CREATE_RULE, { input: { indicatorId: i.data.createIndicator.id, kind: "THRESHOLD", level: "WARNING", comparator: "ABOVE", value: 80 } }, office);
      },
      "INVALID_THRESHOLD",
    ],
    [
      "§5.3.2 a BELOW threshold above the target",
      () => t.gql(CREATE_RULE, { input: { indicatorId: fin.indicatorId, kind: "THRESHOLD", level: "WARNING", comparator: "BELOW", value: 1e12 } }, office),
      "INVALID_THRESHOLD",
    ],
    [
      "a clear value on the wrong side (hysteresis)",
      () => t.gql(CREATE_RULE, { input: { indicatorId: fin.indicatorId, kind: "THRESHOLD", level: "WARNING", comparator: "BELOW", value: -1e9, clearValue: -2e9 } }, office),
      "INVALID_THRESHOLD",
    ],
    [
      "an OUTSIDE rule with one bound",
      () => t.gql(CREATE_RULE, { input: { indicatorId: fin.indicatorId, kind: "THRESHOLD", level: "WARNING", comparator: "OUTSIDE", value: 1 } }, office),
      "BAD_USER_INPUT",
    ],
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
    const i = await t.gql(
      CREATE_INDICATOR,
      {
        input: {
          processId: fin.id,
          code: "FIN-X9",
          name: "預算執行率",
          unit: "%",
          kind: "FINANCIAL",
          direction: "TARGET_BAND",
          targetLow: 90,
          targetHigh: 105,
          expectedIntervalMinutes: 1440,
        },
      },
      office,
    );
    expect(i.errors).toBeUndefined();
    const r = await t.gql(
      CREATE_RULE,
      {
        input: {
          indicatorId: i.data.createIndicator.id,
          kind: "THRESHOLD",
          level: "WARNING",
          comparator: "OUTSIDE",
          value: 85,
          upperValue: 110,
          clearValue: 88,
          clearUpperValue: 107,
          consecutive: 2,
        },
      },
      office,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.createThresholdRule.id).toBeTruthy();
  });
});

describe("§5.3.2 the comparators the rule editor offers are the server's", () => {
  // The editor once restated the direction → comparator rule and offered all three comparators, so
  // an analyst could pick one the server then refused. Now it offers `Indicator.comparators`.
  const cases = [
    { direction: "HIGHER_IS_BETTER", extra: { target: 95 }, comparators: ["BELOW"], ok: { comparator: "BELOW", value: 80 } },
    { direction: "LOWER_IS_BETTER", extra: { target: 10 }, comparators: ["ABOVE"], ok: { comparator: "ABOVE", value: 20 } },
    { direction: "TARGET_BAND", extra: { targetLow: 90, targetHigh: 105 }, comparators: ["OUTSIDE", "ABOVE", "BELOW"], ok: { comparator: "OUTSIDE", value: 85, upperValue: 110 } },
  ] as const;

  it.each(cases)("$direction: offered $comparators, the first taken, every other refused as INVALID_THRESHOLD", async ({ direction, extra, comparators, ok }) => {
    const created = await t.gql(
      CREATE_INDICATOR,
      { input: { processId: fin.id, code: `CMP-${direction}`, name: "比較", unit: "%", kind: "FINANCIAL", direction, ...extra } },
      office,
    );
    expect(created.errors).toBeUndefined();
    const id = created.data.createIndicator.id as string;
    const read = await t.gql(`query($id: ID!) { node(id: $id) { ... on Indicator { comparators } } }`, { id }, office);
    expect(read.data.node.comparators).toEqual(comparators);
    const rule = (input: Record<string, unknown>) => t.gql(CREATE_RULE, { input: { indicatorId: id, kind: "THRESHOLD", level: "WARNING", ...input } }, office);
    expect((await rule(ok)).errors).toBeUndefined();
    for (const other of ["ABOVE", "BELOW", "OUTSIDE"].filter((c) => !(comparators as readonly string[]).includes(c))) {
      const refused = await rule({ level: "CRITICAL", comparator: other, value: 1, upperValue: other === "OUTSIDE" ? 2 : undefined });
      expect(refused.errors?.[0].extensions?.code).toBe("INVALID_THRESHOLD");
    }
  });
});

const encode = (s: string) => Buffer.from(s).toString("base64");

describe("failure 8 (§6.4): inputs that became INTERNAL_SERVER_ERROR are the caller's mistake", () => {
  it("failure 8: a NUL character becomes INTERNAL_SERVER_ERROR — now BAD_USER_INPUT naming the field, nothing written", async () => {
    const before = await counts();
    const named = await t.gql(CREATE_INDICATOR, { input: { processId: fin.id, code: "NUL-1", name: "a\u0000b", unit: "%", kind: "SALES", direction: "HIGHER_IS_BETTER" } }, office);
    expect(named.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.name" });
    const inline = await t.gql(`{ processes(first: 1, filter: { search: "x\\u0000" }) { totalCount } }`, {}, office);
    expect(inline.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.search" });
    const email = await t.gql(`mutation($e: String!) { login(email: $e, password: "x") { accessToken } }`, { e: "office@example.com\u0000" });
    expect(email.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "e" });
    const key = await t.gql(
      `mutation($input: RecordReadingsInput!) { recordReadings(input: $input) { accepted } }`,
      { input: { readings: [{ indicatorId: fin.indicatorId, value: 1, key: "k\u0000" }] } },
      office,
    );
    expect(key.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.readings.0.key" });
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

  it("§6.4 (issue 13): the guard walks a document once, yet checks each request's own variables — one query text refused for n = 501 between two accepted n = 5", async () => {
    const query = `query($n: Int!, $s: String) { processes(first: $n, filter: { search: $s }) { totalCount } }`;
    const ok = await t.gql(query, { n: 5 }, office);
    expect(ok.errors).toBeUndefined();
    const tooMany = await t.gql(query, { n: 501 }, office);
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
    const nul = await t.gql(query, { n: 5, s: "x\u0000" }, office);
    expect(nul.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "s" });
    const again = await t.gql(query, { n: 5 }, office);
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual(ok.data);
  });
});

describe("failure 8 (§4.2.4, §5.3.2): values and dates within bounds, the same on create and update", () => {
  const RECORD = `mutation($input: RecordReadingsInput!) { recordReadings(input: $input) { accepted } }`;

  it("failure 8: two readings of 1e308 are accepted and then every `series` over them fails — now refused, and series cannot overflow", async () => {
    const before = await counts();
    const readings = await t.db.prisma.reading.count();
    const r = await t.gql(
      RECORD,
      {
        input: {
          readings: [
            { indicatorId: fin.indicatorId, value: 1e308 },
            { indicatorId: fin.indicatorId, value: 1e308 },
          ],
        },
      },
      office,
    );
    expect(r.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "readings.0.value" });
    expect(await t.db.prisma.reading.count()).toBe(readings);
    expect(await counts()).toEqual(before);
    // Readings stored before the bound (or written by other means): the average cannot overflow.
    const { id } = (await t.db.prisma.indicator.findFirst({ where: { archivedAt: null }, select: { id: true } }))!;
    const at = new Date("2030-01-01T00:00:00Z");
    await t.db.prisma.reading.createMany({
      data: [
        { indicatorId: id, value: 1.7e308, observedAt: at },
        { indicatorId: id, value: 1.7e308, observedAt: new Date(at.getTime() + 1000) },
      ],
    });
    const s = await t.gql(
      `query($id: ID!) { node(id: $id) { ... on Indicator { series(from: "2029-12-31T00:00:00Z", to: "2030-01-02T00:00:00Z", buckets: 1) { avg count max } } } }`,
      { id: encode(`Indicator:${id}`) },
      office,
    );
    expect(s.errors).toBeUndefined();
    expect(s.data.node.series[0]).toMatchObject({ count: 2, avg: 1.7e308, max: 1.7e308 });
  });

  it.each(["0001-01-01T00:00:00Z", "9999-12-31T00:00:00Z"])("failure 8: a reading dated %s is refused", async (observedAt) => {
    const r = await t.gql(RECORD, { input: { readings: [{ indicatorId: fin.indicatorId, value: 1, observedAt }] } }, office);
    expect(r.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "readings.0.observedAt" });
  });

  it.each(["0001-01-01T00:00:00Z", "9999-12-31T00:00:00Z"])("failure 8: an assessment or a silence dated %s is refused, nothing written", async (date) => {
    const before = await counts();
    const risk = await t.gql(`{ risks(first: 1) { edges { node { id } } } }`, {}, office);
    const riskId = risk.data.risks.edges[0].node.id;
    const a = await t.gql(
      `mutation($r: ID!, $d: DateTime!) { createRiskAssessment(input: { riskId: $r, likelihood: 2, impact: 2, assessedAt: $d }) { id } }`,
      { r: riskId, d: date },
      office,
    );
    expect(a.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.assessedAt" });
    const s = await t.gql(
      `mutation($i: ID!, $d: DateTime!) { createSilence(input: { indicatorId: $i, endsAt: $d, reason: "maintenance" }) { id } }`,
      { i: fin.indicatorId, d: date },
      office,
    );
    expect(s.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.endsAt" });
    expect(await counts()).toEqual(before);
  });

  it("failure 8: create and update validate differently (`noDataFactor: -5` on update) — now the same", async () => {
    const i = await t.gql(
      CREATE_INDICATOR,
      { input: { processId: fin.id, code: "ND-1", name: "資料到達", unit: "%", kind: "EFFICIENCY", direction: "HIGHER_IS_BETTER", expectedIntervalMinutes: 60 } },
      office,
    );
    const created = await t.gql(CREATE_RULE, { input: { indicatorId: i.data.createIndicator.id, kind: "NO_DATA", level: "WARNING", noDataFactor: -5 } }, office);
    expect(created.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.noDataFactor" });
    const rule = await t.gql(CREATE_RULE, { input: { indicatorId: i.data.createIndicator.id, kind: "NO_DATA", level: "WARNING", noDataFactor: 3 } }, office);
    const before = await counts();
    const UPDATE_RULE = `mutation($input: UpdateThresholdRuleInput!) { updateThresholdRule(input: $input) { __typename } }`;
    for (const [field, value] of [
      ["noDataFactor", -5],
      ["consecutive", 0],
      ["pendingMinutes", -1],
      ["value", 1e308],
    ] as const) {
      const updated = await t.gql(UPDATE_RULE, { input: { id: rule.data.createThresholdRule.id, [field]: value } }, office);
      expect(updated.errors?.[0].extensions, field).toMatchObject({ code: "BAD_USER_INPUT", field: `input.${field}` });
    }
    const UPDATE_INDICATOR = `mutation($input: UpdateIndicatorInput!) { updateIndicator(input: $input) { __typename } }`;
    for (const [field, value] of [
      ["expectedIntervalMinutes", -1],
      ["target", 1e308],
    ] as const) {
      const updated = await t.gql(UPDATE_INDICATOR, { input: { id: i.data.createIndicator.id, [field]: value } }, office);
      expect(updated.errors?.[0].extensions, field).toMatchObject({ code: "BAD_USER_INPUT", field: `input.${field}` });
      const made = await t.gql(
        CREATE_INDICATOR,
        { input: { processId: fin.id, code: "ND-2", name: "x", unit: "%", kind: "EFFICIENCY", direction: "HIGHER_IS_BETTER", [field]: value } },
        office,
      );
      expect(made.errors?.[0].extensions, field).toMatchObject({ code: "BAD_USER_INPUT", field: `input.${field}` });
    }
    expect(await counts()).toEqual(before);
  });
});
