/**
 * CSV export of list views (RFC 4180): every field that needs it is quoted, quotes doubled,
 * CRLF line ends. Text that a spreadsheet would run as a formula is prefixed with an apostrophe.
 */

/** One column: its header and how to read a row's cell. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => unknown;
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** Formats one cell: numbers and booleans as they are, dates as ISO 8601, objects as JSON. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text: string;
  if (typeof value === "number") text = Number.isFinite(value) ? String(value) : "";
  else if (typeof value === "boolean") text = value ? "true" : "false";
  else if (value instanceof Date) text = Number.isNaN(value.getTime()) ? "" : value.toISOString();
  else if (typeof value === "object") text = JSON.stringify(value);
  else {
    text = String(value);
    // A string such as "=HYPERLINK(...)" must stay text when the file is opened (CSV injection).
    if (FORMULA_START.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  }
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to CSV text with a header line, CRLF-separated, no trailing newline. */
export function toCsv<T>(rows: readonly T[], columns: readonly CsvColumn<T>[]): string {
  const lines = [columns.map((c) => csvCell(c.header)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvCell(c.value(row))).join(","));
  return lines.join("\r\n");
}

/**
 * Flattens a nested record into dotted keys (`process.code`); arrays of scalars join with "; ",
 * arrays of objects become JSON. Used for the explorer's "any result to CSV".
 */
export function flattenRecord(value: unknown, prefix = "", out: Record<string, unknown> = {}): Record<string, unknown> {
  if (value === null || value === undefined || typeof value !== "object" || value instanceof Date) {
    out[prefix || "value"] = value;
    return out;
  }
  if (Array.isArray(value)) {
    out[prefix || "value"] = value.every((v) => v === null || typeof v !== "object") ? value.join("; ") : JSON.stringify(value);
    return out;
  }
  for (const [key, v] of Object.entries(value)) {
    if (key === "__typename") continue;
    flattenRecord(v, prefix ? `${prefix}.${key}` : key, out);
  }
  return out;
}

/** CSV of arbitrary records: the columns are the union of their flattened keys, in first-seen order. */
export function recordsToCsv(records: readonly unknown[]): string {
  const flat = records.map((r) => flattenRecord(r));
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const row of flat)
    for (const k of Object.keys(row))
      if (!seen.has(k)) {
        seen.add(k);
        keys.push(k);
      }
  return toCsv(
    flat,
    keys.map((k) => ({ header: k, value: (row: Record<string, unknown>) => row[k] })),
  );
}

/**
 * Finds the first list of records in a GraphQL result: a connection's `edges[].node`, a
 * `nodes` array, or a plain array of objects, searching depth-first. Null when there is none.
 */
export function findRecordList(data: unknown): unknown[] | null {
  if (Array.isArray(data)) {
    if (data.length > 0 && data.every((d) => d && typeof d === "object" && "node" in (d as object))) {
      return data.map((d) => (d as { node: unknown }).node);
    }
    return data.length === 0 || data.some((d) => d && typeof d === "object") ? data : null;
  }
  if (!data || typeof data !== "object") return null;
  for (const v of Object.values(data)) {
    const found = findRecordList(v);
    if (found) return found;
  }
  return null;
}
