import { GraphQLError } from "graphql";

/** Limits from graphql-armor carry no code; these give each a stable `extensions.code`. */
const LIMIT_CODES: [RegExp, string][] = [
  [/depth limit/i, "QUERY_TOO_DEEP"],
  [/aliases limit/i, "TOO_MANY_ALIASES"],
  [/token limit/i, "TOO_MANY_TOKENS"],
  [/directives limit/i, "TOO_MANY_DIRECTIVES"],
  [/cost limit|complexity/i, "QUERY_TOO_COMPLEX"],
];

/**
 * yoga's error mask: errors meant for the client (a stable code, or GraphQL's own validation
 * errors) pass; anything else — a bug, a database error with SQL in it — becomes
 * "Unexpected error." with code INTERNAL_SERVER_ERROR, and is logged by the caller.
 */
export function maskError(error: unknown, message: string): Error {
  const gql = error instanceof GraphQLError ? error : null;
  const original = gql?.originalError ?? error;
  // A GraphQLError thrown by a resolver arrives wrapped; its own code is what counts.
  const inner = original instanceof GraphQLError ? original : gql;
  if (inner?.extensions?.code && inner.extensions.code !== "INTERNAL_SERVER_ERROR") {
    return new GraphQLError(inner.message, { nodes: gql?.nodes, path: gql?.path, extensions: inner.extensions });
  }
  if (gql && !gql.originalError) {
    const limit = LIMIT_CODES.find(([re]) => re.test(gql.message));
    const code = limit?.[1] ?? "GRAPHQL_VALIDATION_FAILED";
    return new GraphQLError(gql.message.replace(/^Syntax Error: /, ""), { nodes: gql.nodes, extensions: { ...gql.extensions, code } });
  }
  const limit = LIMIT_CODES.find(([re]) => re.test(String((original as Error)?.message ?? "")));
  if (limit && gql) return new GraphQLError(gql.message, { nodes: gql.nodes, path: gql.path, extensions: { code: limit[1] } });
  return new GraphQLError(message, { nodes: gql?.nodes, path: gql?.path, extensions: { code: "INTERNAL_SERVER_ERROR" } });
}
