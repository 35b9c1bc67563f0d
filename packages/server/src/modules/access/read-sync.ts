import { randomUUID } from "node:crypto";
import type { Generation } from "../../lib/generation.js";
import type { PubSub } from "../../lib/pubsub.js";

/**
 * §6.4: a reclassification committed on one replica ends the cached read sets of every replica
 * (through Redis when several share it): each local commit is published, each commit published
 * by another replica starts a new generation here. Returns the function that stops both.
 */
export function shareReadRuleChanges(pubsub: PubSub, generation: Generation): () => Promise<void> {
  const origin = randomUUID();
  const stopTelling = generation.onBump(() => pubsub.publish("readRulesChanged", { origin }));
  const changes = pubsub.subscribe("readRulesChanged");
  void (async () => {
    for await (const change of changes) if (change.origin !== origin) generation.bumpFromElsewhere();
  })();
  return async () => {
    stopTelling();
    await changes.return?.(undefined);
  };
}
