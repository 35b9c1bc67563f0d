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

type SchemaTypes = introspection["types"];
/** The names of the schema's enums. */
type EnumName = { [K in keyof SchemaTypes]: SchemaTypes[K] extends { enumValues: string } ? K : never }[keyof SchemaTypes];

/** An enum of the API's schema as the union of its values, read from schema.graphql (`Enum<"AlertLevel">`): no hand-written copy. */
export type Enum<Name extends EnumName> = SchemaTypes[Name] extends { enumValues: infer V extends string } ? V : never;

/**
 * Every value of an enum for a list the dashboard shows (a filter's options, in the order given),
 * checked against the schema both ways: a value the API drops or adds breaks the type-check.
 */
export function enumValues<Name extends EnumName>(values: Record<Enum<Name>, true>): readonly Enum<Name>[] {
  return Object.keys(values) as Enum<Name>[];
}
