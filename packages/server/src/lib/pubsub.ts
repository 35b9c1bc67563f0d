import { setMaxListeners } from "node:events";
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import { createPubSub } from "graphql-yoga";
import { Redis } from "ioredis";

/** An AlertEvent as it travels to subscribers: enough to filter per viewer without a query. */
export interface AlertEventMessage {
  /** The AlertEvent id (a bigint, as a decimal string): the cursor a subscriber resumes from. */
  id: string;
  alertId: string;
  /** Null for a condition's alert (an overdue plan or action, a risk): see `processId`, `riskId`. */
  indicatorId: string | null;
  /** The process concerned; null only for an alert about a risk or an action without a process. */
  processId: string | null;
  unitId: string;
  /** The level of this event (an escalation is CRITICAL): what a subscriber's level filter matches. */
  level: "WARNING" | "CRITICAL";
  /** The risk concerned, when the alert is about one. */
  riskId?: string | null;
  /** The action concerned, when the alert is about an overdue one. */
  actionId?: string | null;
}

export interface ReadingMessage {
  indicatorId: string;
  processId: string;
  value: number;
  observedAt: string;
}

export interface IndicatorStatusMessage {
  indicatorId: string;
  processId: string;
  status: string;
  previous: string;
}

/** A notification put in a person's in-app inbox (§4.4.1). */
export interface NotificationMessage {
  id: string;
  userId: string;
}

/** The typed event map; a topic carries one kind of message. */
export type Events = {
  alertEvent: [AlertEventMessage];
  /**
   * The readings one committed batch stored, in the order it stored them: one message per batch
   * (issue 13: one per reading was ~4 ms of CPU and most of the garbage of a 1,000-row batch).
   */
  readings: [ReadingMessage[]];
  indicatorStatus: [IndicatorStatusMessage];
  notification: [NotificationMessage];
  /** A token or session was revoked: sockets authenticated with it close. */
  credentialRevoked: [{ sessionId?: string; tokenId?: string; userId?: string }];
  /** A replica committed a change that may change who reads what: the others drop their read caches (§6.4). */
  readRulesChanged: [{ origin: string }];
};

export type PubSub = ReturnType<typeof createPubSub<Events>> & {
  close(): Promise<void>;
  /**
   * Calls `listener` each time the bus is back after an outage (Redis restarted, the connection
   * dropped), once its subscriptions are in place again: whatever was published in between may
   * never arrive, so a subscriber with a log re-reads it (`alertEvents`). Returns the unsubscriber.
   */
  onResume(listener: () => void): () => void;
};

/**
 * In-process pub/sub by default; with `REDIS_URL`, events go through Redis so that an event
 * committed on one server process reaches the subscribers of every other one.
 */
export function createEventBus(redisUrl: string | undefined = process.env.REDIS_URL): PubSub {
  if (!redisUrl) {
    // A wall of 1,000 subscriptions is 1,000 listeners of one topic: not a leak, so no warning.
    const eventTarget = new EventTarget();
    setMaxListeners(0, eventTarget);
    return Object.assign(createPubSub<Events>({ eventTarget }), { close: async () => {}, onResume: () => () => {} });
  }
  const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: null });
  const subscribeClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: null });
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  const pubsub = createPubSub<Events>({ eventTarget });
  const resumed = resumeSignal(subscribeClient);
  return Object.assign(pubsub, {
    onResume: resumed.on,
    async close() {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  });
}

/**
 * The subscriber connection's comebacks. ioredis re-sends SUBSCRIBE for every channel while it
 * becomes ready again, before "ready" is emitted; a PING on the same connection is answered after
 * those, so once it is, the channels are live again. Only then do listeners re-read their logs:
 * an event published before that instant is in the log, one published after arrives live.
 * (Before, a subscriber whose publisher flushed its queued messages before the SUBSCRIBE went
 * through missed them silently: issue 13.)
 */
function resumeSignal(subscribeClient: Redis) {
  const listeners = new Set<() => void>();
  let connectedOnce = false;
  subscribeClient.on("ready", () => {
    if (!connectedOnce) {
      connectedOnce = true;
      return;
    }
    subscribeClient.ping().then(
      () => {
        for (const listener of listeners) listener();
      },
      () => {}, // the connection dropped again: its next "ready" tries again
    );
  });
  return {
    on(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
