import { lazy, Suspense, useEffect, useMemo, useState } from "react";
import { useI18n } from "../../../app/i18n/I18nProvider";
import { Loading } from "../../../app/ui/States";
import { downloadCsv, downloadXlsx } from "./exportResult";
import { chartChoice, chartData, resultTables, type ChartKind, type Column } from "./resultModel";
import { ResultTable } from "./ResultTable";

// ECharts comes with the chart: a result shown as a table never loads it.
const ResultChart = lazy(() => import("./ResultChart").then((m) => ({ default: m.ResultChart })));

export type ViewKind = "table" | ChartKind;

/**
 * The picture of a query's result (issue 14 item 4): its first list as a sortable table, or as a
 * line or bar chart of chosen numeric columns over a time or text column; CSV and XLSX of it.
 */
export function ResultView({ data }: { data: unknown }) {
  const { t } = useI18n();
  const tables = useMemo(() => resultTables(data), [data]);
  // The first list that can be drawn, else the first list.
  const [picked, setPicked] = useState<string | null>(null);
  const fallback = tables.find((x) => chartChoice(x.table.columns)) ?? tables[0];
  const table = (tables.find((x) => x.path === picked) ?? fallback)?.table ?? null;
  const choice = useMemo(() => (table ? chartChoice(table.columns) : null), [table]);
  const [view, setView] = useState<ViewKind>("table");
  const [xKey, setXKey] = useState<string | null>(null);
  const [yKeys, setYKeys] = useState<string[] | null>(null);
  // A new result starts from its own first columns.
  useEffect(() => {
    setXKey(null);
    setYKeys(null);
  }, [choice]);

  if (data === undefined) return <p className="muted">{t("results.none")}</p>;
  if (!table) return <p className="muted">{t("results.noList")}</p>;
  const x = choice?.xs.find((c) => c.key === xKey) ?? choice?.xs[0] ?? null;
  const ys = choice ? (yKeys ? choice.ys.filter((c) => yKeys.includes(c.key)) : choice.ys.slice(0, 3)) : [];
  const kinds: ViewKind[] = ["table", "line", "bar"];
  return (
    <div className="results">
      <div className="results__bar" role="toolbar" aria-label={t("results.view")}>
        {/* biome-ignore lint/a11y/useSemanticElements: a segmented button group, not a form fieldset (as on the indicator page) */}
        <div className="segmented" role="group" aria-label={t("results.view")}>
          {kinds.map((k) => (
            <button
              key={k}
              type="button"
              aria-pressed={view === k}
              className={view === k ? "segmented__btn is-active" : "segmented__btn"}
              disabled={k !== "table" && !choice}
              title={k !== "table" && !choice ? t("results.noChart") : undefined}
              onClick={() => setView(k)}
            >
              {t(`results.${k}`)}
            </button>
          ))}
        </div>
        {tables.length > 1 && (
          <label className="field field--inline">
            <span>{t("results.list")}</span>
            <select name="list" value={tables.find((x) => x.table === table)?.path} onChange={(e) => setPicked(e.target.value)}>
              {tables.map((x) => (
                <option key={x.path} value={x.path}>
                  {x.path}
                </option>
              ))}
            </select>
          </label>
        )}
        <span className="muted small">{t("results.rows", { n: table.rows.length })}</span>
        <span className="results__spacer" />
        <button type="button" className="btn btn--ghost btn--small" onClick={() => downloadCsv(table.columns, table.rows)} disabled={table.rows.length === 0}>
          {t("results.csv")}
        </button>
        <button type="button" className="btn btn--ghost btn--small" onClick={() => void downloadXlsx(table.columns, table.rows)} disabled={table.rows.length === 0}>
          {t("results.xlsx")}
        </button>
      </div>
      {view !== "table" && choice && x ? (
        <>
          <AxisPicker xs={choice.xs} ys={choice.ys} x={x} chosen={ys} onX={setXKey} onYs={setYKeys} />
          <Suspense fallback={<Loading />}>
            <ResultChart
              data={chartData(table.rows, x, ys)}
              kind={view}
              label={t("results.chartLabel", { kind: t(`results.${view}`), values: ys.map((y) => y.key).join(", "), x: x.key })}
            />
          </Suspense>
        </>
      ) : (
        <ResultTable columns={table.columns} rows={table.rows} />
      )}
    </div>
  );
}

function AxisPicker({ xs, ys, x, chosen, onX, onYs }: { xs: Column[]; ys: Column[]; x: Column; chosen: Column[]; onX(k: string): void; onYs(keys: string[]): void }) {
  const { t } = useI18n();
  const toggle = (key: string) => {
    const keys = chosen.map((c) => c.key);
    onYs(keys.includes(key) ? keys.filter((k) => k !== key) : [...keys, key]);
  };
  return (
    <div className="results__axes">
      <label className="field field--inline">
        <span>{x.kind === "time" ? t("results.time") : t("results.category")}</span>
        <select value={x.key} onChange={(e) => onX(e.target.value)} name="x">
          {xs.map((c) => (
            <option key={c.key} value={c.key}>
              {c.key}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="results__values">
        <legend>{t("results.values")}</legend>
        {ys.map((c) => (
          <label key={c.key} className="check">
            <input type="checkbox" checked={chosen.some((y) => y.key === c.key)} onChange={() => toggle(c.key)} name={`y-${c.key}`} />
            {c.key}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
