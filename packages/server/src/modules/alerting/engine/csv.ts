import { parse } from "csv-parse/sync";
import type { PrismaClient } from "../../../lib/db.js";
import { dateProblem, measureProblem } from "../../common/validation.js";
import { MAX_FUTURE_SKEW_MS, MAX_READINGS_PER_BATCH } from "./ingest.js";

/** One problem with one line of a CSV file; `line` counts from 1 and includes the header. */
export interface CsvRowError {
  line: number;
  message: string;
}

export interface CsvReadings {
  readings: { indicatorId: string; value: number; observedAt: Date | null; key: string | null }[];
  errors: CsvRowError[];
}

/**
 * Parses a readings CSV (`indicator,value,observedAt,key`; `indicator` is an indicator code such
 * as FIN-01; observedAt ISO 8601, optional; key optional) and checks every row, so the report names
 * every bad line at once. Rows are only usable when `errors` is empty (all or nothing).
 */
export async function parseReadingsCsv(prisma: PrismaClient, text: string, now = new Date()): Promise<CsvReadings> {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { readings: [], errors: [{ line, message: `Not valid CSV: ${(error as Error).message}` }] };
  }
  if (records.length === 0) return { readings: [], errors: [{ line: 1, message: "The file has no rows: expected a header `indicator,value,observedAt,key` and data." }] };
  const header = Object.keys(records[0]);
  for (const required of ["indicator", "value"]) {
    if (!header.includes(required)) return { readings: [], errors: [{ line: 1, message: `The header needs a column "${required}" (columns: indicator,value,observedAt,key).` }] };
  }
  if (records.length > MAX_READINGS_PER_BATCH) {
    return { readings: [], errors: [{ line: 1, message: `At most ${MAX_READINGS_PER_BATCH} rows per file; this one has ${records.length}. Split it.` }] };
  }
  const codes = [...new Set(records.map((r) => r.indicator).filter(Boolean))];
  const found = await prisma.indicator.findMany({ where: { code: { in: codes } }, select: { id: true, code: true, archivedAt: true } });
  const byCode = new Map(found.filter((i) => !i.archivedAt).map((i) => [i.code, i.id]));

  const readings: CsvReadings["readings"] = [];
  const errors: CsvRowError[] = [];
  records.forEach((r, i) => {
    const line = i + 2;
    const problems: string[] = [];
    const indicatorId = byCode.get(r.indicator);
    if (!r.indicator) problems.push("indicator is empty");
    else if (!indicatorId) problems.push(`no live indicator has the code "${r.indicator}"`);
    const value = r.value === "" || r.value == null ? Number.NaN : Number(r.value);
    const valueProblem = measureProblem(value);
    if (valueProblem) problems.push(`value "${r.value ?? ""}" ${valueProblem}`);
    let observedAt: Date | null = null;
    if (r.observedat) {
      observedAt = new Date(r.observedat);
      if (Number.isNaN(observedAt.getTime())) problems.push(`observedAt "${r.observedat}" is not a date (use ISO 8601, e.g. 2026-11-27T09:00:00Z)`);
      else if (dateProblem(observedAt)) problems.push(`observedAt ${r.observedat} ${dateProblem(observedAt)}`);
      else if (observedAt.getTime() > now.getTime() + MAX_FUTURE_SKEW_MS) problems.push(`observedAt ${r.observedat} is in the future`);
    }
    if (r.key?.includes("\u0000")) problems.push("key must not contain a NUL character");
    if (problems.length) errors.push({ line, message: problems.join("; ") });
    else readings.push({ indicatorId: indicatorId!, value, observedAt, key: r.key ? r.key : null });
  });
  return { readings: errors.length ? [] : readings, errors };
}
