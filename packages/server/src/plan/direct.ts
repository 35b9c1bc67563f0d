import { type ExecutionArgs, type FieldNode, type FragmentDefinitionNode, type GraphQLField, getOperationAST, getVariableValues, Kind } from "graphql";
import type { Context } from "../context.js";
import { operationMemo } from "../lib/operation-memo.js";
import { Builder, buildObject, getObject, LIST, loadSets, objectSql, orderSql, type PothosExtensions, ROOTS, type RootSpec, rootRows, type VisibleModel } from "./planner.js";
import { collect, NotPlanned, type PlannedField, type SelectionInfo } from "./selection.js";

/**
 * The direct response (issue 13 item 7): a query whose every root field is a planned connection
 * (plan/planner.ts) and whose every field is plain is answered whole by one statement that
 * builds the response JSON, written as the body by plan/response.ts.
 */

/** Pothos's page size without `first` or `last` (builder.ts `defaultConnectionSize`), and its largest (`maxConnectionSize`). */
const DEFAULT_PAGE = 20;
const MAX_PAGE = 500;

/**
 * One root connection's response value, built by the statement: `{ edges: [{ node: {…} }] }`
 * under the response keys asked for. Only the first page in the root's order (`first`, or the
 * default size): a cursor, `last`, a filter, `pageInfo`, `totalCount` or `cursor` are not planned.
 */
function directConnection(b: Builder, info: SelectionInfo, field: PlannedField, root: RootSpec): string {
  const a = field.args;
  if (a.filter != null || a.last != null || a.after != null || a.before != null) throw new NotPlanned("page");
  const first = (a.first as number | null | undefined) ?? DEFAULT_PAGE;
  const order = root.order(a);
  if (!order || !Number.isInteger(first) || first < 0 || first > MAX_PAGE) throw new NotPlanned("page");
  const connType = field.type;
  const edgeType = connType && getObject(connType.getFields().edges?.type);
  const nodeType = edgeType && getObject(edgeType.getFields().node?.type);
  if (!connType || !edgeType || nodeType?.name !== root.type) throw new NotPlanned("connection");
  const t = b.alias();
  const pairs = new Map<string, string>();
  let lists = 0;
  for (const c of collect(info, connType, field.nodes)) {
    if (c.name === "__typename") pairs.set(c.key, `'${connType.name}'`);
    else if (c.name === "edges") {
      const edge = new Map<string, string>();
      for (const e of collect(info, edgeType, c.nodes)) {
        if (e.name === "__typename") edge.set(e.key, `'${edgeType.name}'`);
        else if (e.name === "node") edge.set(e.key, objectSql(b, nodeType, t, collect(info, nodeType, e.nodes), info)[0]);
        else throw new NotPlanned(`${edgeType.name}.${e.name}`);
      }
      pairs.set(c.key, LIST(buildObject(edge), orderSql(t, order, false)));
      lists++;
    } else throw new NotPlanned(`${connType.name}.${c.name}`);
  }
  if (!lists) return buildObject(pairs);
  return `(SELECT ${buildObject(pairs)} ${rootRows(b, root, t, order, { take: first, skip: 0 })})`;
}

/** Pothos scope-auth's `authScopes: { scope: true, … }` of a root field: the scopes of which the viewer needs any; anything else: not planned. */
function rootScopes(field: GraphQLField<unknown, unknown>): string[] {
  const wanted = (field.extensions as PothosExtensions)?.pothosOptions?.authScopes;
  if (!wanted || typeof wanted !== "object") throw new NotPlanned(`${field.name}: authScopes`);
  const entries = Object.entries(wanted);
  if (!entries.length || !entries.every(([k, v]) => v === true && !k.startsWith("$"))) throw new NotPlanned(`${field.name}: authScopes`);
  return entries.map(([k]) => k);
}

/** A direct statement compiled for one operation and its variables: what does not depend on the viewer. */
interface Compiled {
  text: string;
  params: unknown[];
  sets: [VisibleModel, number][];
  /** Per root field, the scopes of which the viewer needs any. */
  scopes: string[][];
}

/** The direct statement of an operation with these (raw) variables, compiled once; null when the direct path does not cover it. */
const compileDirect = operationMemo(compileOperation);

function compileOperation(args: ExecutionArgs): Compiled | null {
  const operation = getOperationAST(args.document, args.operationName);
  const query = args.schema.getQueryType();
  if (operation?.operation !== "query" || operation.directives?.length || !query) return null;
  const variables = getVariableValues(args.schema, operation.variableDefinitions ?? [], (args.variableValues ?? {}) as Record<string, unknown>);
  if (variables.errors) return null;
  const fragments = Object.fromEntries(args.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const info: SelectionInfo = { schema: args.schema, fragments, variableValues: variables.coerced };
  const b = new Builder(true);
  const pairs = new Map<string, string>();
  const scopes: string[][] = [];
  try {
    for (const f of collect(info, query, [{ selectionSet: operation.selectionSet } as FieldNode])) {
      if (f.name === "__typename") {
        pairs.set(f.key, `'${query.name}'`);
        continue;
      }
      const root = ROOTS.get(f.name);
      if (!root) return null;
      scopes.push(rootScopes(query.getFields()[f.name]));
      pairs.set(f.key, directConnection(b, info, f, root));
    }
  } catch (e) {
    if (e instanceof NotPlanned) return null;
    throw e;
  }
  // Only `__typename`: nothing to read.
  if (!scopes.length) return null;
  return { text: `SELECT json_build_object('data', ${buildObject(pairs)})::text AS data`, params: b.params, sets: [...b.used], scopes };
}

/** The text of a response built by the direct statement, and its `data` parsed only if something reads it. */
export interface DirectResult {
  readonly data: unknown;
  /** yoga's result processors write `stringify(result)` as the body (`jsonStringifyResultWithoutInternals`). */
  stringify: () => string;
}

/**
 * The whole response of a query operation whose every root field is a planned connection, built
 * as JSON text by ONE statement (issue 13 item 7; PostGraphile v4 does the same): no JSON.parse,
 * no graphql-js execution, no JSON.stringify. Null (the caller executes as usual) unless the
 * answer is exactly what execution would give: a query without operation directives, variables
 * that coerce, the cost already checked within the budget, each root field's own `authScopes`
 * granted to this viewer (refusals are execution's to report), and every selected field a
 * column, a planned relation, an id or `__typename` of a type whose per-object read rule the
 * statement applies (`ruleExpressed`). The rows are the viewer's visible sets, as on every path.
 */
export async function directResponse(args: ExecutionArgs, scopes: () => Record<string, unknown>): Promise<DirectResult | null> {
  const ctx = args.contextValue as Context;
  if (!ctx.caches.planner.enabled || !ctx.caches.planner.direct || !ctx.limits.costChecked) return null;
  const c = compileDirect(args);
  if (!c) return null;
  const granted = scopes();
  if (!c.scopes.every((any) => any.some((scope) => granted[scope] === true))) return null;
  const body = (await ctx.caches.planner.read(c.text, await loadSets(ctx, c.params, c.sets)))[0].data as string;
  let data: unknown;
  return {
    get data() {
      data ??= (JSON.parse(body) as { data: unknown }).data;
      return data;
    },
    stringify: () => body,
  };
}
