import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useQuery } from "urql";
import { useApi } from "../../app/api";
import { stringifyDocument } from "urql";
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

/**
 * The live warning feed (§5.3.2): the open and recently resolved alerts, then the AlertEvent
 * stream from the highest event id the list reflects. Every (re)connect of the socket opens a
 * fresh subscription with `after: <last event id applied>`, so whatever happened while the
 * screen was away is replayed, and duplicates are dropped by id.
 */
export function useAlertFeed(scope: AlertScope = {}, options: { pause?: boolean } = {}): AlertFeed {
  const { live } = useApi();
  const scopeKey = JSON.stringify(scope);
  const since = useMemo(() => new Date(Date.now() - RECENT_MS).toISOString(), [scopeKey]);
  const variables = useMemo(
    () => ({ processIds: scope.processIds ?? null, unitIds: scope.unitIds ?? null, levels: scope.levels ?? null, since }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [scopeKey, since],
  );
  const [start, reexecuteStart] = useQuery({
    query: FEED_START_QUERY,
    variables,
    requestPolicy: "network-only",
    pause: options.pause,
  });

  const [feed, setFeed] = useState<{ key: string; state: FeedState; loadedAt: number } | null>(null);
  const [stream, setStream] = useState<{ status: StreamStatus; error: string | null }>({ status: "waiting", error: null });
  const [lastEventAt, setLastEventAt] = useState<number | null>(null);
  const cursor = useRef<string | null>(null);

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
  useEffect(() => {
    if (!ready) return;
    const minAt = Date.parse(since);
    let dispose: (() => void) | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const subscribe = () => {
      dispose?.();
      clearTimeout(retry);
      setStream({ status: "waiting", error: null });
      dispose = live.ws.subscribe<{ alertEvents: FeedEvent }>(
        { query: EVENTS_SOURCE, variables: { after: cursor.current, filter: scope } },
        {
          next: (r) => {
            if (r.errors?.length) {
              setStream({ status: "error", error: r.errors[0].message });
              return;
            }
            const event = r.data?.alertEvents;
            if (!event) return;
            setStream((s) => (s.status === "live" ? s : { status: "live", error: null }));
            setLastEventAt(Date.now());
            setFeed((f) => {
              if (!f) return f;
              const next = applyEvents(f.state, [event], minAt);
              cursor.current = next.cursor;
              return next === f.state ? f : { ...f, state: next };
            });
          },
          error: (e) => {
            const message = Array.isArray(e) ? (e[0] as { message?: string })?.message : e instanceof Error ? e.message : null;
            setStream({ status: "error", error: message ?? "subscription failed" });
            dispose = null;
            retry = setTimeout(() => live.getState().status === "connected" && subscribe(), RESUBSCRIBE_AFTER_ERROR_MS);
          },
          complete: () => {},
        },
      );
      // graphql-ws sends no acknowledgement for a subscription; it is live once the socket is.
      if (live.getState().status === "connected") setStream((s) => (s.status === "error" ? s : { status: "live", error: null }));
    };
    const offConnected = live.ws.on("connected", subscribe);
    // On a drop, release the old subscription so it is not re-sent with a stale cursor.
    const offClosed = live.ws.on("closed", () => {
      dispose?.();
      dispose = null;
      setStream((s) => ({ status: "waiting", error: s.error }));
    });
    if (live.getState().status === "connected") subscribe();
    return () => {
      offConnected();
      offClosed();
      clearTimeout(retry);
      dispose?.();
    };
    // scope is captured by scopeKey
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, scopeKey, live]);

  const replace = useCallback((alert: FeedAlert) => setFeed((f) => (f ? { ...f, state: updateAlert(f.state, alert) } : f)), []);

  return {
    state: ready ? feed.state : null,
    error: start.error ? start.error.message : null,
    stream: stream.status,
    streamError: stream.error,
    loadedAt: ready ? feed.loadedAt : null,
    lastEventAt,
    replace,
  };
}
