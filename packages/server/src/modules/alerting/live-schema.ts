import { builder } from "../../builder.js";
import type { Context } from "../../context.js";
import { actorOf } from "../../context.js";
import { DomainError, forbidden, notFound } from "../../lib/errors.js";
import type { AlertEventMessage, IndicatorStatusMessage, ReadingMessage } from "../../lib/pubsub.js";
import { isVisible } from "../access/visible.js";
import { hasRole } from "../access/visibility.js";
import { encodeGlobalID, parseId, parseIds } from "../common/ids.js";
import { AlertLevelEnum, IndicatorStatusEnum } from "../common/schema.js";
import { DATE } from "../common/validation.js";
import { acknowledgeAlert, assignAlert, createSilence, resolveAlert } from "./alerts.js";
import { type AlertEventFilter, alertEventsAfter, messageMatches, parseCursor, toAlertEventMessage } from "./engine/events.js";
import { parseReadingsCsv } from "./engine/csv.js";
import { recordReadings } from "./engine/ingest.js";
import { whyCannotHandleAlert } from "./permissions.js";
import { publishMessages } from "./publish.js";
import { ALERT_CONTEXT_SELECT, alertVisible, contextOfAlert, messageVisible } from "./subjects.js";
import { AlertNode, IndicatorNode } from "../indicator/schema.js";
import { indicatorSeries } from "../indicator/series.js";

// ───────────── time series (§2.3.3, §4.2.4) ─────────────

const SeriesBucket = builder
  .objectRef<{ start: Date; end: Date; count: number; min: number; max: number; avg: number; last: number; lastObservedAt: Date }>("SeriesBucket")
  .implement({
    description: "Readings of one time bucket, aggregated in SQL.",
    fields: (t) => ({
      start: t.expose("start", { type: "DateTime" }),
      end: t.expose("end", { type: "DateTime", description: "Exclusive." }),
      count: t.exposeInt("count"),
      min: t.exposeFloat("min"),
      max: t.exposeFloat("max"),
      avg: t.exposeFloat("avg"),
      last: t.exposeFloat("last", { description: "The latest reading in the bucket." }),
      lastObservedAt: t.expose("lastObservedAt", { type: "DateTime" }),
    }),
  });

builder.objectField(IndicatorNode, "series", (t) =>
  t.field({
    type: [SeriesBucket],
    description: "min, max, avg, last and count per bucket between `from` and `to` (1–1000 buckets); empty buckets are left out.",
    args: { from: t.arg({ type: "DateTime", required: true }), to: t.arg({ type: "DateTime", required: true }), buckets: t.arg.int({ defaultValue: 200 }) },
    complexity: (args) => ({ field: 5, multiplier: Math.max(1, Math.min(args.buckets ?? 200, 1000)) }),
    resolve: (indicator, args, ctx) => indicatorSeries(ctx.prisma, { indicatorId: indicator.id, from: args.from, to: args.to, buckets: args.buckets ?? 200 }),
  }),
);

// ───────────── ingest (§4.2.4) ─────────────

const ReadingInput = builder.inputType("ReadingInput", {
  fields: (t) => ({
    indicatorId: t.id({ required: true }),
    value: t.float({ required: true }),
    observedAt: t.field({ type: "DateTime", description: "Defaults to now; at most 5 minutes ahead." }),
    key: t.string({ description: "Idempotency key: a retry with the same key is skipped, never stored twice." }),
  }),
});

const RecordReadingsInput = builder.inputType("RecordReadingsInput", {
  fields: (t) => ({ readings: t.field({ type: [ReadingInput], required: true, description: "Up to 10,000 readings." }) }),
});

const RecordReadingsPayload = builder.objectRef<{ accepted: number; duplicates: number; alertEvents: number }>("RecordReadingsPayload").implement({
  description: "What a batch changed.",
  fields: (t) => ({
    accepted: t.exposeInt("accepted", { description: "Readings stored." }),
    duplicates: t.exposeInt("duplicates", { description: "Readings skipped: their key was already stored, or repeated in the batch." }),
    alertEvents: t.exposeInt("alertEvents", { description: "Alert changes the batch caused (fired, escalated, resolved)." }),
  }),
});

/** Records a batch as the viewer, and publishes what it changed after commit. */
export async function ingestAsViewer(ctx: Context, readings: { indicatorId: string; value: number; observedAt?: Date | null; key?: string | null }[], action = "recordReadings") {
  const v = ctx.viewer;
  const result = await recordReadings(
    ctx.prisma,
    { readings },
    {
      allowedIndicatorIds: v.kind === "token" ? v.token.indicatorIds : hasRole(v, "MANAGEMENT", "PROCESS_OFFICE", "ADMIN") ? null : await ownUnitIndicators(ctx),
      audit: { ...actorOf(v), action },
    },
  );
  publishMessages(ctx.pubsub, result);
  return { accepted: result.accepted, duplicates: result.duplicates, alertEvents: result.events.length };
}

/** A department head records readings of the own unit's indicators only (§2.2.2). */
async function ownUnitIndicators(ctx: Context): Promise<string[]> {
  if (ctx.viewer.kind !== "user") return [];
  const rows = await ctx.prisma.indicator.findMany({ where: { process: { ownerUnitId: ctx.viewer.user.unitId } }, select: { id: true } });
  return rows.map((r) => r.id);
}

const CsvRowErrorRef = builder.objectRef<{ line: number; message: string }>("CsvRowError").implement({
  fields: (t) => ({ line: t.exposeInt("line", { description: "1-based, the header is line 1." }), message: t.exposeString("message") }),
});

const ImportReadingsPayload = builder
  .objectRef<{ accepted: number; duplicates: number; alertEvents: number; errors: { line: number; message: string }[] }>("ImportReadingsPayload")
  .implement({
    description: "What an import changed; with any row error nothing is written and every bad line is listed.",
    fields: (t) => ({
      accepted: t.exposeInt("accepted"),
      duplicates: t.exposeInt("duplicates"),
      alertEvents: t.exposeInt("alertEvents"),
      errors: t.field({ type: [CsvRowErrorRef], resolve: (p) => p.errors }),
    }),
  });

builder.scalarType("File", {
  description: "A file sent as a multipart request (GraphQL multipart request spec).",
  serialize: () => {
    throw new Error("File is an input-only scalar.");
  },
});

// ───────────── alert actions (§5.3.2, §2.1.2) ─────────────

async function handleable(ctx: Context, alertGlobalId: string | number) {
  const id = parseId(alertGlobalId, "Alert", "alertId");
  const alert = await ctx.prisma.alert.findUnique({ where: { id }, select: ALERT_CONTEXT_SELECT });
  if (!alert) throw notFound("Alert", String(alertGlobalId));
  const where = contextOfAlert(alert);
  if (!(await alertVisible(ctx, where))) throw notFound("Alert", String(alertGlobalId));
  const why = whyCannotHandleAlert(ctx.viewer, { ownerUnitId: where.unitId });
  if (why) throw forbidden(why);
  if (ctx.viewer.kind !== "user") throw forbidden("Only a person can handle a warning.");
  return { id, actorId: ctx.viewer.user.id };
}

const AcknowledgeAlertInput = builder.inputType("AcknowledgeAlertInput", {
  fields: (t) => ({
    alertId: t.id({ required: true }),
    note: t.string({ required: true, description: "What is being done about it." }),
    expiresAt: t.field({ type: "DateTime", validate: DATE, description: "When the acknowledgement lapses: still firing then, the warning fires again." }),
  }),
});
const AssignAlertInput = builder.inputType("AssignAlertInput", {
  fields: (t) => ({ alertId: t.id({ required: true }), assigneeId: t.id({ description: "The person to handle it; null unassigns." }) }),
});
const ResolveAlertInput = builder.inputType("ResolveAlertInput", {
  fields: (t) => ({ alertId: t.id({ required: true }), note: t.string() }),
});
const CreateSilenceInput = builder.inputType("CreateSilenceInput", {
  fields: (t) => ({
    indicatorId: t.id(),
    processId: t.id(),
    startsAt: t.field({ type: "DateTime", validate: DATE }),
    endsAt: t.field({ type: "DateTime", required: true, validate: DATE }),
    reason: t.string({ required: true }),
  }),
});

const HANDLERS = ["MANAGEMENT", "PROCESS_OFFICE", "DEPARTMENT_HEAD"] as const;

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a Pothos field map: each field is short; the map's length is the sum of its fields (to split with the module split)
builder.mutationFields((t) => ({
  recordReadings: t.field({
    type: RecordReadingsPayload,
    description: "Records up to 10,000 readings and evaluates the threshold rules (§4.2.4, §5.3.2). All or nothing.",
    authScopes: { ingest: true },
    args: { input: t.arg({ type: RecordReadingsInput, required: true }) },
    resolve: (_r, { input }, ctx) =>
      ingestAsViewer(
        ctx,
        input.readings.map((r, index) => ({
          indicatorId: parseId(r.indicatorId, "Indicator", `readings.${index}.indicatorId`),
          value: r.value,
          observedAt: r.observedAt ?? null,
          key: r.key ?? null,
        })),
      ),
  }),
  importReadingsCsv: t.field({
    type: ImportReadingsPayload,
    description: "Imports readings from a CSV file (indicator,value,observedAt,key; at most 10,000 rows). Any bad row: nothing written, every bad line reported.",
    authScopes: { ingest: true },
    args: { file: t.arg({ type: "File", required: true }) },
    resolve: async (_r, args, ctx) => {
      const text = await args.file.text();
      const parsed = await parseReadingsCsv(ctx.prisma, text);
      if (parsed.errors.length) return { accepted: 0, duplicates: 0, alertEvents: 0, errors: parsed.errors };
      return { ...(await ingestAsViewer(ctx, parsed.readings, "importReadingsCsv")), errors: [] };
    },
  }),
  acknowledgeAlert: t.prismaField({
    type: "Alert",
    description: "FIRING → ACKNOWLEDGED, with a note and an optional expiry.",
    authScopes: { role: [...HANDLERS] },
    args: { input: t.arg({ type: AcknowledgeAlertInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const { id, actorId } = await handleable(ctx, input.alertId);
      const change = await acknowledgeAlert(ctx.prisma, { alertId: id, actorId, note: input.note, expiresAt: input.expiresAt ?? null });
      publishMessages(ctx.pubsub, change);
      return ctx.prisma.alert.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  assignAlert: t.prismaField({
    type: "Alert",
    description: "Assigns a warning to a person.",
    authScopes: { role: [...HANDLERS] },
    args: { input: t.arg({ type: AssignAlertInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const { id, actorId } = await handleable(ctx, input.alertId);
      const assigneeId = input.assigneeId ? parseId(input.assigneeId, "User", "assigneeId") : null;
      const change = await assignAlert(ctx.prisma, { alertId: id, actorId, assigneeId });
      publishMessages(ctx.pubsub, change);
      return ctx.prisma.alert.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  resolveAlert: t.prismaField({
    type: "Alert",
    description: "Resolves a warning by hand.",
    authScopes: { role: [...HANDLERS] },
    args: { input: t.arg({ type: ResolveAlertInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const { id, actorId } = await handleable(ctx, input.alertId);
      const change = await resolveAlert(ctx.prisma, { alertId: id, actorId, note: input.note ?? null });
      publishMessages(ctx.pubsub, change);
      return ctx.prisma.alert.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  createSilence: t.prismaField({
    type: "Silence",
    description: "Mutes an indicator or a process for a window, with a reason; alerts are still recorded, and marked.",
    authScopes: { role: [...HANDLERS] },
    args: { input: t.arg({ type: CreateSilenceInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      if (ctx.viewer.kind !== "user") throw forbidden();
      const indicatorId = input.indicatorId ? parseId(input.indicatorId, "Indicator", "indicatorId") : null;
      const processId = input.processId ? parseId(input.processId, "Process", "processId") : null;
      const target = indicatorId
        ? (await ctx.prisma.indicator.findUnique({ where: { id: indicatorId }, include: { process: true } }))?.process
        : processId
          ? await ctx.prisma.process.findUnique({ where: { id: processId } })
          : null;
      // A target the viewer cannot read is as unknown as a missing one (§6.4).
      const readable = indicatorId ? await isVisible(ctx, "indicator", indicatorId) : !!processId && (await isVisible(ctx, "process", processId));
      if (!target || !readable) throw new DomainError("BAD_USER_INPUT", "Name exactly one indicatorId or processId that exists.", { field: "indicatorId" });
      const why = whyCannotHandleAlert(ctx.viewer, target);
      if (why) throw forbidden(why);
      const silence = await createSilence(ctx.prisma, {
        indicatorId,
        processId,
        startsAt: input.startsAt ?? null,
        endsAt: input.endsAt,
        reason: input.reason,
        actorId: ctx.viewer.user.id,
      });
      return ctx.prisma.silence.findUniqueOrThrow({ ...query, where: { id: silence.id } });
    },
  }),
}));

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

async function* keepOnly<T>(source: AsyncIterable<T>, keep: (m: T) => boolean | Promise<boolean>) {
  for await (const message of source) if (await keep(message)) yield message;
}

/**
 * Replays the AlertEvent log after `after`, then streams live events, with no gap and no
 * duplicate at the seam: it listens before it reads the log, and drops live events whose id it
 * has already sent. Replayed and live events pass the same filter (`messageMatches`, §5.3.2),
 * on what the message carries: no query per event.
 */
async function* alertEventStream(ctx: Context, after: bigint | null, filter: AlertEventFilter) {
  const live = ctx.pubsub.subscribe("alertEvent");
  const buffered: AlertEventMessage[] = [];
  const signal: { wake: (() => void) | null } = { wake: null };
  const pump = (async () => {
    for await (const m of live) {
      buffered.push(m);
      signal.wake?.();
    }
  })();
  try {
    let cursor = after;
    if (cursor != null) {
      for (;;) {
        // The query narrows with the same filter; the predicate below is what decides.
        const page = await alertEventsAfter(ctx.prisma, cursor, filter, 500);
        for (const e of page) {
          cursor = BigInt(e.id);
          const m = toAlertEventMessage(e);
          if (messageMatches(m, filter)) yield m;
        }
        if (page.length < 500) break;
      }
    }
    for (;;) {
      while (buffered.length) {
        const m = buffered.shift()!;
        if (cursor != null && BigInt(m.id) <= cursor) continue;
        cursor = BigInt(m.id);
        if (messageMatches(m, filter)) yield m;
      }
      await new Promise<void>((resolve) => {
        signal.wake = resolve;
      });
      signal.wake = null;
    }
  } finally {
    await live.return?.(undefined);
    await pump.catch(() => {});
  }
}

/**
 * One event goes to many subscribers, most with the same selection (every wall runs the same
 * query): the row is loaded once per event and selection, not once per subscriber. Each
 * subscriber's type-level checks still run on the shared row.
 */
const eventLoads = new Map<string, { at: number; row: Promise<unknown> }>();
function loadEventOnce(ctx: Context, id: string, query: object) {
  const key = `${id}|${JSON.stringify(query)}`;
  const now = Date.now();
  const hit = eventLoads.get(key);
  if (hit && now - hit.at < 10_000) return hit.row as never;
  const row = ctx.prisma.alertEvent.findUniqueOrThrow({ ...(query as object), where: { id: BigInt(id) } });
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
    subscribe: (_r, args, ctx) => {
      const filter = {
        processIds: args.filter?.processIds?.length ? parseIds(args.filter.processIds, "Process", "filter.processIds") : undefined,
        unitIds: args.filter?.unitIds?.length ? parseIds(args.filter.unitIds, "OrgUnit", "filter.unitIds") : undefined,
        levels: args.filter?.levels?.length ? (args.filter.levels as ("WARNING" | "CRITICAL")[]) : undefined,
      };
      const after = args.after != null ? parseCursor(String(args.after)) : null;
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
      return visibleOnly(ctx, ctx.pubsub.subscribe("reading"), (m) => ids.has(m.indicatorId));
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

export { AlertNode };
