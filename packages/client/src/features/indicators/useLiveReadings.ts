import { useMemo } from "react";
import { useSubscription } from "urql";
import type { TimePoint } from "../../components/charts/IndicatorChart";
import type { ResultOf, VariablesOf } from "../../app/graphql";
import { READINGS_ADDED, STATUS_CHANGED, type IndicatorStatus } from "./queries";

/**
 * Live readings kept per indicator (issue 13 item 4: capped buffers). A chart draws the live
 * readings after its last history bucket, and its history is refetched as its window slides
 * (every 10 minutes), so a few hundred cover any chart between refetches; 2,000 per indicator
 * on a 24-chart page was most of the heap the 10-minute soak saw grow.
 */
export const LIVE_KEEP = 500;

/** Readings of the given indicators as they arrive (`readingsAdded`), per indicator id. */
export function useLiveReadings(ids: readonly string[]): { byId: Record<string, TimePoint[]>; lastAt: number | null; error: string | null } {
  const key = [...ids].sort().join(",");
  const variables = useMemo(() => ({ ids: key ? key.split(",") : [] }), [key]);
  const [res] = useSubscription<ResultOf<typeof READINGS_ADDED>, { byId: Record<string, TimePoint[]>; lastAt: number }, VariablesOf<typeof READINGS_ADDED>>(
    { query: READINGS_ADDED, variables, pause: variables.ids.length === 0 },
    (prev = { byId: {}, lastAt: 0 }, data) => {
      const r = data.readingsAdded;
      const next = appendCapped(prev.byId[r.indicatorId] ?? [], [Date.parse(r.observedAt), r.value], LIVE_KEEP);
      return { byId: { ...prev.byId, [r.indicatorId]: next }, lastAt: Date.now() };
    },
  );
  return { byId: res.data?.byId ?? {}, lastAt: res.data?.lastAt ?? null, error: res.error?.message ?? null };
}

/** A new list with `point` appended, holding at most the last `keep` points (one copy, no intermediate array). */
export function appendCapped(list: readonly TimePoint[], point: TimePoint, keep: number): TimePoint[] {
  const start = Math.max(0, list.length + 1 - keep);
  const next = list.slice(start);
  next.push(point);
  return next;
}

/** Status changes of indicators (`indicatorStatusChanged`), latest per id. */
export function useStatusChanges(ids?: readonly string[] | null): Record<string, IndicatorStatus> {
  const key = ids ? [...ids].sort().join(",") : "*";
  const variables = useMemo(() => ({ ids: key === "*" ? null : key ? key.split(",") : [] }), [key]);
  const [res] = useSubscription<ResultOf<typeof STATUS_CHANGED>, Record<string, IndicatorStatus>, VariablesOf<typeof STATUS_CHANGED>>(
    { query: STATUS_CHANGED, variables, pause: Array.isArray(variables.ids) && variables.ids.length === 0 },
    (prev = {}, data) => ({ ...prev, [data.indicatorStatusChanged.indicatorId]: data.indicatorStatusChanged.status }),
  );
  return res.data ?? {};
}
