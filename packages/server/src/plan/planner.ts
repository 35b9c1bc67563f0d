import type { GraphQLObjectType, GraphQLResolveInfo } from "graphql";
import type { Context } from "../context.js";
import { visibleIds } from "../modules/access/visible.js";
import { collect, NotPlanned, nodesOf, type PlannedField } from "./selection.js";

/**
 * The selection planner (issue 13 item 7): a root connection (`processes`, `risks`) looks ahead
 * into its GraphQL selection and answers it with ONE SQL statement of nested `json_agg` /
 * LATERAL-style subqueries that read only the selected columns, as PostGraphile does. The rows
 * it returns have the shape the Prisma query would have had (scalar fields under their Prisma
 * names) and carry the nested results under `PLANNED`, keyed by response key, where the field
 * resolvers pick them up (plan/plugin.ts) instead of querying again.
 *
 * Authorization is unchanged: the rows are limited to the viewer's visible sets of
 * `access/visible.ts` (computed with READ_WHERE, the rules every list uses), passed as array
 * parameters; the type-level read rules and `read-filter.ts` still check every object as on the
 * resolver path. Anything the planner does not cover (a field it does not know, a field with its
 * own resolver logic, a directive, a filter, a cursor) answers null: the caller runs today's
 * resolver path for the whole root field.
 */

/** Where the planned nested values of an object are kept, by response key. */
export const PLANNED: unique symbol = Symbol("planned");

export type PlannedRow = Record<string, unknown> & { [PLANNED]?: Map<string, unknown> };

type Kind = "value" | "date" | "text";

/** A relation the planner answers: the SQL of its value for a parent row aliased `parent`. */
interface RelationSpec {
  type: string;
  /** Compiles the subquery; `obj` builds the JSON object of a child row aliased as given. */
  sql: (b: Builder, parent: string, field: PlannedField, child: (alias: string) => string) => string;
  /** One object (or null) rather than a list. */
  single?: boolean;
}

interface TypeSpec {
  table: string;
  /** Columns every row carries whatever is selected: the id and what the type's read rule needs. */
  always: Record<string, string>;
  /** Fields read straight from a column (`t.expose*`), by GraphQL name = Prisma name. */
  columns: Record<string, [string, Kind]>;
  relations: Record<string, RelationSpec>;
}

/** Statement text and parameters being built; parameters are numbered in order of use. */
class Builder {
  params: unknown[] = [];
  private n = 0;
  constructor(readonly ctx: Context) {}
  param(value: unknown, cast: string): string {
    this.params.push(value);
    return `$${this.params.length}::${cast}`;
  }
  alias(): string {
    return `t${this.n++}`;
  }
  /** The viewer's visible ids per model (loaded before compiling), each a parameter once it is used. */
  sets = new Map<VisibleModel, Set<string>>();
  private used = new Map<VisibleModel, string>();
  visible(model: VisibleModel): string {
    let p = this.used.get(model);
    if (!p) {
      p = this.param([...this.sets.get(model)!], "text[]");
      this.used.set(model, p);
    }
    return p;
  }
}

type VisibleModel = "process" | "risk";

const LIST = (sql: string, order: string) => `coalesce(json_agg(${sql} ORDER BY ${order}), '[]'::json)`;

const SPECS: Record<string, TypeSpec> = {
  Process: {
    table: "process",
    always: { id: "id" },
    columns: {
      code: ["code", "value"],
      name: ["name", "value"],
      nameEn: ["name_en", "value"],
      category: ["category", "value"],
      goal: ["goal", "value"],
      goalEn: ["goal_en", "value"],
      major: ["major", "value"],
      common: ["common", "value"],
      classification: ["classification", "value"],
      status: ["status", "value"],
      version: ["version", "value"],
      archivedAt: ["archived_at", "date"],
      updatedAt: ["updated_at", "date"],
    },
    relations: {
      // ProcessNode.steps: where archivedAt null, order by position; the steps share the process's read rule.
      steps: {
        type: "ProcessStep",
        sql: (b, p, _f, child) => {
          const s = b.alias();
          return `(SELECT ${LIST(child(s), `${s}.position, ${s}.id`)} FROM process_step ${s} WHERE ${s}.process_id = ${p}.id AND ${s}.archived_at IS NULL)`;
        },
      },
    },
  },
  ProcessStep: {
    table: "process_step",
    always: { id: "id", processId: "process_id" },
    columns: {
      position: ["position", "value"],
      name: ["name", "value"],
      nameEn: ["name_en", "value"],
      description: ["description", "value"],
      archivedAt: ["archived_at", "date"],
    },
    relations: {
      // ProcessStepNode.indicators: indicatorWhere(viewer) (the indicator's process is readable) and not archived, by code.
      indicators: {
        type: "Indicator",
        sql: (b, p, _f, child) => {
          const i = b.alias();
          const visible = b.visible("process");
          return `(SELECT ${LIST(child(i), `${i}.code`)} FROM indicator ${i} WHERE ${i}.step_id = ${p}.id AND ${i}.archived_at IS NULL AND ${i}.process_id = ANY(${visible}))`;
        },
      },
    },
  },
  Indicator: {
    table: "indicator",
    always: { id: "id", processId: "process_id" },
    columns: {
      code: ["code", "value"],
      name: ["name", "value"],
      nameEn: ["name_en", "value"],
      kind: ["kind", "value"],
      unit: ["unit", "value"],
      direction: ["direction", "value"],
      target: ["target", "value"],
      targetLow: ["target_low", "value"],
      targetHigh: ["target_high", "value"],
      expectedIntervalMinutes: ["expected_interval_minutes", "value"],
      status: ["status", "value"],
      lastValue: ["last_value", "value"],
      lastObservedAt: ["last_observed_at", "date"],
      archivedAt: ["archived_at", "date"],
    },
    relations: {
      // IndicatorNode.readings: newest first, the last `last` (0-1000); a `range` is not planned.
      readings: {
        type: "Reading",
        sql: (b, p, f, child) => {
          if (f.args.range != null) throw new NotPlanned("readings(range:)");
          const r = b.alias();
          const last = Math.max(0, Math.min((f.args.last as number | null) ?? 100, 1000));
          return `(SELECT ${LIST(child(r), `${r}.observed_at DESC, ${r}.id DESC`)} FROM (SELECT * FROM reading WHERE indicator_id = ${p}.id ORDER BY observed_at DESC, id DESC LIMIT ${b.param(last, "int")}) ${r})`;
        },
      },
    },
  },
  Reading: {
    table: "reading",
    always: {},
    columns: { id: ["id", "text"], value: ["value", "value"], observedAt: ["observed_at", "date"], key: ["key", "value"] },
    relations: {},
  },
  Risk: {
    table: "risk",
    always: { id: "id" },
    columns: {
      code: ["code", "value"],
      title: ["title", "value"],
      titleEn: ["title_en", "value"],
      description: ["description", "value"],
      category: ["category", "value"],
      status: ["status", "value"],
      classification: ["classification", "value"],
      currentScore: ["current_score", "value"],
      currentLevel: ["current_level", "value"],
      archivedAt: ["archived_at", "date"],
    },
    relations: {
      // RiskNode.latestAssessment / previousAssessment: assessments newest first (assessedAt, createdAt), the first / second.
      latestAssessment: { type: "RiskAssessment", single: true, sql: (b, p, _f, child) => assessmentAt(b, p, child, 0) },
      previousAssessment: { type: "RiskAssessment", single: true, sql: (b, p, _f, child) => assessmentAt(b, p, child, 1) },
    },
  },
  RiskAssessment: {
    table: "risk_assessment",
    always: { id: "id", riskId: "risk_id" },
    columns: {
      likelihood: ["likelihood", "value"],
      impact: ["impact", "value"],
      score: ["score", "value"],
      level: ["level", "value"],
      expectedLoss: ["expected_loss", "value"],
      rationale: ["rationale", "value"],
      assessedAt: ["assessed_at", "date"],
    },
    relations: {},
  },
};

function assessmentAt(b: Builder, p: string, child: (alias: string) => string, offset: number): string {
  const a = b.alias();
  return `(SELECT ${child(a)} FROM risk_assessment ${a} WHERE ${a}.risk_id = ${p}.id ORDER BY ${a}.assessed_at DESC, ${a}.created_at DESC LIMIT 1 OFFSET ${offset})`;
}

/** The fields of each planned type that plan/plugin.ts answers from the parent's planned values. */
export const PLANNED_FIELDS: ReadonlyMap<string, ReadonlySet<string>> = new Map(Object.entries(SPECS).map(([type, spec]) => [type, new Set(Object.keys(spec.relations))]));

/** How to turn one parsed JSON object back into the row Prisma would have returned. */
interface Decoder {
  dates: string[];
  relations: { key: string; name: string; decoder: Decoder; single: boolean }[];
}

const REL = "\u0001";

/** The JSON object expression of one row of `type` aliased `alias`, with the decoder of its JSON. */
function objectSql(b: Builder, type: GraphQLObjectType, alias: string, fields: PlannedField[], info: GraphQLResolveInfo): [string, Decoder] {
  const spec = SPECS[type.name];
  if (!spec) throw new NotPlanned(type.name);
  const pairs = new Map<string, string>();
  const decoder: Decoder = { dates: [], relations: [] };
  for (const [prop, col] of Object.entries(spec.always)) pairs.set(prop, `${alias}.${col}`);
  for (const f of fields) {
    const column = spec.columns[f.name];
    if (column) {
      const [col, kind] = column;
      if (kind === "date") {
        pairs.set(f.name, `(extract(epoch FROM ${alias}.${col}) * 1000)::float8`);
        decoder.dates.push(f.name);
      } else pairs.set(f.name, kind === "text" ? `${alias}.${col}::text` : `${alias}.${col}`);
      continue;
    }
    // The node id field reads `id`, always selected.
    if (f.name === "id" && spec.always.id) continue;
    const rel = spec.relations[f.name];
    if (!rel || !f.type || f.type.name !== rel.type) throw new NotPlanned(`${type.name}.${f.name}`);
    const sub = collect(info, f.type, f.nodes);
    let childDecoder: Decoder | undefined;
    const sql = rel.sql(b, alias, f, (a) => {
      const [obj, d] = objectSql(b, f.type!, a, sub, info);
      childDecoder = d;
      return obj;
    });
    pairs.set(REL + f.key, sql);
    decoder.relations.push({ key: f.key, name: f.name, decoder: childDecoder!, single: !!rel.single });
  }
  if (pairs.size > 50) throw new NotPlanned("json_build_object takes 100 arguments");
  return [`json_build_object(${[...pairs].map(([k, v]) => `'${k}', ${v}`).join(", ")})`, decoder];
}

function decode(row: Record<string, unknown>, d: Decoder): PlannedRow {
  for (const key of d.dates) if (row[key] != null) row[key] = new Date(row[key] as number);
  if (d.relations.length) {
    const planned = new Map<string, unknown>();
    for (const { key, name, decoder, single } of d.relations) {
      const value = row[REL + key] as Record<string, unknown>[] | Record<string, unknown> | null;
      delete row[REL + key];
      const decoded = single ? (value == null ? null : decode(value as Record<string, unknown>, decoder)) : (value as Record<string, unknown>[]).map((v) => decode(v, decoder));
      planned.set(key, decoded);
      // A Prisma relation field (`t.relation`) counts as loaded when its parent holds it under the
      // relation's name; only then does plugin-prisma call the resolver (plan/plugin.ts answers
      // from PLANNED) instead of loading the relation again.
      if (!single && row[name] === undefined) row[name] = decoded;
    }
    (row as PlannedRow)[PLANNED] = planned;
  }
  return row as PlannedRow;
}

/** The primary sort of a root connection (then `id` ascending, as the resolvers tie-break). */
export interface RootOrder {
  column: string;
  desc: boolean;
  nullsLast: boolean;
}

/** A root connection the planner answers: its table, visible set, and the order of its `orderBy` argument. */
export interface RootSpec {
  type: string;
  visible: VisibleModel;
  /** The sort the arguments ask for; null: not planned. */
  order: (args: RootArgs) => RootOrder | null;
}

/** The root field's own arguments the planner reads (a filter is not planned). */
export interface RootArgs {
  filter?: unknown;
  orderBy?: unknown;
}

/**
 * A root connection's spec: its `orderBy: { field, direction }` argument as SQL columns (`CODE` by
 * default); `nullsLast` fields sort nulls last.
 */
export function rootSpec(type: string, visible: VisibleModel, columns: Record<string, string>, nullsLast: readonly string[] = []): RootSpec {
  return {
    type,
    visible,
    order: (args) => {
      const o = args.orderBy as { field?: string; direction?: "ASC" | "DESC" } | null | undefined;
      const field = o?.field ?? "CODE";
      const column = columns[field];
      return column ? { column, desc: o?.direction === "DESC", nullsLast: nullsLast.includes(field) } : null;
    },
  };
}

/** Pothos's page of a connection: `take` one more than the page (negative for `last`/`before`), `cursor` (skip 1) for after/before. */
export interface PageQuery {
  take?: number;
  skip?: number;
  cursor?: unknown;
}

/** `ORDER BY` of a root's rows, read forwards or (for a negative take) from the end. */
function orderSql(t: string, o: RootOrder, backwards: boolean): string {
  const desc = o.desc !== backwards;
  const nulls = o.nullsLast ? (backwards ? " NULLS FIRST" : " NULLS LAST") : "";
  return `${t}.${o.column} ${desc ? "DESC" : "ASC"}${nulls}, ${t}.id ${backwards ? "DESC" : "ASC"}`;
}

/**
 * Prisma's cursor: the rows from the cursor row on, in the direction read (the cursor row's own
 * values compared, whether or not the row is in the list; none when it does not exist).
 */
function cursorSql(b: Builder, table: string, t: string, o: RootOrder, backwards: boolean, id: string): string {
  const c = b.alias();
  const after = o.desc !== backwards ? "<" : ">";
  const ids = backwards ? "<=" : ">=";
  return `EXISTS (SELECT 1 FROM ${table} ${c} WHERE ${c}.id = ${b.param(id, "text")} AND (${t}.${o.column} ${after} ${c}.${o.column} OR (${t}.${o.column} = ${c}.${o.column} AND ${t}.id ${ids} ${c}.id)))`;
}

/**
 * The rows of a root connection for this selection, in the order and page the Prisma query would
 * return them, or null when the planner does not cover the request (the caller falls back).
 */
export async function planConnection(ctx: Context, info: GraphQLResolveInfo, root: RootSpec, args: RootArgs, page: PageQuery): Promise<PlannedRow[] | null> {
  if (!ctx.caches.planner.enabled || args.filter != null || typeof page.take !== "number") return null;
  const order = root.order(args);
  const cursor = page.cursor as { id?: unknown } | undefined;
  // A cursor over a nullable sort column would need Prisma's null handling: not planned.
  if (!order || (cursor && (typeof cursor.id !== "string" || order.nullsLast))) return null;
  const b = new Builder(ctx);
  let text: string;
  let decoder: Decoder;
  try {
    // The connection's `edges` (any alias) → `node` (any alias): the node objects' merged selection.
    const connType = getObject(info.returnType);
    const edgeType = getObject(connType.getFields().edges?.type);
    const nodeType = getObject(edgeType.getFields().node?.type);
    if (nodeType.name !== root.type) return null;
    const edges = collect(info, edgeType, nodesOf(collect(info, connType, info.fieldNodes), "edges"));
    const fields = collect(info, nodeType, nodesOf(edges, "node"));
    // The viewer's sets (access/visible.ts, cached until the next write): the root's, and the
    // processes that scope nested indicators whatever the root.
    for (const model of new Set<VisibleModel>([root.visible, "process"])) b.sets.set(model, await visibleIds(ctx, model));
    const visible = b.visible(root.visible);
    const t = b.alias();
    const [obj, d] = objectSql(b, nodeType, t, fields, info);
    decoder = d;
    const backwards = page.take < 0;
    const table = SPECS[root.type].table;
    const from = cursor ? ` AND ${cursorSql(b, table, t, order, backwards, cursor.id as string)}` : "";
    text =
      `SELECT ${LIST(obj, orderSql(t, order, false))}::text AS data ` +
      `FROM (SELECT * FROM ${table} ${t} WHERE ${t}.id = ANY(${visible}) AND ${t}.archived_at IS NULL${from} ` +
      `ORDER BY ${orderSql(t, order, backwards)} LIMIT ${b.param(Math.abs(page.take), "int")} OFFSET ${b.param(page.skip ?? 0, "int")}) ${t}`;
  } catch (e) {
    if (e instanceof NotPlanned) return null;
    throw e;
  }
  // The statement answers the selection Pothos's Prisma query describes: mark it used (its getters record use).
  for (const key of Object.keys(page)) void page[key as keyof PageQuery];
  // Straight on the driver: Prisma's client would map the one text column of ~100 KB through its
  // query interpreter (measured: the statement took 27-36 ms through it, 11-13 ms on pg).
  const rows = await ctx.caches.planner.read(text, b.params);
  return (JSON.parse(rows[0].data as string) as Record<string, unknown>[]).map((r) => decode(r, decoder));
}

function getObject(type: unknown): GraphQLObjectType {
  let t = type as { ofType?: unknown };
  while (t.ofType) t = t.ofType as { ofType?: unknown };
  return t as unknown as GraphQLObjectType;
}
