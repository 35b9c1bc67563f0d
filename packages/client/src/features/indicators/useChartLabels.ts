import { useCallback, useMemo } from "react";
import { useI18n } from "../../app/i18n/I18nProvider";
import { digitsFor } from "../../app/i18n/format";
import type { IndicatorChartLabels } from "../../components/charts/IndicatorChart";

/** The chart's words and formatters in the current language. */
export function useChartLabels(unit: string): { labels: IndicatorChartLabels; formatValue(v: number): string; formatTime(t: number): string } {
  const { t, number, date, value, locale } = useI18n();
  const labels = useMemo<IndicatorChartLabels>(
    () => ({
      value: t("chart.value"),
      range: t("chart.range"),
      target: t("chart.target"),
      projection: t("chart.projection"),
      breach: t("chart.breach"),
      levels: { WARNING: t("level.WARNING"), CRITICAL: t("level.CRITICAL") },
      noData: t("chart.noData"),
      resetZoom: t("chart.resetZoom"),
      crossing: (level, time) => t("chart.crossing", { level, time }),
    }),
    [t],
  );
  // Axis labels: the number only; tooltips and lines carry the unit.
  const formatValue = useCallback((v: number) => (unit === "%" ? value(v, unit, digitsFor(v)) : number(v, digitsFor(v))), [unit, value, number]);
  const formatTime = useCallback((ms: number) => date(ms, "short"), [date, locale]);
  return { labels, formatValue, formatTime };
}
