import { useCallback, useEffect, useMemo, useRef, useState, type Dispatch, type MutableRefObject, type SetStateAction } from "react";
import { stringifyDocument, useQuery } from "urql";
import { useApi } from "../../app/api";
import type { LiveConnection } from "../../app/connection";
import { applyEvents, createFeed, maxEventId, updateAlert, type FeedState } from "./feedState";
import { ALERT_EVENTS_SUBSCRIPTION, FEED_START_QUERY, type AlertScope, type FeedAlert, type FeedEvent } from "./queries";

const EVENTS_SOURCE = stringifyDocument(ALERT_EVENTS_SUBSCRIPTION);
const RECENT_MS = 24 * 3_600_000;
const RESUBSCRIBE_AFTER_ERROR_MS = 15_000;

export type StreamStatus = "waiting" | "live" | "error";

export interface AlertFeed {
  state: FeedState | null;
  /** Error of the initial list, if it failed. */
  error: string | null;
  stream: StreamStatus;
  streamError: string | null;
  /** When the list was loaded, and when the last live event arrived (epoch ms). */
  loadedAt: number | null;
  lastEventAt: number | null;
  /** Puts a mutation's result into the feed at once (the event follows). */
  replace(alert: FeedAlert): void;
}

/** The feed of one scope: its state and when its list was loaded. */
interface LoadedFeed {
  key: string;
  state: FeedState;
  loadedAt: number;
}

type SetFeed = Dispatch<SetStateAction<LoadedFeed | null>>;

/**
 * The live warning feed (§5.3.2): the open and recently resolved alerts, then the AlertEvent
 * stream from the highest event id the list reflects. Every (re)connect of the socket opens a
 * fresh subscription with `after: <last event id applied>`, so whatever happened while the
 * screen was away is replayed, and duplicates are dropped by id.
 */
export function useAlertFeed(scope: AlertScope = {}, options: { pause?: boolean } = {}): AlertFeed {
  const scopeKey = JSON.stringify(scope);
  // The day of resolved alerts is counted from when the scope was chosen.
  const since = useMemo(() => new Date(Date.now() - RECENT_MS).toISOString(), [scopeKey]);
  const cursor = useRef<string | null>(null);
  const start = useFeedStart(scope, scopeKey, since, cursor, options.pause);
  const ready = start.feed?.key === scopeKey;
  const stream = useEventStream({ ready, scope, scopeKey, since, cursor, setFeed: start.setFeed });
  const { setFeed } = start;
  const replace = useCallback((alert: FeedAlert) => setFeed((f) => (f ? { ...f, state: updateAlert(f.state, alert) } : f)), [setFeed]);
  return {
    state: ready ? start.feed!.state : null,
    error: start.error,
    stream: stream.status,
    streamError: stream.error,
    loadedAt: ready ? start.feed!.loadedAt : null,
    lastEventAt: stream.lastEventAt,
    replace,
  };
}

/** The list the feed starts from, asked again until the server answers; sets the cursor. */
function useFeedStart(scope: AlertScope, scopeKey: string, since: string, cursor: MutableRefObject<string | null>, pause?: boolean) {
  const { live } = useApi();
  const variables = useMemo(
    () => ({ processIds: scope.processIds ?? null, unitIds: scope.unitIds ?? null, levels: scope.levels ?? null, since }),
    // The scope is captured by its key.
    [scopeKey, since],
  );
  const [start, reexecuteStart] = useQuery({ query: FEED_START_QUERY, variables, requestPolicy: "network-only", pause });
  const [feed, setFeed] = useState<LoadedFeed | null>(null);

  useEffect(() => {
    // urql keeps the previous answer while the new one loads: use only the answer to these variables.
    if (!start.data || start.stale || start.fetching || feed?.key === scopeKey) return;
    if (JSON.stringify(start.operation?.variables) !== JSON.stringify(variables)) return;
    const listed = [...start.data.open.edges, ...start.data.recent.edges].map((e) => e.node);
    const anchorIds = start.data.anchor.edges.flatMap((e) => e.node.events.map((ev) => ev.id));
    const state = createFeed(listed, anchorIds.reduce<string | null>((m, id) => maxEventId(m, id), null) ?? "0");
    cursor.current = state.cursor;
    setFeed({ key: scopeKey, state, loadedAt: Date.now() });
  }, [start.data, start.stale, start.fetching, start.operation, variables, scopeKey, feed?.key]);

  const ready = feed?.key === scopeKey;
  // A screen that starts while the server is away keeps asking for the list until it answers.
  useEffect(() => {
    if (ready || !start.error) return;
    const id = setTimeout(() => reexecuteStart({ requestPolicy: "network-only" }), 5_000);
    return () => clearTimeout(id);
  }, [ready, start.error, reexecuteStart]);
  useEffect(() => {
    if (ready) return;
    return live.ws.on("connected", () => reexecuteStart({ requestPolicy: "network-only" }));
  }, [ready, live, reexecuteStart]);

  return { feed, setFeed, error: start.error ? start.error.message : null };
}

interface StreamArgs {
  ready: boolean;
  scope: AlertScope;
  scopeKey: string;
  since: string;
  cursor: MutableRefObject<string | null>;
  setFeed: SetFeed;
}

/** The AlertEvent subscription, opened again from the cursor on every (re)connect. */
function useEventStream({ ready, scope, scopeKey, since, cursor, setFeed }: StreamArgs) {
  const { live } = useApi();
  const [stream, setStream] = useState<{ status: StreamStatus; error: string | null }>({ status: "waiting", error: null });
  const [lastEventAt, setLastEventAt] = useState<number | null>(null);
  useEffect(() => {
    if (!ready) return;
    const onEvent = (event: FeedEvent) => {
      setStream((s) => (s.status === "live" ? s : { status: "live", error: null }));
      setLastEventAt(Date.now());
      setFeed((f) => {
        if (!f) return f;
        const next = applyEvents(f.state, [event], Date.parse(since));
        cursor.current = next.cursor;
        return next === f.state ? f : { ...f, state: next };
      });
    };
    return followEvents(live, { scope, cursor, onEvent, onStatus: setStream });
    // The scope is captured by its key.
  }, [ready, scopeKey, live]);
  return { ...stream, lastEventAt };
}

interface FollowOptions {
  scope: AlertScope;
  cursor: MutableRefObject<string | null>;
  onEvent(event: FeedEvent): void;
  onStatus: Dispatch<SetStateAction<{ status: StreamStatus; error: string | null }>>;
}

/**
 * Subscribes after the cursor now (when connected) and after every reconnect; releases the
 * subscription on a drop so it is not re-sent with a stale cursor, and retries after an error.
 * Returns the function that stops all of it.
 */
function followEvents(live: LiveConnection, { scope, cursor, onEvent, onStatus }: FollowOptions): () => void {
  let dispose: (() => void) | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const subscribe = () => {
    dispose?.();
    clearTimeout(retry);
    onStatus({ status: "waiting", error: null });
    dispose = live.ws.subscribe<{ alertEvents: FeedEvent }>(
      { query: EVENTS_SOURCE, variables: { after: cursor.current, filter: scope } },
      {
        next: (r) => {
          if (r.errors?.length) return onStatus({ status: "error", error: r.errors[0].message });
          if (r.data?.alertEvents) onEvent(r.data.alertEvents);
        },
        error: (e) => {
          const message = Array.isArray(e) ? (e[0] as { message?: string })?.message : e instanceof Error ? e.message : null;
          onStatus({ status: "error", error: message ?? "subscription failed" });
          dispose = null;
          retry = setTimeout(() => live.getState().status === "connected" && subscribe(), RESUBSCRIBE_AFTER_ERROR_MS);
        },
        complete: () => {},
      },
    );
    // graphql-ws sends no acknowledgement for a subscription; it is live once the socket is.
    if (live.getState().status === "connected") onStatus((s) => (s.status === "error" ? s : { status: "live", error: null }));
  };
  const offConnected = live.ws.on("connected", subscribe);
  const offClosed = live.ws.on("closed", () => {
    dispose?.();
    dispose = null;
    onStatus((s) => ({ status: "waiting", error: s.error }));
  });
  if (live.getState().status === "connected") subscribe();
  return () => {
    offConnected();
    offClosed();
    clearTimeout(retry);
    dispose?.();
  };
}
