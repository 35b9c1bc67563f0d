import { useEffect, useMemo, useRef, useState } from "react";
import { useApi } from "../../app/api";
import { useConnectionState } from "../../app/connection";
import { useLiveQuery } from "../../app/useLiveQuery";
import { BucketSeries, type BucketGrid } from "../../components/charts/bucketSeries";
import type { HistoryBucket } from "../../components/charts/IndicatorChart";
import { type LiveFeed, readingsAfter } from "./useLiveReadings";
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
  /** The bucket grid the buckets were asked on: live readings are folded into it (`useFoldedHistory`). */
  grid: BucketGrid;
  /** When the newest reading the buckets count was observed (epoch ms), null without one. */
  lastObservedAt: number | null;
  /** When the history was fetched (epoch ms). */
  fetchedAt: number | null;
  error: string | null;
  loading: boolean;
  /** Asks for the history again. */
  refetch(): void;
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

  // The grid goes with the data: it changes when the window slides, and so does the data.
  const { buckets, grid, lastObservedAt } = useMemo(() => {
    const from = Date.parse(bounds.from);
    const grid: BucketGrid = { from, width: (Date.parse(bounds.to) - from) / bounds.buckets, buckets: bounds.buckets };
    if (useReadings) {
      const buckets = (asIndicator(readings.data?.node)?.readings ?? [])
        .map((r) => ({ t: Date.parse(r.observedAt), min: r.value, max: r.value, avg: r.value, count: 1 }))
        .sort((a, b) => a.t - b.t);
      return { buckets, grid, lastObservedAt: buckets.length ? buckets[buckets.length - 1].t : null };
    }
    const rows = (asIndicator(series.data?.node)?.series ?? []).filter((b) => b.count > 0);
    const buckets = rows.map((b) => ({ t: Date.parse(b.start), min: b.min, max: b.max, avg: b.avg, count: b.count }));
    const lastObservedAt = rows.length ? Math.max(...rows.map((b) => Date.parse(b.lastObservedAt))) : null;
    return { buckets, grid, lastObservedAt };
  }, [useReadings, readings.data, series.data]);

  const active = useReadings ? readings : series;
  return {
    buckets,
    grid,
    lastObservedAt,
    refetch: active.refetch,
    fetchedAt: active.fetchedAt,
    error: active.error && !missing ? active.error.message : null,
    loading: active.fetching && !active.data,
  };
}

/**
 * The history's buckets with the live readings folded in (issue 13 item 4): a reading updates its
 * bucket's count, min, max and average, or opens the next bucket on the history's grid, dropping the
 * oldest once the window's number of buckets is reached, so a chart holds at most that many points
 * however long the screen stays open. Of the readings that arrived before the history answer was
 * drawn, those observed after the newest reading it counts (`lastObservedAt`) are folded in and the
 * others taken as counted; when more readings arrived between two renders than the feed keeps, the
 * history is asked again.
 * `frame` changes only when the history was fetched again (the chart rebuilds its frame then).
 */
export function useFoldedHistory(
  history: Pick<IndicatorHistory, "buckets" | "grid" | "lastObservedAt" | "refetch">,
  feed: LiveFeed | undefined,
): { buckets: readonly HistoryBucket[]; frame: unknown } {
  const state = useRef<{ source: readonly HistoryBucket[]; series: BucketSeries; done: number; view: readonly HistoryBucket[]; version: number } | null>(null);
  let s = state.current;
  let complete = true;
  if (!s || s.source !== history.buckets) {
    const series = BucketSeries.of(history.grid, history.buckets);
    s = { source: history.buckets, series, done: feed?.seq ?? 0, view: history.buckets, version: series.version };
    // A reading written after the server read the buckets but delivered before they were drawn.
    const counted = history.lastObservedAt ?? Number.NEGATIVE_INFINITY;
    readingsAfter(feed, 0, (t, v) => {
      if (t > counted) series.fold(t, v);
    });
    state.current = s;
  } else if (feed && feed.seq > s.done) {
    const series = s.series;
    complete = readingsAfter(feed, s.done, (t, v) => series.fold(t, v));
    s.done = feed.seq;
  }
  if (s.series.version !== s.version) {
    s.view = s.series.toBuckets();
    s.version = s.series.version;
  }
  const { refetch } = history;
  useEffect(() => {
    if (!complete) refetch();
  }, [complete, refetch]);
  return { buckets: s.view, frame: s.source };
}
