import { useEffect, useMemo, useState } from "react";
import { useApi } from "../../app/api";
import { useConnectionState } from "../../app/connection";
import { useLiveQuery } from "../../app/useLiveQuery";
import type { HistoryBucket } from "../../components/charts/IndicatorChart";
import { asIndicator, READINGS_QUERY, SERIES_QUERY } from "./queries";

const MINUTE = 60_000;
/** The window slides forward this often on screens that stay open. */
const SLIDE_EVERY_MS = 10 * MINUTE;

// Set once a server answers that it has no `series` field, so other charts skip straight to readings.
let seriesMissing = false;

export interface HistoryWindow {
  /** Length of the window in ms. */
  spanMs: number;
  /** Expected minutes between readings: buckets are never finer than that. */
  intervalMinutes: number;
  /** Upper bound of buckets. */
  maxBuckets?: number;
}

/** Bucket count and aligned [from, to) for a window ending now. */
export function windowBounds(now: number, w: HistoryWindow): { from: string; to: string; buckets: number } {
  const step = Math.max(1, w.intervalMinutes) * MINUTE;
  const to = Math.ceil((now + 1) / step) * step;
  const buckets = Math.max(1, Math.min(w.maxBuckets ?? 240, Math.round(w.spanMs / step)));
  const bucketMs = Math.ceil(w.spanMs / buckets / step) * step;
  const from = to - bucketMs * buckets;
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), buckets };
}

export interface IndicatorHistory {
  buckets: HistoryBucket[];
  /** When the history was fetched (epoch ms). */
  fetchedAt: number | null;
  error: string | null;
  loading: boolean;
}

/**
 * An indicator's history for a chart, through the bucketed `series` query (min / max / avg per
 * bucket), refetched after reconnects and as the window slides.
 */
export function useIndicatorHistory(indicatorId: string, w: HistoryWindow): IndicatorHistory {
  const { live } = useApi();
  const { generation } = useConnectionState(live);
  const [tick, setTick] = useState(() => Date.now());
  const [useReadings, setUseReadings] = useState(seriesMissing);
  useEffect(() => {
    const id = setInterval(() => setTick(Date.now()), SLIDE_EVERY_MS);
    return () => clearInterval(id);
  }, []);
  // After a reconnect the window moves to now, so what happened while away is fetched.
  useEffect(() => setTick(Date.now()), [generation]);

  const bounds = useMemo(() => windowBounds(tick, w), [tick, w.spanMs, w.intervalMinutes, w.maxBuckets]);
  const series = useLiveQuery({ query: SERIES_QUERY, variables: { id: indicatorId, ...bounds }, pause: useReadings });
  const readings = useLiveQuery({ query: READINGS_QUERY, variables: { id: indicatorId, from: bounds.from, to: bounds.to, last: 1000 }, pause: !useReadings });

  const missing = !!series.error?.graphQLErrors.some((e) => /Cannot query field "series"/.test(e.message));
  useEffect(() => {
    if (missing) {
      seriesMissing = true;
      setUseReadings(true);
    }
  }, [missing]);

  const buckets = useMemo<HistoryBucket[]>(() => {
    if (useReadings) {
      return (asIndicator(readings.data?.node)?.readings ?? [])
        .map((r) => ({ t: Date.parse(r.observedAt), min: r.value, max: r.value, avg: r.value, count: 1 }))
        .sort((a, b) => a.t - b.t);
    }
    return (asIndicator(series.data?.node)?.series ?? []).filter((b) => b.count > 0).map((b) => ({ t: Date.parse(b.start), min: b.min, max: b.max, avg: b.avg, count: b.count }));
  }, [useReadings, readings.data, series.data]);

  const active = useReadings ? readings : series;
  return {
    buckets,
    fetchedAt: active.fetchedAt,
    error: active.error && !missing ? active.error.message : null,
    loading: active.fetching && !active.data,
  };
}
