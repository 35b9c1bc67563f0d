import { useMemo, useState } from "react";
import { useI18n } from "../../../app/i18n/I18nProvider";
import { digitsFor } from "../../../app/i18n/format";
import { sortRows, type Column, type Row, type SortDirection } from "./resultModel";

const SHOWN = 500;

function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
}

/** Any list as a table; a column header sorts by that column (again: the other way). */
export function ResultTable({ columns, rows }: { columns: readonly Column[]; rows: readonly Row[] }) {
  const { t, number } = useI18n();
  const [sort, setSort] = useState<{ key: string; direction: SortDirection } | null>(null);
  const sorted = useMemo(() => {
    const column = sort && columns.find((c) => c.key === sort.key);
    return column ? sortRows(rows, column, sort.direction) : rows;
  }, [rows, columns, sort]);
  const toggle = (key: string) => setSort((s) => (s?.key === key ? { key, direction: s.direction === "asc" ? "desc" : "asc" } : { key, direction: "asc" }));
  return (
    <div className="result-table">
      <table className="table">
        <thead>
          <tr>
            {columns.map((c) => {
              const state = sort?.key === c.key ? (sort.direction === "asc" ? "ascending" : "descending") : "none";
              return (
                <th key={c.key} aria-sort={state} className={c.kind === "number" ? "num" : undefined}>
                  <button type="button" className="link-button" onClick={() => toggle(c.key)} title={t("results.sortBy", { column: c.key })}>
                    {c.key}
                    <span aria-hidden="true">{state === "ascending" ? " ▲" : state === "descending" ? " ▼" : ""}</span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.slice(0, SHOWN).map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: result rows have no identity of their own
            <tr key={i}>
              {columns.map((c) => (
                <td key={c.key} className={c.kind === "number" ? "num" : undefined}>
                  {c.kind === "number" && typeof r[c.key] === "number" ? number(r[c.key] as number, digitsFor(r[c.key] as number)) : cellText(r[c.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > SHOWN && <p className="muted small">{t("results.more", { shown: SHOWN, n: rows.length })}</p>}
    </div>
  );
}
