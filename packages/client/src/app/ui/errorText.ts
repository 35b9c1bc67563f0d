import type { CombinedError } from "urql";

/** The server's own words for a refused mutation (its first GraphQL error), else the network's. */
export function errorText(error: CombinedError | undefined): string | null {
  if (!error) return null;
  return error.graphQLErrors[0]?.message ?? error.networkError?.message ?? error.message;
}
