import { complexityFromQuery } from "@pothos/plugin-complexity";
import { type DocumentNode, type GraphQLSchema, Kind, type OperationDefinitionNode } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Context } from "../context.js";

/** Costs kept per parsed document (yoga reuses one DocumentNode per query text); per document, by operation and variables. */
const costs = new WeakMap<DocumentNode, Map<string, number | null>>();
const MAX_PER_DOCUMENT = 100;

/** The operation that runs and the fragments, as a document of its own (complexityFromQuery costs the first operation). */
function only(document: DocumentNode, operationName: string | null | undefined): DocumentNode {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  return { ...document, definitions: document.definitions.filter((d) => d.kind !== Kind.OPERATION_DEFINITION || d === operation) };
}

/** The operation and its variables as one key; without variables (most requests), no JSON. */
function keyOf(operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): string {
  let none = true;
  for (const _ in variables) {
    none = false;
    break;
  }
  return none ? (operationName ?? "") : `${operationName ?? ""}\u0000${JSON.stringify(variables)}`;
}

/** The cost of this operation with these variables (null: not computable here), computed once. */
function costOf(args: {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | null;
  variableValues?: Record<string, unknown> | null;
  contextValue: Context;
}): number | null {
  let kept = costs.get(args.document);
  if (!kept) {
    kept = new Map();
    costs.set(args.document, kept);
  }
  const key = keyOf(args.operationName, args.variableValues);
  const hit = kept.get(key);
  if (hit !== undefined) return hit;
  let cost: number | null;
  try {
    cost = complexityFromQuery(only(args.document, args.operationName), { schema: args.schema, variables: args.variableValues ?? {}, ctx: args.contextValue }).complexity;
  } catch {
    cost = null;
  }
  kept.set(key, cost);
  if (kept.size > MAX_PER_DOCUMENT) kept.delete(kept.keys().next().value!);
  return cost;
}

/**
 * §6.4 cost limit, without costing the same query anew on every request (issue 13: 6 % of the
 * server's CPU on the simple list query). The cost of a query and its variables is computed once
 * (fields cost by their arguments alone); a query within the budget is marked in its context, and
 * the complexity plugin (builder.ts `limit`) skips it. A query over the budget, or one not costed
 * here, is left to the plugin, which refuses it exactly as before (QUERY_TOO_COMPLEX).
 */
export function complexityMemo(): Plugin<Context> {
  return {
    onExecute({ args }) {
      const ctx = args.contextValue as Context;
      const cost = costOf(args as never);
      if (cost !== null && cost <= ctx.limits.complexity) ctx.limits = { ...ctx.limits, costChecked: true };
    },
  };
}
