import { useLiveQuery } from "@envelop/live-query";
import { getLiveDirectiveNode } from "@n1ru4l/graphql-live-query";
import { InMemoryLiveQueryStore } from "@n1ru4l/in-memory-live-query-store";
import { type DocumentNode, getOperationAST } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { AlertEventMessage, IndicatorStatusMessage, PubSub, ReadingMessage } from "../lib/pubsub.js";
import { encodeGlobalID } from "../modules/common/ids.js";

/** The least time between two re-executions of one live query (LIVE_QUERY_THROTTLE_MS, default 1 s). */
export const LIVE_QUERY_THROTTLE_MS = Number(process.env.LIVE_QUERY_THROTTLE_MS ?? 1000);

/**
 * Live queries (issue 14 item 5): an operation marked `query … @live` is re-executed and re-sent
 * when what it read changes, over graphql-ws and SSE like a subscription. `@envelop/live-query`
 * with an in-memory store per app: the store tracks the root fields and the `Type:<global id>` of
 * every object with an `id` the operation selected; the same bus events as the subscriptions
 * (readings, alert events, status changes; from every replica through Redis) invalidate them.
 * A re-execution runs with the operation's own context, so with the reader's own access, checked
 * afresh (§6.4). Re-executions are throttled: a client may ask for a longer `@live(throttle:)`,
 * never a shorter one than `throttleMs`.
 */
export function createLiveQueries(pubsub: PubSub, throttleMs = LIVE_QUERY_THROTTLE_MS): { plugin: Plugin; stop(): Promise<void> } {
  const store = new InMemoryLiveQueryStore({ validateThrottleValue: (asked) => liveThrottle(asked, throttleMs) });
  const topics = [
    follow(pubsub.subscribe("readings"), readingKeys),
    follow(pubsub.subscribe("alertEvent"), (m: AlertEventMessage) => [
      `Alert:${encodeGlobalID("Alert", m.alertId)}`,
      ...(m.indicatorId ? indicator(m.indicatorId) : []),
      "Query.alerts",
      "Query.alertStats",
    ]),
    follow(pubsub.subscribe("indicatorStatus"), (m: IndicatorStatusMessage) => [...indicator(m.indicatorId), "Query.indicators"]),
  ];
  function follow<T>(events: AsyncIterableIterator<T>, keys: (m: T) => string[]) {
    void (async () => {
      for await (const m of events) await store.invalidate(keys(m));
    })();
    return events;
  }
  const live = useLiveQuery({ liveQueryStore: store }) as Plugin;
  const takeOver = live.onExecute!;
  return {
    // The store takes over the execution of a query marked `@live` only; any other operation it
    // would hand straight back to the executor, after copying its arguments twice (issue 13: every
    // request paid that for nothing). So it is asked only when the operation carries the directive.
    plugin: { ...live, onExecute: (payload) => (marksLive(payload.args.document, payload.args.operationName) ? takeOver(payload) : undefined) },
    async stop() {
      await Promise.all(topics.map((t) => t.return?.(undefined)));
    },
  };
}

/** The throttle a live query runs with: what it asked for with `@live(throttle:)`, never less than the server's. */
export function liveThrottle(asked: number | null | undefined, floorMs: number): number {
  return Math.max(asked ?? 0, floorMs);
}

/**
 * Whether the operation that runs is a query marked `@live` (whatever its `if:` says): the only
 * operations whose execution the live-query store takes over and whose result is a stream.
 */
export function marksLive(document: DocumentNode, operationName?: string | null): boolean {
  const operation = getOperationAST(document, operationName);
  return operation != null && getLiveDirectiveNode(operation) != null;
}

const indicator = (id: string) => [`Indicator:${encodeGlobalID("Indicator", id)}`];

/**
 * What a batch of readings invalidates: each reading's indicator and process, and the lists
 * that show readings; each once. The store re-runs each query that read any of them once, as
 * it did for the batch's first reading when each reading was a message of its own (the others
 * only asked again within the throttle, for a trailing re-run that found the same data).
 */
export function readingKeys(batch: ReadingMessage[]): string[] {
  const keys = new Set<string>(["Query.readingStats", "Query.indicators"]);
  const seen = new Set<string>();
  for (const m of batch) {
    if (seen.has(m.indicatorId)) continue;
    seen.add(m.indicatorId);
    keys.add(indicator(m.indicatorId)[0]);
    keys.add(`Process:${encodeGlobalID("Process", m.processId)}`);
  }
  return [...keys];
}
