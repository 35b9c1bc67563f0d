/**
 * The unit report as CSV (§6.3.1): one row per figure, `section,key,name,field,value`, so a
 * spreadsheet filters it by section and the figures are the same as the PDF's and `unitReport`'s.
 * Written by csv-stringify (the sibling of the csv-parse the readings import uses); a UTF-8 BOM
 * lets spreadsheet programs read the Chinese names.
 */
import { stringify } from "csv-stringify/sync";
import type { UnitReportData } from "./unit-report.js";

type Cell = string | number | null;

/** The report's rows, header first. */
export function reportRows(r: UnitReportData): Cell[][] {
  const rows: Cell[][] = [["section", "key", "name", "field", "value"]];
  const add = (section: string, key: string, name: string, fields: Record<string, Cell>) => {
    for (const [field, value] of Object.entries(fields)) rows.push([section, key, name, field, value]);
  };
  add("report", r.unit.code, r.unit.name, { period: r.period, start: r.start.toISOString(), end: r.end.toISOString(), generatedAt: r.generatedAt.toISOString() });
  for (const i of r.indicators) {
    add("indicator", i.code, i.name, {
      nameEn: i.nameEn,
      process: i.processCode,
      unit: i.unit,
      target: i.target,
      readings: i.readings,
      actual: i.actual,
      attainment: i.attainment,
      warnings: i.warnings,
    });
  }
  add("warnings", "all", "", { ...r.warnings });
  add("inspections", "all", "", { ...r.inspections });
  for (const e of r.evaluations) add("evaluation", `${e.processCode} ${e.period} ${e.status}`, e.processName, { grade: e.grade, totalScore: e.totalScore });
  add("actions", "all", "", { open: r.actions.open, overdue: r.actions.overdue });
  for (const a of r.actions.items) add("action", a.id, a.title, { kind: a.kind, status: a.status, deadline: a.deadline?.toISOString() ?? null, overdue: a.overdue ? "yes" : "no" });
  for (const k of r.risks) add("risk", k.code, k.title, { titleEn: k.titleEn, category: k.category, level: k.level, status: k.status });
  return rows;
}

/** The report as CSV text (with a BOM). */
export function renderReportCsv(r: UnitReportData): string {
  return `\uFEFF${stringify(reportRows(r), { cast: { number: (n) => String(n) } })}`;
}
