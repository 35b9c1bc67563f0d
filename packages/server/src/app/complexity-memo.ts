import { complexityFromQuery } from "@pothos/plugin-complexity";
import { type DocumentNode, type GraphQLSchema, Kind, type OperationDefinitionNode } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Context } from "../context.js";
import { fewVariableValues, operationMemo } from "../lib/operation-memo.js";

/** The operation that runs and the fragments, as a document of its own (complexityFromQuery costs the first operation). */
function only(document: DocumentNode, operationName: string | null | undefined): DocumentNode {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  return { ...document, definitions: document.definitions.filter((d) => d.kind !== Kind.OPERATION_DEFINITION || d === operation) };
}

/** The cost of this operation with these variables (null: not computable here), computed once per operation and variables. */
const costOf = operationMemo(
  (args: {
    schema: GraphQLSchema;
    document: DocumentNode;
    operationName?: string | null;
    variableValues?: Record<string, unknown> | null;
    contextValue: Context;
  }): number | null => {
    try {
      return complexityFromQuery(only(args.document, args.operationName), { schema: args.schema, variables: args.variableValues ?? {}, ctx: args.contextValue }).complexity;
    } catch {
      return null;
    }
  },
);

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
      // Costing here coerces the variables with graphql-js (complexityFromQuery): for a batch of
      // 1,000 readings that was the ingest's largest remaining cost, paid again by execution (or
      // skipped by the direct ingest). Such an operation is left to the plugin, which costs it
      // at its root field with execution's coerced variables and refuses it exactly as before.
      if (!fewVariableValues(args.variableValues as Record<string, unknown> | null | undefined)) return;
      const cost = costOf(args as never);
      if (cost !== null && cost <= ctx.limits.complexity) ctx.limits = { ...ctx.limits, costChecked: true };
    },
  };
}
