import { useMemo } from "react";
import { useI18n } from "../../../app/i18n/I18nProvider";
import { EChart } from "../../../components/charts/EChart";

/** The assessment history of a risk as a step line of its score (§5.1.2), oldest first. */
export function AssessmentChart({ assessments }: { assessments: { assessedAt: string; score: number; level: string }[] }) {
  const { t, tEnum } = useI18n();
  const points = useMemo(() => [...assessments].sort((a, b) => Date.parse(a.assessedAt) - Date.parse(b.assessedAt)), [assessments]);
  const option = useMemo(
    () => ({
      grid: { left: 36, right: 12, top: 12, bottom: 28 },
      xAxis: { type: "time" },
      yAxis: { type: "value", min: 0, max: 25 },
      tooltip: { trigger: "axis" },
      series: [
        {
          type: "line",
          step: "end",
          name: t("risk.score"),
          data: points.map((a) => [a.assessedAt, a.score, tEnum("riskLevel", a.level)]),
          markLine: { silent: true, symbol: "none", data: [{ yAxis: 12 }, { yAxis: 20 }] },
        },
      ],
    }),
    [points, t, tEnum],
  );
  return <EChart option={option} style={{ height: 200 }} ariaLabel={t("risk.historyChart", { n: points.length })} dataAttributes={{ "data-points": points.length }} />;
}
