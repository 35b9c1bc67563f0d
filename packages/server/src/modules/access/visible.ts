import DataLoader from "dataloader";
import type { Context, Viewer } from "../../context.js";
import type { Prisma } from "../../lib/db.js";
import {
  actionWhere,
  alertWhere,
  apiTokenWhere,
  everyReader,
  feedbackWhere,
  indicatorWhere,
  notificationWhere,
  processWhere,
  recordWhere,
  riskWhere,
  savedQueryWhere,
  silenceWhere,
} from "./visibility.js";
import { notificationAdminWhere } from "../notification/permissions.js";

/**
 * The read rule of every model that a node type is made of (§6.4): the Prisma `where` of the rows
 * the viewer may read. Lists, nested relations and the type-level checks all use these, so a row
 * is visible through `node(id:)` exactly when a list would show it.
 */
export const READ_WHERE = {
  orgUnit: everyReader,
  user: everyReader,
  apiToken: apiTokenWhere,
  process: processWhere,
  processStep: (v: Viewer): Prisma.ProcessStepWhereInput => ({ process: processWhere(v) }),
  processChange: (v: Viewer): Prisma.ProcessChangeWhereInput => ({ process: processWhere(v) }),
  indicator: indicatorWhere,
  thresholdRule: (v: Viewer): Prisma.ThresholdRuleWhereInput => ({ indicator: indicatorWhere(v) }),
  alert: alertWhere,
  silence: silenceWhere,
  monitoringPlan: (v: Viewer): Prisma.MonitoringPlanWhereInput => ({ process: processWhere(v) }),
  inspection: (v: Viewer): Prisma.InspectionWhereInput => ({ process: processWhere(v) }),
  finding: (v: Viewer): Prisma.FindingWhereInput => ({ inspection: { process: processWhere(v) } }),
  evaluation: (v: Viewer): Prisma.EvaluationWhereInput => ({ process: processWhere(v) }),
  action: actionWhere,
  risk: riskWhere,
  riskAssessment: (v: Viewer): Prisma.RiskAssessmentWhereInput => ({ risk: riskWhere(v) }),
  riskResponse: (v: Viewer): Prisma.RiskResponseWhereInput => ({ risk: riskWhere(v) }),
  contingencyPlan: (v: Viewer): Prisma.ContingencyPlanWhereInput => ({ risk: riskWhere(v) }),
  riskIncident: (v: Viewer): Prisma.RiskIncidentWhereInput => ({ risk: riskWhere(v) }),
  postIncidentReview: (v: Viewer): Prisma.PostIncidentReviewWhereInput => ({ incident: { risk: riskWhere(v) } }),
  incidentTask: (v: Viewer): Prisma.IncidentTaskWhereInput => ({ incident: { risk: riskWhere(v) } }),
  informationRecord: recordWhere,
  feedback: feedbackWhere,
  notification: notificationWhere,
  contactPoint: notificationAdminWhere,
  notificationPolicy: notificationAdminWhere,
  notificationDelivery: notificationAdminWhere,
  savedQuery: savedQueryWhere,
} as const;

/** A model with a read rule, by its Prisma delegate name. */
export type Model = keyof typeof READ_WHERE;

/** How long a viewer's sets are reused at most; any committed write (see generation.ts) ends them sooner. */
const TTL_MS = 30_000;
const MAX_VIEWERS = 2_000;

export interface ReadSetEntry {
  at: number;
  /** The write generation when the set was loaded: a later write makes the set stale at once. */
  generation: number;
  ids: Promise<Set<string>>;
  /** The set once loaded: the hot path (every object of every subscription event) checks it without a promise. */
  loaded?: Set<string>;
}

/** Viewers with the same identity and the same roles and unit see the same rows. */
export function viewerKey(viewer: Viewer): string {
  return keysOf(viewer).viewer;
}

/**
 * A viewer's keys, kept with the viewer object (one per request or socket; never changed once
 * built): the type-level read rule asks for its set once per object of every answer, and built the
 * key anew each time (copying and sorting the roles; issue 13, the simple list's profile).
 */
const viewerKeys = new WeakMap<Viewer, { viewer: string; sets: Map<Model, string> }>();

function keysOf(viewer: Viewer) {
  let keys = viewerKeys.get(viewer);
  if (!keys) {
    const key =
      viewer.kind === "user"
        ? `u:${viewer.user.id}:${viewer.user.unitId}:${[...viewer.user.roles].sort().join(",")}`
        : viewer.kind === "token"
          ? `t:${viewer.token.id}:${viewer.token.kind}`
          : "anonymous";
    keys = { viewer: key, sets: new Map() };
    viewerKeys.set(viewer, keys);
  }
  return keys;
}

/** The read-set cache's key of one model for this viewer. */
function setKey(viewer: Viewer, model: Model): string {
  const keys = keysOf(viewer);
  let key = keys.sets.get(model);
  if (key === undefined) {
    key = `${keys.viewer}|${model}`;
    keys.sets.set(model, key);
  }
  return key;
}

/** A set is fresh while nothing was written since it was loaded (here or, via the bus, on another replica). */
const fresh = (ctx: Context, entry: ReadSetEntry | undefined, now = Date.now()): entry is ReadSetEntry =>
  !!entry && entry.generation === ctx.caches.generation.current() && now - entry.at < TTL_MS;

/**
 * The ids of the rows of one model the viewer may read, computed with the same `where` the lists
 * use. One small query per model per viewer, reused until the next committed write.
 */
export function visibleIds(ctx: Context, model: Model): Promise<Set<string>> {
  // The app's cache (app/caches.ts), shared by every request and socket of the same viewer: a
  // wall of 1,000 subscriptions under one token computes its sets once, not 1,000 times.
  const cache = ctx.caches.readSets;
  const key = setKey(ctx.viewer, model);
  const hit = cache.get(key);
  const now = Date.now();
  if (fresh(ctx, hit, now)) return hit.ids;
  const ids = load(ctx, model);
  const entry: ReadSetEntry = { at: now, generation: ctx.caches.generation.current(), ids };
  ids.then((set) => (entry.loaded = set)).catch(() => cache.delete(key));
  cache.delete(key);
  cache.set(key, entry);
  if (cache.size > MAX_VIEWERS) cache.delete(cache.keys().next().value!);
  return ids;
}

/** True when the row of `model` with this id is readable by the viewer. */
export async function isVisible(ctx: Context, model: Model, id: string): Promise<boolean> {
  return (await visibleIds(ctx, model)).has(id);
}

async function load(ctx: Context, model: Model): Promise<Set<string>> {
  const delegate = (ctx.prisma as any)[model];
  const rows: { id: string }[] = await delegate.findMany({ where: READ_WHERE[model](ctx.viewer), select: { id: true } });
  return new Set(rows.map((r) => r.id));
}

/** A node type's read rule: the object is readable when `idOf(row)` is a readable row of `model`. */
export type ReadRule<T> = ((row: T, ctx: Context) => boolean | Promise<boolean>) & { readonly model: Model };

const rules = new WeakSet<object>();

/**
 * The one shape of every node type's read rule (§6.4), used as the type's `authScopes`: the
 * object is readable when its own row, or the parent row it belongs to, is in the viewer's
 * visible set of that model. Registered, so that a test can find any `Node` type without one,
 * and so that nested fields drop hidden objects instead of failing (see read-filter.ts).
 */
export function readRule<T>(model: Model, idOf: (row: T) => string): ReadRule<T> {
  const check = (row: T, ctx: Context): boolean | Promise<boolean> => {
    const entry = ctx.caches.readSets.get(setKey(ctx.viewer, model));
    // Synchronous when the set is loaded and fresh: no promise per object.
    if (entry?.loaded && fresh(ctx, entry)) return entry.loaded.has(idOf(row));
    return isVisible(ctx, model, idOf(row));
  };
  const rule = Object.assign(check, { model });
  rules.add(rule);
  return rule;
}

/**
 * A read rule for an object that belongs to one of several parents: readable when any of the
 * named parent rows is readable (null ids are skipped). Same registry as `readRule`.
 */
export function readRuleAny<T>(parents: (row: T) => [Model, string | null | undefined][]): ReadRule<T> {
  const check = async (row: T, ctx: Context): Promise<boolean> => {
    for (const [model, id] of parents(row)) if (id && (await isVisible(ctx, model, id))) return true;
    return false;
  };
  const rule = Object.assign(check, { model: "alert" as Model });
  rules.add(rule);
  return rule;
}

/** The columns that place an alert in the graph (an alert row, or an alert event message). */
export interface AlertPlace {
  indicatorId: string | null;
  processId?: string | null;
  riskId?: string | null;
  actionId?: string | null;
}

/**
 * An alert's read rule, the same as `alertWhere` (lists): a threshold rule's alert by its
 * indicator; a condition's alert (§4.2.2, §4.4.2, §5.2.2) by its process, risk or action.
 */
export const ALERT_READ_RULE = readRuleAny<AlertPlace>((a) =>
  a.indicatorId
    ? [["indicator", a.indicatorId]]
    : [
        ["process", a.processId],
        ["risk", a.riskId],
        ["action", a.actionId],
      ],
);

/** The read rule behind a type's `authScopes`, if it is one. */
export function asReadRule(scopes: unknown): ReadRule<unknown> | null {
  return typeof scopes === "function" && rules.has(scopes) ? (scopes as ReadRule<unknown>) : null;
}

/** Prisma delegate names of the audit log's entities; an entity left out has no read rule of its own (sessions). */
const ENTITY_MODEL: Record<string, Model | null> = {
  ...Object.fromEntries(Object.keys(READ_WHERE).map((m) => [m.charAt(0).toUpperCase() + m.slice(1), m as Model])),
  ReadingBatch: "indicator",
  Session: null,
};

const entityLoaders = new WeakMap<Context, DataLoader<string, boolean>>();

/**
 * True when the viewer may read the row an audit entry is about (`entityId` may list several ids,
 * as a reading batch does: all must be readable). Unknown entities are not readable (default
 * deny). Batched per request: one query per model for a page of entries.
 */
export function entityReadable(ctx: Context, entity: string, entityId: string): Promise<boolean> {
  let loader = entityLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader((keys: readonly string[]) => readableEntities(ctx, keys));
    entityLoaders.set(ctx, loader);
  }
  return loader.load(`${entity}:${entityId}`);
}

async function readableEntities(ctx: Context, keys: readonly string[]): Promise<boolean[]> {
  const wanted = new Map<Model, Set<string>>();
  const parsed = keys.map((key) => {
    const [entity, ids] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1).split(",")];
    const model = ENTITY_MODEL[entity];
    if (model) for (const id of ids) (wanted.get(model) ?? wanted.set(model, new Set()).get(model)!).add(id);
    return { model, ids, known: entity in ENTITY_MODEL };
  });
  const readable = new Map<Model, Set<string>>();
  for (const [model, ids] of wanted) {
    const rows: { id: string }[] = await (ctx.prisma as any)[model].findMany({ where: { AND: [{ id: { in: [...ids] } }, READ_WHERE[model](ctx.viewer)] }, select: { id: true } });
    readable.set(model, new Set(rows.map((r) => r.id)));
  }
  return parsed.map(({ model, ids, known }) => known && (model === null || ids.every((id) => readable.get(model)?.has(id))));
}
