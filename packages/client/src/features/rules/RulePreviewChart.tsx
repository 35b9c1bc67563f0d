import { useMemo } from "react";
import { EChart } from "../../components/charts/EChart";
import { PALETTES } from "../../components/charts/chartTheme";
import type { EChartsCoreOption } from "../../components/charts/echarts";
import type { RulePreview } from "./queries";

interface Props {
  /** Bucketed history: time and mean value. */
  history: readonly { start: string; avg: number }[];
  preview: RulePreview | null;
  /** Threshold lines of the rule being edited. */
  lines: number[];
  label: string;
  seriesName: string;
}

const INIT: EChartsCoreOption = {
  grid: { left: 48, right: 16, top: 16, bottom: 48 },
  tooltip: { trigger: "axis" },
  xAxis: { type: "time" },
  yAxis: { type: "value", scale: true },
  dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 8 }],
};

/** The indicator's history with the previewed rule's would-be firings shaded and its thresholds drawn (issue 14 item 6). */
export function RulePreviewChart({ history, preview, lines, label, seriesName }: Props) {
  const palette = PALETTES.light;
  const option = useMemo<EChartsCoreOption>(() => {
    const end = preview?.to ?? history[history.length - 1]?.start;
    const areas = (preview?.firings ?? []).map((f) => [
      { xAxis: f.startedAt, itemStyle: { color: f.level === "CRITICAL" ? "rgba(220,38,38,0.18)" : "rgba(180,83,9,0.18)" } },
      { xAxis: f.endedAt ?? end },
    ]);
    return {
      series: [
        {
          name: seriesName,
          type: "line",
          showSymbol: false,
          lineStyle: { color: palette.line, width: 1.5 },
          data: history.map((b) => [b.start, b.avg]),
          markArea: { silent: true, data: areas },
          markLine: { silent: true, symbol: "none", lineStyle: { color: palette.warning, type: "dashed" }, data: lines.map((y) => ({ yAxis: y })) },
        },
        {
          name: "firings",
          type: "scatter",
          symbolSize: 8,
          itemStyle: { color: palette.critical },
          data: (preview?.firings ?? []).filter((f) => f.value != null).map((f) => [f.startedAt, f.value]),
        },
      ],
    };
  }, [history, preview, lines, seriesName, palette]);
  return (
    <EChart
      className="chart"
      style={{ height: 320 }}
      initOption={INIT}
      option={option}
      ariaLabel={label}
      dataAttributes={{ "data-firings": preview?.count ?? -1, "data-points": history.length }}
    />
  );
}
