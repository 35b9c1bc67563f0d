import type { RawRead } from "../lib/adapter.js";
import { type Generation, generationOf } from "../lib/generation.js";
import type { ReadSetEntry } from "../modules/access/visible.js";
import type { DeliveryTiming } from "./live-groups.js";

/**
 * What one app instance caches across requests (issue 9 item 4): held by the app and passed to
 * resolvers in the context, so two apps in one process share none of it.
 */
export interface AppCaches {
  /** Committed writes that may change who reads what; read sets of an older generation are stale. */
  generation: Generation;
  /** `access/visible.ts`: the ids each viewer may read, per model. */
  readSets: Map<string, ReadSetEntry>;
  /** `alerting/subscriptions.ts`: one load of an event's row per selection, shared by subscribers. */
  eventLoads: Map<string, { at: number; row: Promise<unknown> }>;
  /**
   * `plan/planner.ts`: root connections answered by one planned SQL statement (QUERY_PLANNER=off turns it off; tests compare
   * the paths); `direct`: a query of planned root fields only is answered with the statement's JSON text as the response
   * body, without execution (QUERY_PLANNER=execute turns only that off).
   */
  planner: { enabled: boolean; direct: boolean; read: RawRead };
  /**
   * `modules/alerting/ingest-direct.ts`: a `recordReadings` batch in its variables is coerced by one compiled loop and
   * handed to the field's resolver, without graphql-js's per-object coercion (DIRECT_INGEST=off turns it off; tests compare the paths).
   */
  directIngest: boolean;
  /** `app/live-groups.ts`: the live groups of this app's graphql-ws subscriptions, and the last deliveries' timings. */
  live: LiveDelivery;
}

/** The live groups of one app by key (a group: one bus listener, many sockets), and its delivery timings. */
export interface LiveDelivery {
  groups: Map<string, { readonly size: number }>;
  timings: DeliveryTiming[];
}

/** The caches of an app writing through `prisma` (its audited commits bump this generation). */
export function createAppCaches(prisma: object, read: RawRead): AppCaches {
  return {
    generation: generationOf(prisma),
    readSets: new Map(),
    eventLoads: new Map(),
    planner: { enabled: process.env.QUERY_PLANNER !== "off", direct: process.env.QUERY_PLANNER !== "execute", read },
    directIngest: process.env.DIRECT_INGEST !== "off",
    live: { groups: new Map(), timings: [] },
  };
}
