import { useEffect, useMemo, useRef } from "react";
import type { ChartProjection } from "../../components/charts/IndicatorChart";
import { useLiveQuery } from "../../app/useLiveQuery";
import { chartProjection } from "./chartInputs";
import { asIndicator, PROJECTION_QUERY, type IndicatorSummary } from "./queries";

/**
 * The indicator's TREND projection as the server evaluates it (none without an enabled TREND
 * rule), asked again when a new live reading arrives: the line moves with the data, as the
 * rule that would fire on it does. `lastLive`: when the last live reading was observed.
 */
export function useTrendProjection(indicator: IndicatorSummary, lastLive: number | null): ChartProjection | null {
  const hasTrend = indicator.rules.some((r) => r.kind === "TREND" && r.enabled);
  const res = useLiveQuery({ query: PROJECTION_QUERY, variables: { id: indicator.id }, pause: !hasTrend });
  const seen = useRef(lastLive);
  const { refetch } = res;
  useEffect(() => {
    if (!hasTrend || lastLive === seen.current) return;
    seen.current = lastLive;
    refetch();
  }, [hasTrend, lastLive, refetch]);
  const rules = asIndicator(res.data?.node)?.rules ?? null;
  return useMemo(() => (hasTrend && rules ? chartProjection(rules) : null), [hasTrend, rules]);
}
