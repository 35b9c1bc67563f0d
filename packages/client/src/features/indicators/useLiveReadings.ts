import { useMemo } from "react";
import { useSubscription } from "urql";
import type { ResultOf, VariablesOf } from "../../app/graphql";
import { READINGS_ADDED, STATUS_CHANGED, type IndicatorStatus } from "./queries";

/**
 * The last readings kept per indicator (issue 13 item 4: a live chart keeps a bounded, small amount
 * of data whatever the run length). Charts fold every reading into their buckets as it arrives
 * (`useFoldedHistory`), so the feed only bridges the readings that arrive between two renders of a
 * chart; the tile's value is the last one.
 */
export const LIVE_RECENT = 32;

/**
 * An indicator's live readings: how many arrived (`seq`) and the last `LIVE_RECENT` of them in a
 * ring of typed arrays, reading `seq - 1` at slot `(seq - 1) % LIVE_RECENT`.
 */
export interface LiveFeed {
  readonly seq: number;
  readonly t: Float64Array;
  readonly v: Float64Array;
}

/**
 * The feed with a reading added: a new object (React state) over the same ring, written in place,
 * so a reading allocates no per-point object and the ring never grows.
 */
export function pushReading(feed: LiveFeed | undefined, t: number, v: number): LiveFeed {
  const ring = feed ?? { seq: 0, t: new Float64Array(LIVE_RECENT), v: new Float64Array(LIVE_RECENT) };
  const slot = ring.seq % ring.t.length;
  ring.t[slot] = t;
  ring.v[slot] = v;
  return { seq: ring.seq + 1, t: ring.t, v: ring.v };
}

/** The last reading of the feed (epoch ms, value), or null before the first. */
export function lastReading(feed: LiveFeed | undefined): readonly [t: number, v: number] | null {
  if (!feed || feed.seq === 0) return null;
  const slot = (feed.seq - 1) % feed.t.length;
  return [feed.t[slot], feed.v[slot]];
}

/**
 * Calls `each` for the readings after the first `done` ones, oldest first. Returns false when some
 * of them have already left the ring (the caller then reloads what it shows).
 */
export function readingsAfter(feed: LiveFeed | undefined, done: number, each: (t: number, v: number) => void): boolean {
  if (!feed) return true;
  const n = feed.t.length;
  const first = Math.max(done, feed.seq - n);
  for (let i = first; i < feed.seq; i++) each(feed.t[i % n], feed.v[i % n]);
  return feed.seq - done <= n;
}

/** Readings of the given indicators as they arrive (`readingsAdded`), per indicator id. */
export function useLiveReadings(ids: readonly string[]): { byId: Record<string, LiveFeed>; lastAt: number | null; error: string | null } {
  const key = [...ids].sort().join(",");
  const variables = useMemo(() => ({ ids: key ? key.split(",") : [] }), [key]);
  const [res] = useSubscription<ResultOf<typeof READINGS_ADDED>, { byId: Record<string, LiveFeed>; lastAt: number }, VariablesOf<typeof READINGS_ADDED>>(
    { query: READINGS_ADDED, variables, pause: variables.ids.length === 0 },
    (prev = { byId: {}, lastAt: 0 }, data) => {
      const r = data.readingsAdded;
      const next = pushReading(prev.byId[r.indicatorId], Date.parse(r.observedAt), r.value);
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
