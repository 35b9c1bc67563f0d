import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/app.js";

/** §4.2.4 readings from a CSV file, through GraphQL multipart upload, with a per-row report. */
let t: TestApp;
let office: string;
beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  office = await t.login("office@example.com");
});
afterAll(() => t?.close());

async function upload(csv: string, token = office) {
  const form = new FormData();
  form.set(
    "operations",
    JSON.stringify({ query: `mutation($f: File!) { importReadingsCsv(file: $f) { accepted duplicates alertEvents errors { line message } } }`, variables: { f: null } }),
  );
  form.set("map", JSON.stringify({ 0: ["variables.f"] }));
  form.set("0", new Blob([csv], { type: "text/csv" }), "readings.csv");
  const res = await t.app.yoga.fetch("http://yoga/graphql", { method: "POST", headers: { authorization: `Bearer ${token}`, "graphql-require-preflight": "1" }, body: form });
  return (await res.json()) as {
    data?: { importReadingsCsv: { accepted: number; duplicates: number; alertEvents: number; errors: { line: number; message: string }[] } };
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

describe("§4.2.4 CSV import of readings", () => {
  it("imports a good file and skips the duplicates of a second upload", async () => {
    const at = new Date(Date.now() - 3600_000).toISOString();
    const csv = `indicator,value,observedAt,key\nFIN-01,97.5,${at},csv-1\nFIN-01,98.1,,csv-2\n`;
    const first = await upload(csv);
    expect(first.data?.importReadingsCsv).toMatchObject({ accepted: 2, duplicates: 0, errors: [] });
    const again = await upload(csv);
    expect(again.data?.importReadingsCsv).toMatchObject({ accepted: 0, duplicates: 2, errors: [] });
  });

  it("reports every bad line and writes nothing", async () => {
    const before = await t.db.prisma.reading.count();
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const csv = `indicator,value,observedAt,key\nFIN-01,1,,ok\nNOPE-9,1,,x\nFIN-01,abc,,y\nFIN-01,2,${future},z\nFIN-01,3,yesterday,w\n`;
    const r = await upload(csv);
    const report = r.data!.importReadingsCsv;
    expect(report.accepted).toBe(0);
    expect(report.errors.map((e) => e.line)).toEqual([3, 4, 5, 6]);
    expect(report.errors[0].message).toMatch(/NOPE-9/);
    expect(report.errors[1].message).toMatch(/finite number/);
    expect(report.errors[2].message).toMatch(/future/);
    expect(report.errors[3].message).toMatch(/not a date/);
    expect(await t.db.prisma.reading.count()).toBe(before);
  });

  it("refuses a file without the required columns", async () => {
    const r = await upload(`code,amount\nFIN-01,1\n`);
    expect(r.data!.importReadingsCsv.errors[0]).toMatchObject({ line: 1 });
    expect(r.data!.importReadingsCsv.errors[0].message).toMatch(/indicator/);
  });

  it("§6.4 an analyst may not import readings", async () => {
    const r = await upload(`indicator,value\nFIN-01,1\n`, await t.login("analyst@example.com"));
    expect(r.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });
});
