import type { AlertEventMessage, IndicatorStatusMessage, PubSub, ReadingMessage } from "../../lib/pubsub.js";

/** What a monitoring call leaves to publish after its transaction committed. */
export interface MonitoringMessages {
  events?: AlertEventMessage[];
  statusChanges?: IndicatorStatusMessage[];
  readings?: ReadingMessage[];
}

/** Receives the messages of a committed change (the scheduler calls it after each pass). */
export type PublishFn = (messages: MonitoringMessages) => void | Promise<void>;

/**
 * Publishes the readings (one message for the batch), then status changes, then alert events (in
 * id order) on the event bus.
 */
export function publishMessages(pubsub: Pick<PubSub, "publish">, messages: MonitoringMessages): void {
  if (messages.readings?.length) pubsub.publish("readings", messages.readings);
  for (const s of messages.statusChanges ?? []) pubsub.publish("indicatorStatus", s);
  for (const e of sortByEventId(messages.events ?? [])) pubsub.publish("alertEvent", e);
}

/** AlertEvent messages in id (cursor) order. */
export function sortByEventId(events: AlertEventMessage[]): AlertEventMessage[] {
  return [...events].sort((a, b) => {
    const x = BigInt(a.id);
    const y = BigInt(b.id);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
