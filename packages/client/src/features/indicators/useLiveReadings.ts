import { useMemo } from "react";
import { useSubscription } from "urql";
import type { TimePoint } from "../../components/charts/IndicatorChart";
import type { ResultOf, VariablesOf } from "../../app/graphql";
import { READINGS_ADDED, STATUS_CHANGED, type IndicatorStatus } from "./queries";

const KEEP = 2000;

/** Readings of the given indicators as they arrive (`readingsAdded`), per indicator id. */
export function useLiveReadings(ids: readonly string[]): { byId: Record<string, TimePoint[]>; lastAt: number | null; error: string | null } {
  const key = [...ids].sort().join(",");
  const variables = useMemo(() => ({ ids: key ? key.split(",") : [] }), [key]);
  const [res] = useSubscription<ResultOf<typeof READINGS_ADDED>, { byId: Record<string, TimePoint[]>; lastAt: number }, VariablesOf<typeof READINGS_ADDED>>(
    { query: READINGS_ADDED, variables, pause: variables.ids.length === 0 },
    (prev = { byId: {}, lastAt: 0 }, data) => {
      const r = data.readingsAdded;
      const list = prev.byId[r.indicatorId] ?? [];
      const next = [...list, [Date.parse(r.observedAt), r.value] as const].slice(-KEEP);
      return { byId: { ...prev.byId, [r.indicatorId]: next }, lastAt: Date.now() };
    },
  );
  return { byId: res.data?.byId ?? {}, lastAt: res.data?.lastAt ?? null, error: res.error?.message ?? null };
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
