import { lexicographicSortSchema, printSchema } from "graphql";
import { schema } from "./index.js";

/** The schema as committed in packages/server/schema.graphql: printed, types and fields sorted. */
export function printedSchema(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
