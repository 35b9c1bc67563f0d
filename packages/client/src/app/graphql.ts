import { initGraphQLTada } from "gql.tada";
import type { introspection } from "../graphql-env";

/**
 * Typed GraphQL documents (gql.tada): result and variable types come from the API's schema
 * (`src/graphql-env.d.ts`, generated from packages/server/schema.graphql), so a renamed field or
 * a changed type fails the type-check. Fragments are not masked: a component reads a fragment's
 * fields straight from the result that spread it.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  disableMasking: true;
  scalars: { DateTime: string; JSON: unknown; File: File };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from "gql.tada";
