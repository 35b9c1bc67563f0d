/**
 * §2.2.3, §6.3.1 periodic department reports: the finance unit's report for the seeded month as
 * GraphQL figures, a PDF (turned to text by poppler's pdftotext) and a CSV, all the same numbers;
 * read with the reader's rules (§6.4): a SECRET process or risk never reaches a reader below it.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordReadings } from "../../src/modules/alerting/engine/ingest.js";
import { createTestApp, type TestApp } from "../helpers/app.js";

let t: TestApp;
let base: string;
let period: string;
let finId: string;
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString("base64");

const REPORT = `query($u: ID!, $p: String!) { unitReport(unitId: $u, period: $p) {
  period pdfPath csvPath unit { code }
  indicators { code name attainment readings warnings }
  warnings { total warning critical acknowledged resolved meanMinutesToAcknowledge meanMinutesToResolve }
  inspections { count findings } evaluations { processCode grade status } actions { open overdue } risks { code title level } } }`;

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 2 });
  const prisma = t.db.prisma;
  const fin = await prisma.orgUnit.findUniqueOrThrow({ where: { code: "FIN" } });
  finId = fin.id;
  // The seeded month: the period of this month's draft evaluations the seed computed.
  period = (await prisma.evaluation.findFirstOrThrow({ where: { status: "DRAFT" } })).period;
  // A breach on a finance indicator in that month, so the warning counts are not all zero.
  const finIndicator = await prisma.indicator.findFirstOrThrow({ where: { process: { ownerUnitId: fin.id }, rules: { some: { level: "WARNING", comparator: "ABOVE" } } } });
  const rule = await prisma.thresholdRule.findFirstOrThrow({ where: { indicatorId: finIndicator.id, level: "WARNING", comparator: "ABOVE" } });
  // An hour into the month, or a minute ago when that is later; never in the future (refused), even
  // when the suite runs in the month's first hour.
  const at = new Date(Math.min(Date.now() - 1000, Math.max(new Date(`${period}-01T00:00:00Z`).getTime() + 3_600_000, Date.now() - 60_000)));
  await recordReadings(prisma, { readings: [{ indicatorId: finIndicator.id, value: (rule.value ?? 0) * 10 + 1000, observedAt: at, key: "report-breach" }] });
  // A SECRET process of finance, with an indicator, and a SECRET and a CONFIDENTIAL risk of finance.
  const secret = await prisma.process.create({
    data: { code: "P-FIN-SECRET", name: "機密併購流程", nameEn: "Secret M&A", category: "FINANCE", goal: "機密", goalEn: "Secret", ownerUnitId: fin.id, classification: "SECRET" },
  });
  await prisma.indicator.create({
    data: { code: "I-FIN-SECRET", name: "併購機密指標", processId: secret.id, kind: "EFFICIENCY", unit: "%", direction: "HIGHER_IS_BETTER", target: 90 },
  });
  await prisma.risk.create({ data: { code: "R-FIN-SECRET", title: "機密風險", titleEn: "Secret risk", category: "FINANCIAL", ownerUnitId: fin.id, classification: "SECRET" } });
  await prisma.risk.create({
    data: { code: "R-FIN-CONF", title: "保密風險", titleEn: "Confidential risk", category: "FINANCIAL", ownerUnitId: fin.id, classification: "CONFIDENTIAL" },
  });
  base = `http://127.0.0.1:${await t.app.start(0)}`;
}, 180_000);
afterAll(() => t?.close());

const report = async (email: string, unitId = finId) => t.gql(REPORT, { u: gid("OrgUnit", unitId), p: period }, await t.login(email));
const download = async (path: string, email: string | null) => fetch(`${base}${path}`, { headers: email ? { authorization: `Bearer ${await t.login(email)}` } : {} });

function pdfText(bytes: ArrayBuffer): string {
  const dir = mkdtempSync(join(tmpdir(), "cr-report-"));
  const file = join(dir, "report.pdf");
  writeFileSync(file, Buffer.from(bytes));
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
}

describe("§6.3.1 the finance unit's report for the seeded month", () => {
  it("failure pinned: no department report existed — the PDF (pdftotext) holds the indicator names in Chinese and the API's warning counts", async () => {
    const r = await report("finance.head@example.com");
    expect(r.errors).toBeUndefined();
    const data = r.data.unitReport;
    expect(data.indicators.length).toBeGreaterThan(0);
    expect(data.warnings.total).toBeGreaterThan(0);
    expect(data.warnings.total).toBe(data.warnings.warning + data.warnings.critical);
    expect(data.indicators.every((i: any) => /[\u4e00-\u9fff]/.test(i.name))).toBe(true);

    const res = await download(data.pdfPath, "finance.head@example.com");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const text = pdfText(await res.arrayBuffer());
    for (const i of data.indicators) expect(text).toContain(i.name);
    expect(text).toContain("財務部");
    expect(text).toContain(`警示總數 total: ${data.warnings.total}`);
    expect(text).toContain(`警告 WARNING: ${data.warnings.warning}`);
    expect(text).toContain(`嚴重 CRITICAL: ${data.warnings.critical}`);
    // §6.4: a department head reads CONFIDENTIAL, not SECRET.
    expect(text).toContain("保密風險");
    expect(text).not.toContain("機密風險");
    expect(text).not.toContain("併購機密指標");
  });

  it("the CSV has the same figures as unitReport", async () => {
    const data = (await report("finance.head@example.com")).data.unitReport;
    const res = await download(data.csvPath, "finance.head@example.com");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const rows: string[][] = parse((await res.text()).replace(/^\uFEFF/, ""), { relax_column_count: false });
    expect(rows[0]).toEqual(["section", "key", "name", "field", "value"]);
    const cell = (section: string, key: string, field: string) => rows.find((x) => x[0] === section && x[1] === key && x[3] === field)?.[4];
    for (const i of data.indicators) {
      expect(rows.some((x) => x[0] === "indicator" && x[1] === i.code && x[2] === i.name)).toBe(true);
      expect(cell("indicator", i.code, "warnings")).toBe(String(i.warnings));
      expect(cell("indicator", i.code, "attainment")).toBe(i.attainment == null ? "" : String(i.attainment));
    }
    for (const f of ["total", "warning", "critical", "acknowledged", "resolved"]) expect(cell("warnings", "all", f)).toBe(String(data.warnings[f]));
    expect(cell("actions", "all", "open")).toBe(String(data.actions.open));
    expect(cell("actions", "all", "overdue")).toBe(String(data.actions.overdue));
    expect(rows.filter((x) => x[0] === "risk" && x[3] === "level").map((x) => x[1])).toEqual(data.risks.map((k: any) => k.code));
  });
});

describe("§6.4 a report never shows more than the reader may see", () => {
  it("failure pinned: an analyst of another unit or an employee would read CONFIDENTIAL and SECRET rows — each gets only what their lists show", async () => {
    const management = (await report("management@example.com")).data.unitReport;
    const head = (await report("finance.head@example.com")).data.unitReport;
    const analyst = (await report("analyst@example.com")).data.unitReport;
    const employee = (await report("employee@example.com")).data.unitReport;
    const codes = (x: any) => x.risks.map((k: any) => k.code);
    expect(codes(management)).toEqual(expect.arrayContaining(["R-FIN-SECRET", "R-FIN-CONF"]));
    expect(management.indicators.map((i: any) => i.code)).toContain("I-FIN-SECRET");
    expect(codes(head)).toContain("R-FIN-CONF");
    for (const limited of [analyst, employee]) {
      expect(codes(limited)).not.toContain("R-FIN-SECRET");
      expect(codes(limited)).not.toContain("R-FIN-CONF");
      expect(limited.indicators.map((i: any) => i.code)).not.toContain("I-FIN-SECRET");
    }
    for (const reader of [head, analyst, employee]) expect(reader.indicators.map((i: any) => i.code)).not.toContain("I-FIN-SECRET");
    // What an analyst's own risk list shows of finance is exactly what the report shows.
    const listed = await t.gql(`{ risks(first: 200) { edges { node { code ownerUnit { code } } } } }`, {}, await t.login("analyst@example.com"));
    const finRisks = listed.data.risks.edges.map((e: any) => e.node).filter((n: any) => n.ownerUnit.code === "FIN");
    expect(codes(analyst).sort()).toEqual(finRisks.map((n: any) => n.code).sort());
  });

  it("an employee asks for another unit's report: FORBIDDEN in GraphQL, 403 over HTTP; no credential 401; unknown unit 404; a bad period 400", async () => {
    const hr = await t.db.prisma.orgUnit.findUniqueOrThrow({ where: { code: "HR" } });
    const denied = await report("employee@example.com", hr.id);
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const http403 = await download(`/reports/units/HR/${period}.pdf`, "employee@example.com");
    expect(http403.status).toBe(403);
    expect(await http403.text()).toMatch(/own unit/);
    const none = await download(`/reports/units/FIN/${period}.pdf`, null);
    expect(none.status).toBe(401);
    expect(await none.text()).toMatch(/Bearer/);
    const unknown = await download(`/reports/units/NOPE/${period}.csv`, "management@example.com");
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toMatch(/NOPE was not found/);
    const bad = await download(`/reports/units/FIN/2026-13.csv`, "management@example.com");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/month \(2026-10\), a quarter \(2026-Q4\) or a year/);
    const badGql = await t.gql(REPORT, { u: gid("OrgUnit", finId), p: "last month" }, await t.login("management@example.com"));
    expect(badGql.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "period" });
    const year = await t.gql(REPORT, { u: gid("OrgUnit", finId), p: period.slice(0, 4) }, await t.login("management@example.com"));
    expect(year.data.unitReport.warnings.total).toBeGreaterThanOrEqual((await report("management@example.com")).data.unitReport.warnings.total);
  });
});
