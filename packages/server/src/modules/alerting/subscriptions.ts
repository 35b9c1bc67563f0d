import { type GraphQLResolveInfo, Kind } from "graphql";
import { type GroupSpec, groupedStream, type LiveBinding, liveBinding } from "../../app/live-groups.js";
import { builder } from "../../builder.js";
import { findByIdOnDriver } from "../../lib/driver-find.js";
import type { Context } from "../../context.js";
import type { AlertEventMessage, IndicatorStatusMessage, ReadingMessage } from "../../lib/pubsub.js";
import { isVisible } from "../access/visible.js";
import { encodeGlobalID, parseIds } from "../common/ids.js";
import { AlertLevelEnum, IndicatorStatusEnum } from "../common/schema.js";
import { type AlertEventFilter, alertEventsAfter, messageMatches, parseCursor, toAlertEventMessage } from "./engine/events.js";
import { messageVisible } from "./subjects.js";

// ───────────── subscriptions (§5.3.2: warn at once; never lose one across a reconnect) ─────────────

const AlertEventFilterInput = builder.inputType("AlertEventFilter", {
  fields: (t) => ({
    processIds: t.idList(),
    unitIds: t.idList(),
    levels: t.field({ type: [AlertLevelEnum], description: "Levels of the events: an escalation to CRITICAL is a CRITICAL event." }),
  }),
});

const ReadingAdded = builder.objectRef<ReadingMessage>("ReadingAdded").implement({
  fields: (t) => ({
    indicatorId: t.id({ resolve: (r) => encodeIndicator(r.indicatorId) }),
    value: t.exposeFloat("value"),
    observedAt: t.field({ type: "DateTime", resolve: (r) => new Date(r.observedAt) }),
  }),
});

const IndicatorStatusChange = builder.objectRef<IndicatorStatusMessage>("IndicatorStatusChange").implement({
  fields: (t) => ({
    indicatorId: t.id({ resolve: (r) => encodeIndicator(r.indicatorId) }),
    status: t.field({ type: IndicatorStatusEnum, resolve: (r) => r.status as never }),
    previous: t.field({ type: IndicatorStatusEnum, resolve: (r) => r.previous as never }),
  }),
});

const encodeIndicator = (id: string) => encodeGlobalID("Indicator", id);

/** Events the viewer may see and asked for. */
async function* visibleOnly<T extends { processId: string }>(ctx: Context, source: AsyncIterable<T>, keep: (m: T) => boolean | Promise<boolean>) {
  for await (const message of source) {
    if (!(await isVisible(ctx, "process", message.processId))) continue;
    if (await keep(message)) yield message;
  }
}

/**
 * The bus carries a batch's readings as one message: here they are one by one again, in the
 * batch's order, only those of `ids` (the subscriber's indicators; the others it never saw).
 */
async function* eachReading(source: AsyncIterable<ReadingMessage[]>, ids: Set<string>) {
  for await (const batch of source) for (const m of batch) if (ids.has(m.indicatorId)) yield m;
}

async function* keepOnly<T>(source: AsyncIterable<T>, keep: (m: T) => boolean | Promise<boolean>) {
  for await (const message of source) if (await keep(message)) yield message;
}

/**
 * Replays the AlertEvent log after `after`, then streams live events, with no gap and no
 * duplicate at the seam: it listens before it reads the log, and drops live events whose id it
 * has already sent. Replayed and live events pass the same filter (`messageMatches`, §5.3.2),
 * on what the message carries: no query per event. When the bus comes back after an outage
 * (Redis restarted), whatever was published meanwhile may never arrive: the stream re-reads the
 * log after the last id it saw (or, if it saw none, the log's head when it started), issue 13.
 * Over graphql-ws, `groupedAlertEvents` shares the live part among a group of subscribers; the
 * group's own source is this stream without a filter, so it re-reads the log after an outage too.
 */
async function* alertEventStream(ctx: Context, after: bigint | null, filter: AlertEventFilter) {
  const live = ctx.pubsub.subscribe("alertEvent");
  const buffered: AlertEventMessage[] = [];
  const signal: { wake: (() => void) | null; gap: boolean } = { wake: null, gap: false };
  const pump = (async () => {
    for await (const m of live) {
      buffered.push(m);
      signal.wake?.();
    }
  })();
  const stopResume = ctx.pubsub.onResume(() => {
    signal.gap = true;
    signal.wake?.();
  });
  const head = after == null ? logHead(ctx) : null;
  const state = { cursor: after };
  try {
    if (after != null) yield* replayLog(ctx, state, filter);
    for (;;) {
      if (signal.gap) {
        signal.gap = false;
        state.cursor ??= (await head) ?? null;
        if (state.cursor != null) yield* replayLog(ctx, state, filter);
      }
      while (buffered.length) {
        const m = buffered.shift()!;
        if (state.cursor != null && BigInt(m.id) <= state.cursor) continue;
        state.cursor = BigInt(m.id);
        if (messageMatches(m, filter)) yield m;
      }
      if (signal.gap) continue;
      await new Promise<void>((resolve) => {
        signal.wake = resolve;
      });
      signal.wake = null;
    }
  } finally {
    stopResume();
    await live.return?.(undefined);
    await pump.catch(() => {});
  }
}

/** The log after `state.cursor`, page by page, moving the cursor. The query narrows with the filter; the predicate decides. */
async function* replayLog(ctx: Context, state: { cursor: bigint | null }, filter: AlertEventFilter) {
  for (;;) {
    const page = await alertEventsAfter(ctx.prisma, state.cursor, filter, 500);
    for (const e of page) {
      state.cursor = BigInt(e.id);
      const m = toAlertEventMessage(e);
      if (messageMatches(m, filter)) yield m;
    }
    if (page.length < 500) break;
  }
}

/** The newest AlertEvent id (0 for an empty log): where a subscription without `after` starts, should it have to re-read. */
function logHead(ctx: Context): Promise<bigint | null> {
  const head = ctx.prisma.alertEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } }).then((e) => e?.id ?? 0n);
  return head.catch(() => null);
}

/**
 * Over graphql-ws: subscribers with the same selection, variables (but `after`) and viewer share
 * one execution and one serialisation per event (app/live-groups.ts); each replays the log itself.
 */
function groupedAlertEvents(ctx: Context, binding: LiveBinding, info: GraphQLResolveInfo, after: bigint | null, filter: AlertEventFilter) {
  const afterArg = info.fieldNodes[0]?.arguments?.find((a) => a.name.value === "after")?.value;
  const spec: GroupSpec<AlertEventMessage> = {
    field: "alertEvents",
    replayVariable: afterArg?.kind === Kind.VARIABLE ? afterArg.name.value : null,
    // The group's bus source re-reads the log after a bus outage, as a single stream does.
    listen: (c) => alertEventStream(c, null, {}),
    keep: (c, m) => messageMatches(m, filter) && messageVisible(c, m),
  };
  return groupedStream(ctx, binding, spec, after != null ? { after, events: replayLog(ctx, { cursor: after }, filter) } : null);
}

/**
 * One event goes to many subscribers, most with the same selection (every wall runs the same
 * query): the row is loaded once per event and selection, not once per subscriber. Each
 * subscriber's type-level checks still run on the shared row (the app's cache, app/caches.ts).
 * The row is read in one statement on the driver (lib/driver-find.ts), Prisma's compiler and
 * client being most of the time between the publish and the first frame; Prisma when the
 * selection asks for more than that reader handles.
 */
function loadEventOnce(ctx: Context, id: string, query: object) {
  const eventLoads = ctx.caches.eventLoads;
  const key = `${id}|${JSON.stringify(query)}`;
  const now = Date.now();
  const hit = eventLoads.get(key);
  if (hit && now - hit.at < 10_000) return hit.row as never;
  const row =
    findByIdOnDriver(ctx.prisma, ctx.caches.planner.read, "AlertEvent", id, query) ?? ctx.prisma.alertEvent.findUniqueOrThrow({ ...(query as object), where: { id: BigInt(id) } });
  row.catch(() => eventLoads.delete(key));
  eventLoads.set(key, { at: now, row });
  for (const [k, v] of eventLoads) {
    if (now - v.at < 10_000) break;
    eventLoads.delete(k);
  }
  return row as never;
}

builder.subscriptionFields((t) => ({
  alertEvents: t.prismaField({
    type: "AlertEvent",
    description: "Alert changes: first those after `after` (the last id you saw), from the log, then live. Filtered to what you may read.",
    authScopes: { reader: true },
    args: { after: t.arg.id(), filter: t.arg({ type: AlertEventFilterInput }) },
    subscribe: (_r, args, ctx, info) => {
      const filter = {
        processIds: args.filter?.processIds?.length ? parseIds(args.filter.processIds, "Process", "filter.processIds") : undefined,
        unitIds: args.filter?.unitIds?.length ? parseIds(args.filter.unitIds, "OrgUnit", "filter.unitIds") : undefined,
        levels: args.filter?.levels?.length ? (args.filter.levels as ("WARNING" | "CRITICAL")[]) : undefined,
      };
      const after = args.after != null ? parseCursor(String(args.after)) : null;
      const binding = liveBinding(ctx);
      if (binding) return groupedAlertEvents(ctx, binding, info, after, filter);
      return keepOnly(alertEventStream(ctx, after, filter), (m) => messageVisible(ctx, m));
    },
    resolve: (query, message: AlertEventMessage, _a, ctx) => loadEventOnce(ctx, message.id, query),
  }),
  readingsAdded: t.field({
    type: ReadingAdded,
    description: "New readings of these indicators, live (for charts).",
    authScopes: { reader: true },
    args: { indicatorIds: t.arg.idList({ required: true }) },
    subscribe: (_r, args, ctx) => {
      const ids = new Set(parseIds(args.indicatorIds, "Indicator", "indicatorIds"));
      return visibleOnly(ctx, eachReading(ctx.pubsub.subscribe("readings"), ids), () => true);
    },
    resolve: (m) => m,
  }),
  indicatorStatusChanged: t.field({
    type: IndicatorStatusChange,
    description: "An indicator's status changed (OK, WARNING, CRITICAL, NO_DATA); all visible ones, or these.",
    authScopes: { reader: true },
    args: { indicatorIds: t.arg.idList() },
    subscribe: (_r, args, ctx) => {
      const ids = args.indicatorIds?.length ? new Set(parseIds(args.indicatorIds, "Indicator", "indicatorIds")) : null;
      return visibleOnly(ctx, ctx.pubsub.subscribe("indicatorStatus"), (m) => !ids || ids.has(m.indicatorId));
    },
    resolve: (m) => m,
  }),
}));
