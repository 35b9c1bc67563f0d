/**
 * The state of a live warning feed (§5.3.2), kept from an initial list of alerts and the
 * AlertEvent stream. Event ids increase monotonically; the feed keeps the highest one it has
 * seen as its cursor, so after a reconnect it subscribes with `after: cursor` and the server
 * replays what was missed. Events are deduplicated by id: a replay that overlaps what already
 * arrived changes nothing.
 */

import type { AlertEventType, AlertLevel, FeedAlert, FeedEvent } from "./queries";

/** An alert raised by a reading's rule: it has an indicator (the feed's rows are built around one). */
export type ReadingAlert = FeedAlert & { indicator: NonNullable<FeedAlert["indicator"]> };

export interface FeedEntry {
  alert: ReadingAlert;
  /** Time of the latest event (or the alert's start when known only from the list). */
  lastAt: string;
  lastEventId: string | null;
  lastEventType: AlertEventType | null;
  lastNote: string | null;
}

export interface FeedState {
  /** Highest event id applied: the `after` of the next (re)subscription. */
  cursor: string | null;
  /** Ids already applied (bounded): a replay never applies one twice. */
  seen: ReadonlySet<string>;
  entries: ReadonlyMap<string, FeedEntry>;
  /** Events applied since the feed was created (for counters and tests). */
  applied: number;
}

/** How many event ids to remember for deduplication, and entries to keep. */
export const SEEN_LIMIT = 5000;
export const ENTRY_LIMIT = 300;

/** Compares two event ids (decimal strings of bigints) numerically. */
export function compareEventIds(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, "");
  const y = b.replace(/^0+(?=\d)/, "");
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The larger of two ids, either of which may be missing. */
export function maxEventId(a: string | null | undefined, b: string | null | undefined): string | null {
  if (!a) return b ?? null;
  if (!b) return a;
  return compareEventIds(a, b) >= 0 ? a : b;
}

/**
 * Whether an alert belongs to an indicator. Alerts from scheduled conditions (an overdue plan or
 * action, a risk) have none; the feed's rows are built around an indicator, so they are passed
 * over here (the cursor still moves) until the feed learns to show them (issue 10, item 8).
 */
export function isReadingAlert<A extends Pick<FeedAlert, "indicator">>(alert: A): alert is A & { indicator: NonNullable<A["indicator"]> } {
  return alert.indicator != null;
}

/**
 * A feed from the alerts a query returned and the cursor that query establishes (the highest
 * event id it reflects). Events after the cursor come from the subscription.
 */
export function createFeed(
  alerts: readonly (FeedAlert & { events?: readonly { id: string; at?: string; type?: AlertEventType }[] })[] = [],
  cursor: string | null = null,
): FeedState {
  const entries = new Map<string, FeedEntry>();
  let max = cursor;
  for (const alert of alerts) {
    const last = alert.events?.reduce<{ id: string; at?: string; type?: AlertEventType } | null>((m, e) => (m === null || compareEventIds(e.id, m.id) > 0 ? e : m), null);
    if (last) max = maxEventId(max, last.id);
    if (!isReadingAlert(alert)) continue;
    const { events: _events, ...plain } = alert;
    entries.set(alert.id, {
      alert: plain,
      lastAt: last?.at ?? alert.startedAt,
      lastEventId: last?.id ?? null,
      lastEventType: last?.type ?? null,
      lastNote: null,
    });
  }
  return { cursor: max, seen: new Set(), entries, applied: 0 };
}

/**
 * Applies events in order; duplicates (by id) and stale snapshots are ignored. Pure.
 * `minAt` (epoch ms): an event older than this about an alert the feed does not hold, and that
 * is already resolved, moves the cursor but adds no entry (old history replayed on resume).
 */
export function applyEvents(state: FeedState, events: readonly FeedEvent[], minAt = -Infinity): FeedState {
  let seen: Set<string> | null = null;
  let entries: Map<string, FeedEntry> | null = null;
  let cursor = state.cursor;
  let applied = state.applied;
  for (const e of events) {
    if ((seen ?? state.seen).has(e.id)) continue;
    seen ??= new Set(state.seen);
    entries ??= new Map(state.entries);
    seen.add(e.id);
    cursor = maxEventId(cursor, e.id);
    applied += 1;
    if (!isReadingAlert(e.alert)) continue;
    const prev = entries.get(e.alert.id);
    if (!prev && e.alert.state === "RESOLVED" && Date.parse(e.at) < minAt) continue;
    // An older event (a replay overlapping the list) must not roll the alert back.
    if (prev?.lastEventId && compareEventIds(e.id, prev.lastEventId) < 0) continue;
    entries.delete(e.alert.id); // re-insert: Map order follows the latest activity
    entries.set(e.alert.id, { alert: e.alert, lastAt: e.at, lastEventId: e.id, lastEventType: e.type, lastNote: e.note ?? prev?.lastNote ?? null });
  }
  if (!seen || !entries) return state;
  return { cursor, seen: trimSeen(seen), entries: trimEntries(entries), applied };
}

/** Replaces one alert's snapshot (e.g. a mutation's result) without an event. */
export function updateAlert(state: FeedState, alert: FeedAlert): FeedState {
  const prev = state.entries.get(alert.id);
  const merged = { ...prev?.alert, ...alert };
  if (!prev || !isReadingAlert(merged)) return state;
  const entries = new Map(state.entries);
  entries.set(alert.id, { ...prev, alert: merged });
  return { ...state, entries };
}

function trimSeen(seen: Set<string>): Set<string> {
  if (seen.size <= SEEN_LIMIT) return seen;
  const sorted = [...seen].sort(compareEventIds);
  return new Set(sorted.slice(sorted.length - SEEN_LIMIT));
}

function trimEntries(entries: Map<string, FeedEntry>): Map<string, FeedEntry> {
  if (entries.size <= ENTRY_LIMIT) return entries;
  // Drop the oldest resolved first, then the oldest of any state.
  const byAge = [...entries.values()].sort((a, b) => Date.parse(a.lastAt) - Date.parse(b.lastAt));
  const drop = [...byAge.filter((e) => e.alert.state === "RESOLVED"), ...byAge.filter((e) => e.alert.state !== "RESOLVED")];
  const out = new Map(entries);
  for (const e of drop) {
    if (out.size <= ENTRY_LIMIT) break;
    out.delete(e.alert.id);
  }
  return out;
}

export interface FeedView {
  levels?: readonly AlertLevel[];
  processIds?: readonly string[];
  /** Include resolved alerts (dimmed in the list); default true. */
  includeResolved?: boolean;
}

/** The entries to show, newest activity first; open ones before resolved ones of the same time. */
export function feedEntries(state: FeedState, view: FeedView = {}): FeedEntry[] {
  const list = [...state.entries.values()].filter(
    (e) =>
      (!view.levels?.length || view.levels.includes(e.alert.level)) &&
      (!view.processIds?.length || view.processIds.includes(e.alert.indicator.process.id)) &&
      (view.includeResolved !== false || e.alert.state !== "RESOLVED"),
  );
  return list.sort((a, b) => Date.parse(b.lastAt) - Date.parse(a.lastAt) || compareEventIds(b.lastEventId ?? "0", a.lastEventId ?? "0"));
}

/** Open-alert counts by level, for headers. */
export function openCounts(state: FeedState): Record<AlertLevel, number> {
  const counts: Record<AlertLevel, number> = { WARNING: 0, CRITICAL: 0 };
  for (const e of state.entries.values()) if (e.alert.state !== "RESOLVED") counts[e.alert.level] += 1;
  return counts;
}
