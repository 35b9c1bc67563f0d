import type { DocumentNode, GraphQLSchema } from "graphql";

/** What identifies one operation of a request: its parsed document, operation name and (raw) variables. */
export interface OperationKey {
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
}

/** Variables with more values than this are not kept as a key (see `keyOf`). */
export const MAX_KEYED_VALUES = 1000;

/**
 * The operation and its variables as one key; without variables (most requests), no JSON. Null
 * for variables of more than `MAX_KEYED_VALUES` values (a batch of 1,000 readings: a 100 KB key,
 * stringified per request, never asked again, kept until 100 others pushed it out; issue 13).
 */
function keyOf(operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): string | null {
  for (const _ in variables) return fewVariableValues(variables) ? `${operationName ?? ""}\u0000${JSON.stringify(variables)}` : null;
  return operationName ?? "";
}

/** Whether the (raw) variables hold at most `MAX_KEYED_VALUES` values: a batch of readings does not. */
export function fewVariableValues(variables: Record<string, unknown> | null | undefined): boolean {
  return variables == null || fewValues(variables, { left: MAX_KEYED_VALUES });
}

/** Whether `value` holds at most `budget.left` values (objects, lists and leaves), counting them off; stops at the first one over. */
function fewValues(value: unknown, budget: { left: number }): boolean {
  if (--budget.left < 0) return false;
  if (value === null || typeof value !== "object") return true;
  for (const v of Array.isArray(value) ? value : Object.values(value)) if (!fewValues(v, budget)) return false;
  return true;
}

/**
 * A value computed once per operation and variables (yoga keeps one parsed `DocumentNode` per
 * query text, so a document is the text): kept per document, at most `max` variable sets each,
 * the oldest dropped first; with many variable values, computed afresh (`keyOf`). `compute` must
 * depend on nothing else (not the viewer).
 */
export function operationMemo<T, A extends OperationKey>(compute: (args: A) => T, max = 100): (args: A) => T {
  const kept = new WeakMap<DocumentNode, Map<string, T>>();
  return (args) => {
    let byVariables = kept.get(args.document);
    if (!byVariables) {
      byVariables = new Map();
      kept.set(args.document, byVariables);
    }
    const key = keyOf(args.operationName, args.variableValues);
    if (key === null) return compute(args);
    if (byVariables.has(key)) return byVariables.get(key) as T;
    const value = compute(args);
    byVariables.set(key, value);
    if (byVariables.size > max) byVariables.delete(byVariables.keys().next().value!);
    return value;
  };
}

/**
 * A value computed once per parsed document and operation name for a schema, whatever the
 * variables (the shape of an operation: what a plugin may decide before reading its variables).
 * `compute` must depend on nothing else.
 */
export function documentMemo<T, A extends { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null }>(compute: (args: A) => T): (args: A) => T {
  const kept = new WeakMap<DocumentNode, { schema: GraphQLSchema; byName: Map<string, T> }>();
  return (args) => {
    let entry = kept.get(args.document);
    if (entry?.schema !== args.schema) {
      entry = { schema: args.schema, byName: new Map() };
      kept.set(args.document, entry);
    }
    const name = args.operationName ?? "";
    if (!entry.byName.has(name)) entry.byName.set(name, compute(args));
    return entry.byName.get(name) as T;
  };
}
