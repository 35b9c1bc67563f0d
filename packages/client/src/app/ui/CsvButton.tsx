import { toCsv, type CsvColumn } from "../../lib/csv";
import { useI18n } from "../i18n/I18nProvider";

/** Saves text as a file in the browser. */
export function downloadText(filename: string, text: string, type = "text/csv;charset=utf-8"): void {
  // The BOM lets spreadsheet programs read the Chinese text as UTF-8.
  saveBlob(filename, new Blob([type.startsWith("text/csv") ? "\uFEFF" : "", text], { type }));
}

/** Saves a blob (a generated file, or one fetched with the session's token) under a name. */
export function saveBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A date-stamped file name: "alerts-2026-11-27.csv". */
export const csvFilename = (base: string) => `${base}-${new Date().toISOString().slice(0, 10)}.csv`;

/** "Download CSV" of a list view. */
export function CsvButton<T>({ rows, columns, filename }: { rows: readonly T[]; columns: readonly CsvColumn<T>[]; filename: string }) {
  const { t } = useI18n();
  return (
    <button type="button" className="btn btn--ghost btn--small" onClick={() => downloadText(csvFilename(filename), toCsv(rows, columns))} disabled={rows.length === 0}>
      <svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
        <path d="M8 2v8M4.5 6.8 8 10.3l3.5-3.5M2.5 13.5h11" />
      </svg>
      {t("common.downloadCsv")}
    </button>
  );
}
