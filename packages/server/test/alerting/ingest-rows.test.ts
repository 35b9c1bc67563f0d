import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/app.js";

/**
 * Issue 13 item 3: `recordReadingRows` is `recordReadings` with a lean input (tuples checked in one
 * pass): the same service, checks, rules, idempotency and audit (§4.2.4, §5.3.2, §6.4).
 */
let t: TestApp;
let office: string;
const ind: string[] = [];

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  office = await t.login("office@example.com");
  const p = await t.gql(`{ process(code: "P-ADM") { id } }`, {}, office);
  for (let i = 0; i < 2; i++) {
    const r = await t.gql(
      `mutation($p: ID!, $c: String!) { createIndicator(input: { processId: $p, code: $c, name: "Rows", unit: "%", kind: EFFICIENCY, direction: LOWER_IS_BETTER, target: 60 }) { id } }`,
      { p: p.data.process.id, c: `ROWS-${i}` },
      office,
    );
    ind.push(r.data.createIndicator.id);
    await t.gql(
      `mutation($i: ID!) { createThresholdRule(input: { indicatorId: $i, kind: THRESHOLD, level: WARNING, comparator: ABOVE, value: 90, clearValue: 80 }) { id } }`,
      { i: r.data.createIndicator.id },
      office,
    );
  }
});
afterAll(() => t?.close());

const ROWS = `mutation($r: ReadingRows!) { recordReadingRows(rows: $r) { accepted duplicates alertEvents } }`;
const OBJECTS = `mutation($r: [ReadingInput!]!) { recordReadings(input: { readings: $r }) { accepted duplicates alertEvents } }`;
const base = Date.now() - 3_600_000;
const at = (minute: number) => new Date(base + minute * 60_000).toISOString();

const stored = async (code: string) =>
  (await t.db.prisma.reading.findMany({ where: { indicator: { code } }, orderBy: { observedAt: "asc" }, select: { value: true, observedAt: true, key: true } })).map((r) => ({
    value: r.value,
    observedAt: r.observedAt.toISOString(),
    key: r.key?.replace(/^[a-z]+-/, ""),
  }));

describe("issue 13 item 3: recordReadingRows", () => {
  it("§4.2.4 stores, evaluates and reports a batch exactly as recordReadings does; a retry stores nothing twice", async () => {
    const values = [50, 95, 97, 60, 93];
    const objects = values.map((v, i) => ({ indicatorId: ind[0], value: v, observedAt: at(i), key: `obj-${i}` }));
    const tuples = values.map((v, i) => [ind[1], v, at(i), `tup-${i}`]);
    const a = await t.gql(OBJECTS, { r: objects }, office);
    const b = await t.gql(ROWS, { r: tuples }, office);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(b.data.recordReadingRows).toEqual(a.data.recordReadings);
    expect(b.data.recordReadingRows).toEqual({ accepted: 5, duplicates: 0, alertEvents: 3 });
    expect(await stored("ROWS-1")).toEqual(await stored("ROWS-0"));

    // Failure pinned: the lean path skipping the idempotency keys (a retry stored twice).
    const retry = await t.gql(ROWS, { r: tuples }, office);
    expect(retry.data.recordReadingRows).toEqual({ accepted: 0, duplicates: 5, alertEvents: 0 });
    expect(await stored("ROWS-1")).toHaveLength(5);
    const audit = await t.db.prisma.auditLog.findFirstOrThrow({ where: { action: "recordReadingRows" }, orderBy: { id: "desc" } });
    expect(audit.actorId).toBeTruthy();
  });

  it("a bad tuple is BAD_USER_INPUT naming its index and field, and nothing of the batch is written", async () => {
    const before = await t.db.prisma.reading.count();
    const cases: [unknown, string][] = [
      [
        [
          [ind[0], 70, at(10)],
          [ind[0], "x"],
        ],
        "rows.1.value",
      ],
      [[[ind[0], 70, "yesterday"]], "rows.0.observedAt"],
      [[[ind[0]]], "rows.0"],
      [{ indicatorId: ind[0], value: 1 }, "rows"],
      [[[Buffer.from("Process:1").toString("base64"), 70]], "rows.0.indicatorId"],
    ];
    for (const [rows, field] of cases) {
      const r = await t.gql(ROWS, { r: rows }, office);
      expect(r.errors?.[0]?.extensions, JSON.stringify(rows)).toMatchObject({ code: "BAD_USER_INPUT", field });
      expect(r.errors?.[0]?.message).toContain(field);
    }
    // Inline in the document as well as in variables.
    const inline = await t.gql(`mutation { recordReadingRows(rows: [["${ind[0]}", "x"]]) { accepted } }`, {}, office);
    expect(inline.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "rows.0.value" });
    expect(await t.db.prisma.reading.count()).toBe(before);
  });

  it("§6.4 an analyst may not record readings this way either", async () => {
    const before = await t.db.prisma.reading.count();
    const r = await t.gql(ROWS, { r: [[ind[0], 70, null, null]] }, await t.login("analyst@example.com"));
    expect(r.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await t.db.prisma.reading.count()).toBe(before);
  });
});
