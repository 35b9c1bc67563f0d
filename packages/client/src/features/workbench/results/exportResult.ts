import { csvFilename, downloadText } from "../../../app/ui/CsvButton";
import { toCsv } from "../../../lib/csv";
import type { Column, Row } from "./resultModel";

/** The table as CSV text, its columns as shown. */
export function resultCsv(columns: readonly Column[], rows: readonly Row[]): string {
  return toCsv(
    rows,
    columns.map((c) => ({ header: c.key, value: (r: Row) => r[c.key] })),
  );
}

/** The table as a CSV download. */
export function downloadCsv(columns: readonly Column[], rows: readonly Row[], base = "query"): void {
  downloadText(csvFilename(base), resultCsv(columns, rows));
}

/** One XLSX cell: numbers stay numbers, times become dates (so a spreadsheet can compute with them). */
export function xlsxCell(
  value: unknown,
  column: Column,
): { value: string | number | boolean | Date; type?: NumberConstructor | DateConstructor | BooleanConstructor; format?: string } | null {
  if (value === null || value === undefined || value === "") return null;
  if (column.kind === "number" && typeof value === "number") return { value, type: Number };
  if (column.kind === "boolean" && typeof value === "boolean") return { value, type: Boolean };
  if (column.kind === "time" && typeof value === "string") return { value: new Date(value), type: Date, format: "yyyy-mm-dd hh:mm:ss" };
  return { value: typeof value === "object" ? JSON.stringify(value) : String(value) };
}

/**
 * The table as an XLSX workbook (a header row, then a row per result row). `write-excel-file` is
 * loaded only when someone asks for a file, so it is never part of a page's initial JavaScript.
 */
export async function resultXlsx(columns: readonly Column[], rows: readonly Row[]) {
  const { default: writeXlsxFile } = await import("write-excel-file/browser");
  const header = columns.map((c) => ({ value: c.key, fontWeight: "bold" as const }));
  const data = rows.map((r) => columns.map((c) => xlsxCell(r[c.key], c)));
  return writeXlsxFile([header, ...data] as never, { columns: columns.map(() => ({ width: 18 })) } as never);
}

/** The table as an XLSX download. */
export async function downloadXlsx(columns: readonly Column[], rows: readonly Row[], base = "query"): Promise<void> {
  await (await resultXlsx(columns, rows)).toFile(`${base}-${new Date().toISOString().slice(0, 10)}.xlsx`);
}
