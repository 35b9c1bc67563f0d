import { useMemo } from "react";
import type { ChartTheme } from "../../../components/charts/chartTheme";
import { STATUS_RANK, type IndicatorSummary } from "../types";
import { useLiveReadings, useStatusChanges } from "../useLiveReadings";
import { IndicatorTile } from "./IndicatorTile";

/**
 * The indicators most worth watching first: worst status, then the ones reporting most often
 * (their charts move), then by code.
 */
export function pickIndicators(list: readonly IndicatorSummary[], statuses: Record<string, string>, count: number): IndicatorSummary[] {
  const status = (i: IndicatorSummary) => (statuses[i.id] ?? i.status) as IndicatorSummary["status"];
  return [...list]
    .sort((a, b) => STATUS_RANK[status(a)] - STATUS_RANK[status(b)] || (a.expectedIntervalMinutes ?? 1e9) - (b.expectedIntervalMinutes ?? 1e9) || a.code.localeCompare(b.code))
    .slice(0, count);
}

/** A grid of live indicator tiles: one readingsAdded subscription for all of them. */
export function IndicatorGrid({
  indicators,
  theme,
  count = 6,
  link = true,
  className,
}: {
  indicators: readonly IndicatorSummary[];
  theme: ChartTheme;
  count?: number;
  link?: boolean;
  className?: string;
}) {
  const statuses = useStatusChanges(null);
  const shown = useMemo(() => pickIndicators(indicators, statuses, count), [indicators, statuses, count]);
  const ids = useMemo(() => shown.map((i) => i.id), [shown]);
  const live = useLiveReadings(ids);
  return (
    <div className={`tile-grid ${className ?? ""}`} data-count={shown.length}>
      {shown.map((i) => (
        <IndicatorTile key={i.id} indicator={i} live={live.byId[i.id]} status={statuses[i.id]} theme={theme} link={link} />
      ))}
    </div>
  );
}
