import { useMemo } from "react";
import { EChart } from "../../../components/charts/EChart";
import { useI18n } from "../../../app/i18n/I18nProvider";
import type { BoardModel } from "../queries";

/** Total score per period, one line per process (§4.3): the trend over periods. */
export function ScoreTrend({ model }: { model: BoardModel }) {
  const { t, name } = useI18n();
  const option = useMemo(
    () => ({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 48 },
      xAxis: { type: "category", data: model.periods },
      yAxis: { type: "value", min: 0, max: 100 },
      series: model.rows.map((r) => ({
        name: name(r.process),
        type: "line",
        connectNulls: true,
        showAllSymbol: true,
        data: model.periods.map((p) => r.cells[p]?.totalScore ?? null),
      })),
    }),
    [model, name],
  );
  const points = model.rows.reduce((n, r) => n + Object.keys(r.cells).length, 0);
  return <EChart option={option} className="trend-chart" ariaLabel={t("evaluations.trendLabel")} dataAttributes={{ "data-points": points }} />;
}
