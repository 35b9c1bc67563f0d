/**
 * The state of a live warning feed (§5.3.2), kept from an initial list of alerts and the
 * AlertEvent stream. Event ids increase monotonically; the feed keeps the highest one it has
 * seen as its cursor, so after a reconnect it subscribes with `after: cursor` and the server
 * replays what was missed. Events are deduplicated by id: a replay that overlaps what already
 * arrived changes nothing.
 */

import type { AlertEventType, AlertLevel, FeedAlert, FeedEvent } from "./queries";

export interface FeedEntry {
  /** A rule's alert (with its indicator) or a condition's (source and subject, no indicator). */
  alert: FeedAlert;
  /**
   * Set by `feedEntries` on an open CRITICAL: the open WARNINGs of its indicator it inhibits now
   * (§6.2.2), shown folded under it.
   */
  inhibiting?: readonly FeedAlert["inhibits"][number][];
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

/** The process an alert concerns: its indicator's for a rule's alert, else the condition's (§2.3.2). */
export function alertProcess(alert: Pick<FeedAlert, "indicator" | "process" | "subject">): { id: string; code: string; name: string; nameEn: string } | null {
  if (alert.indicator) return alert.indicator.process;
  if (alert.process) return alert.process;
  const s = alert.subject;
  if (s?.__typename === "Process") return s;
  if (s?.__typename === "Action") return s.process ?? null;
  return null;
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
  if (!prev) return state;
  const merged = { ...prev.alert, ...alert };
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

/**
 * The open WARNINGs a CRITICAL of the same indicator inhibits now (§6.2.2, issue 12 item 2), each
 * with that critical's id, by the server's fields (`Alert.inhibited`, `inhibitedBy`, `inhibits`):
 * the feed and the wall show one alert per indicator. Each alert's snapshot is the server's answer
 * as of its latest event, so for a warning and a critical the newer snapshot decides: a critical's
 * later event (it resolved, so it inhibits nothing) shows the warning again without a reload, and a
 * critical that fires after the warning was loaded folds it at once. Only a critical the view shows
 * (`shows`) folds a warning: with the critical filtered out or not in the feed, the warning is the
 * one alert of its indicator and stays.
 */
export function inhibitors(state: FeedState, shows: (e: FeedEntry) => boolean = () => true): Map<string, string> {
  const out = new Map<string, string>();
  const criticals = [...state.entries.values()].filter((c) => c.alert.state !== "RESOLVED" && c.alert.level === "CRITICAL" && shows(c));
  if (criticals.length === 0) return out;
  for (const w of state.entries.values()) {
    const a = w.alert;
    if (a.state === "RESOLVED" || a.level !== "WARNING") continue;
    const named = a.inhibited ? a.inhibitedBy?.id : undefined;
    for (const c of criticals) {
      const newer = compareEventIds(c.lastEventId ?? "0", w.lastEventId ?? "0") > 0;
      if (newer ? c.alert.inhibits.some((x) => x.id === a.id) : c.alert.id === named) {
        out.set(a.id, c.alert.id);
        break;
      }
    }
  }
  return out;
}

const inView = (view: FeedView) => (e: FeedEntry) =>
  (!view.levels?.length || view.levels.includes(e.alert.level)) &&
  (!view.processIds?.length || view.processIds.includes(alertProcess(e.alert)?.id ?? "")) &&
  (view.includeResolved !== false || e.alert.state !== "RESOLVED");

/**
 * The entries to show, newest activity first; open ones before resolved ones of the same time.
 * A WARNING inhibited by a CRITICAL of its indicator that the view shows is left out and named on
 * the critical (`inhibiting`).
 */
export function feedEntries(state: FeedState, view: FeedView = {}): FeedEntry[] {
  const shows = inView(view);
  const folded = inhibitors(state, shows);
  const list: { e: FeedEntry; at: number }[] = [];
  for (const e of state.entries.values()) {
    if (folded.has(e.alert.id) || !shows(e)) continue;
    list.push({ e: withInhibiting(state, e, folded), at: activityAt(state, e) });
  }
  return list.sort((a, b) => b.at - a.at || compareEventIds(b.e.lastEventId ?? "0", a.e.lastEventId ?? "0")).map((x) => x.e);
}

/**
 * When an entry last changed, for the order: a WARNING shown again because the CRITICAL that
 * inhibited it resolved counts from that resolution, so it comes back near the top, beside it.
 */
function activityAt(state: FeedState, e: FeedEntry): number {
  const at = Date.parse(e.lastAt);
  const named = e.alert.inhibited ? e.alert.inhibitedBy?.id : undefined;
  const c = named ? state.entries.get(named) : undefined;
  return c && c.alert.state === "RESOLVED" && e.alert.state !== "RESOLVED" ? Math.max(at, Date.parse(c.lastAt)) : at;
}

/** An open CRITICAL with the warnings it folds now (those the feed holds, or its own word for others). */
function withInhibiting(state: FeedState, e: FeedEntry, folded: ReadonlyMap<string, string>): FeedEntry {
  if (e.alert.state === "RESOLVED" || e.alert.inhibits.length === 0) return e;
  const inhibiting = e.alert.inhibits.filter((w) => (state.entries.has(w.id) ? folded.get(w.id) === e.alert.id : true));
  return inhibiting.length ? { ...e, inhibiting } : e;
}

/** Open-alert counts by level, for headers: one per indicator (an inhibited WARNING is not counted). */
export function openCounts(state: FeedState): Record<AlertLevel, number> {
  const counts: Record<AlertLevel, number> = { WARNING: 0, CRITICAL: 0 };
  const folded = inhibitors(state);
  for (const e of state.entries.values()) if (e.alert.state !== "RESOLVED" && !folded.has(e.alert.id)) counts[e.alert.level] += 1;
  return counts;
}
