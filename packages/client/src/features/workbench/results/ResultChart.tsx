import { useMemo } from "react";
import { BarChart } from "echarts/charts";
import { useI18n } from "../../../app/i18n/I18nProvider";
import { PALETTES } from "../../../components/charts/chartTheme";
import { EChart } from "../../../components/charts/EChart";
import { echarts } from "../../../components/charts/echarts";
import type { ChartData, ChartKind } from "./resultModel";

// Bar charts are drawn only here; the indicator charts need lines and marks alone.
echarts.use([BarChart]);

const COLOURS = ["#2563eb", "#16a34a", "#d97706", "#9333ea", "#dc2626", "#0891b2", "#4b5563", "#db2777"];

/** The ECharts option of a result chart: one series per numeric column. */
export function resultChartOption(data: ChartData, kind: ChartKind, formatTime: (t: number) => string) {
  const c = PALETTES.light;
  return {
    animation: false,
    color: COLOURS,
    textStyle: { color: c.text, fontFamily: "inherit" },
    grid: { left: 64, right: 24, top: 40, bottom: 64 },
    legend: { top: 0, textStyle: { color: c.muted } },
    tooltip: { trigger: "axis" },
    dataZoom: [{ type: "inside" }, { type: "slider", height: 22, bottom: 8 }],
    xAxis:
      data.axis === "time"
        ? { type: "time", axisLabel: { color: c.muted, hideOverlap: true, formatter: (v: number) => formatTime(v) }, axisLine: { lineStyle: { color: c.grid } } }
        : { type: "category", data: data.categories, axisLabel: { color: c.muted, hideOverlap: true }, axisLine: { lineStyle: { color: c.grid } } },
    yAxis: { type: "value", scale: kind === "line", axisLabel: { color: c.muted }, splitLine: { lineStyle: { color: c.grid } } },
    series: data.series.map((s) => ({
      id: s.name,
      name: s.name,
      type: kind,
      data: data.axis === "time" ? s.data : s.data.map(([, v]) => v),
      showSymbol: s.data.length < 60,
      connectNulls: false,
    })),
  };
}

/** A result drawn as a line or bar chart. */
export function ResultChart({ data, kind, label }: { data: ChartData; kind: ChartKind; label: string }) {
  const { date } = useI18n();
  const option = useMemo(() => resultChartOption(data, kind, (t) => date(t, "short")), [data, kind, date]);
  const points = data.series.reduce((n, s) => n + s.data.length, 0);
  return <EChart className="result-chart" option={option} ariaLabel={label} dataAttributes={{ "data-kind": kind, "data-series": data.series.length, "data-points": points }} />;
}
