import { getDatamodel } from "../generated/pothos-types.js";
import type { RawRead } from "./adapter.js";
import type { PrismaClient } from "./db.js";

/**
 * `findUnique` by id on the driver, for a Prisma `include` / `select` tree of to-one relations
 * (issue 13 item 1). A live event is read once per group and selection, but every event has a new
 * id, so Prisma's query compiler (WebAssembly) plans each read anew and its client maps the rows:
 * most of the time between the publish and the first frame. The same tree compiles here once per
 * shape into ONE statement (`to_jsonb` of each row, to-one relations as correlated subqueries on
 * their foreign key), with the id as its parameter; the row comes back in the shape Prisma's would
 * have (scalar fields under their Prisma names, `DateTime` as Date, `BigInt` as bigint, relations
 * nested, null for an absent optional one), so the Pothos resolvers use it as they use Prisma's.
 * Anything else (a list relation, arguments such as `where`/`orderBy`, `_count`, a Decimal or
 * Bytes field) answers null: the caller uses Prisma.
 */

interface RuntimeField {
  name: string;
  kind: string;
  type: string;
  dbName?: string | null;
}
interface PothosField {
  name: string;
  kind: string;
  type: string;
  isList: boolean;
  isId: boolean;
  relationFromFields?: string[];
}

interface Scalar {
  name: string;
  column: string;
  type: string;
  isList: boolean;
}
interface Model {
  table: string;
  id: Scalar;
  scalars: Map<string, Scalar>;
  /** To-one relations whose foreign key is on this model (one column), by field name. */
  relations: Map<string, { target: string; fk: Scalar }>;
  /** Every other relation field (lists, the other side of a one-to-one): not handled here. */
  others: Set<string>;
}

/** A compiled tree: the fields to copy, the relations to descend into. */
interface Shape {
  model: Model;
  /** Scalars to copy: all (`include`) or the selected ones (`select`). */
  scalars: Scalar[];
  relations: { name: string; shape: Shape }[];
}

const UNSUPPORTED = new Set(["Decimal", "Bytes", "Unsupported"]);
const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

const modelCache = new WeakMap<object, Map<string, Model>>();

function modelsOf(prisma: PrismaClient): Map<string, Model> | null {
  const cached = modelCache.get(prisma);
  if (cached) return cached;
  const runtime = (prisma as unknown as { _runtimeDataModel?: { models: Record<string, { dbName?: string | null; fields: RuntimeField[] }> } })._runtimeDataModel;
  if (!runtime) return null;
  const pothos = getDatamodel().datamodel.models as unknown as Record<string, { fields: PothosField[] }>;
  const models = new Map<string, Model>();
  for (const [name, m] of Object.entries(runtime.models)) {
    const p = pothos[name];
    if (!p) continue;
    const columns = new Map(m.fields.map((f) => [f.name, f.dbName ?? f.name]));
    const scalars = new Map<string, Scalar>();
    let id: Scalar | undefined;
    for (const f of p.fields) {
      if (f.kind !== "scalar" && f.kind !== "enum") continue;
      const s: Scalar = { name: f.name, column: columns.get(f.name) ?? f.name, type: f.kind === "enum" ? "String" : f.type, isList: f.isList };
      scalars.set(f.name, s);
      if (f.isId) id = s;
    }
    if (!id) continue;
    const relations = new Map<string, { target: string; fk: Scalar }>();
    const others = new Set<string>();
    for (const f of p.fields) {
      if (f.kind !== "object") continue;
      const fk = f.relationFromFields?.length === 1 ? scalars.get(f.relationFromFields[0]!) : undefined;
      if (!f.isList && fk) relations.set(f.name, { target: f.type, fk });
      else others.add(f.name);
    }
    models.set(name, { table: m.dbName ?? name, id, scalars, relations, others });
  }
  modelCache.set(prisma, models);
  return models;
}

/** The shape of a Prisma `{ include } | { select }` argument, or null when it asks for more than this reader does. */
function shapeOf(models: Map<string, Model>, model: Model, query: unknown): Shape | null {
  if (query === true || query == null) return { model, scalars: [...model.scalars.values()], relations: [] };
  if (typeof query !== "object") return null;
  const keys = Object.keys(query);
  if (keys.some((k) => k !== "include" && k !== "select")) return null;
  const q = query as { include?: Record<string, unknown>; select?: Record<string, unknown> };
  if (q.include && q.select) return null;
  const fields = q.select ?? q.include ?? {};
  const shape: Shape = { model, scalars: q.select ? [] : [...model.scalars.values()], relations: [] };
  for (const [name, value] of Object.entries(fields)) {
    if (value === false || value === undefined) continue;
    const scalar = model.scalars.get(name);
    if (scalar) {
      if (value !== true) return null;
      if (q.select) shape.scalars.push(scalar);
      continue;
    }
    const relation = model.relations.get(name);
    const target = relation && models.get(relation.target);
    if (!relation || !target) return null;
    const child = shapeOf(models, target, value);
    if (!child) return null;
    shape.relations.push({ name, shape: child });
  }
  if (shape.scalars.some((s) => UNSUPPORTED.has(s.type) || (s.isList && s.type !== "String"))) return null;
  return shape;
}

/** The jsonb expression of row `alias` of a shape: the row, its BigInt columns as text, its relations under `#name`. */
function rowSql(shape: Shape, alias: string, next: { n: number }): string {
  const pairs: string[] = [];
  for (const s of shape.model.scalars.values()) if (s.type === "BigInt") pairs.push(`'${s.column}', ${alias}.${quote(s.column)}::text`);
  for (const r of shape.relations) {
    const { fk } = shape.model.relations.get(r.name)!;
    const child = `t${next.n++}`;
    const target = r.shape.model;
    pairs.push(
      `'#${r.name}', (SELECT ${rowSql(r.shape, child, next)} FROM ${quote(target.table)} ${child} WHERE ${child}.${quote(target.id.column)} = ${alias}.${quote(fk.column)})`,
    );
  }
  return pairs.length ? `to_jsonb(${alias}) || jsonb_build_object(${pairs.join(", ")})` : `to_jsonb(${alias})`;
}

const ZONED = /(?:[zZ]|[+-]\d\d(?::?\d\d)?)$/;

function scalarValue(s: Scalar, v: unknown): unknown {
  if (v == null) return null;
  switch (s.type) {
    case "DateTime": {
      const text = String(v);
      return new Date(ZONED.test(text) ? text : text.length === 10 ? `${text}T00:00:00Z` : `${text}Z`);
    }
    case "BigInt":
      return BigInt(v as string);
    case "Float":
      return typeof v === "string" ? Number(v) : v;
    default:
      return v;
  }
}

function rowValue(shape: Shape, json: Record<string, unknown> | null): Record<string, unknown> | null {
  if (json == null) return null;
  const row: Record<string, unknown> = {};
  for (const s of shape.scalars) row[s.name] = scalarValue(s, json[s.column]);
  for (const r of shape.relations) row[r.name] = rowValue(r.shape, (json[`#${r.name}`] ?? null) as Record<string, unknown> | null);
  return row;
}

interface Compiled {
  text: string;
  shape: Shape;
}
const compiledCache = new WeakMap<object, Map<string, Compiled | null>>();
const MAX_SHAPES = 200;

function compile(prisma: PrismaClient, modelName: string, query: object): Compiled | null {
  let cache = compiledCache.get(prisma);
  if (!cache) {
    cache = new Map();
    compiledCache.set(prisma, cache);
  }
  const key = `${modelName}|${JSON.stringify(query)}`;
  if (cache.has(key)) return cache.get(key)!;
  const models = modelsOf(prisma);
  const model = models?.get(modelName);
  const shape = models && model ? shapeOf(models, model, Object.keys(query).length ? query : true) : null;
  const compiled = shape ? { text: `SELECT ${rowSql(shape, "t0", { n: 1 })} AS row FROM ${quote(model!.table)} t0 WHERE t0.${quote(model!.id.column)} = $1`, shape } : null;
  if (cache.size >= MAX_SHAPES) cache.delete(cache.keys().next().value!);
  cache.set(key, compiled);
  return compiled;
}

/**
 * The row of `modelName` with this id, in the shape `query` asks for, read in one statement on the
 * driver; null when this reader does not handle the query (use Prisma). Rejects when there is no
 * such row, as `findUniqueOrThrow` does.
 */
export function findByIdOnDriver(prisma: PrismaClient, read: RawRead, modelName: string, id: string | bigint, query: object): Promise<Record<string, unknown>> | null {
  const compiled = compile(prisma, modelName, query);
  if (!compiled) return null;
  return read(compiled.text, [String(id)]).then((rows) => {
    const row = rowValue(compiled.shape, (rows[0]?.row ?? null) as Record<string, unknown> | null);
    if (!row) throw new Error(`No ${modelName} ${String(id)}`);
    return row;
  });
}
