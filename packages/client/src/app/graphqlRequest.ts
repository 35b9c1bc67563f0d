import { stringifyDocument, type TypedDocumentNode } from "urql";

/** A GraphQL error as the API sends it, with its stable `extensions.code`. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
    readonly status: number | null,
  ) {
    super(message);
  }
}

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * One POST to /graphql outside urql (sign-in, token refresh, the explorer): a typed document,
 * or the explorer's text. Throws ApiError on GraphQL errors when `throwOnErrors` (default), or
 * a network TypeError when the server is away.
 */
export async function graphqlRequest<T, V extends Record<string, unknown> = Record<string, unknown>>(
  query: TypedDocumentNode<T, V> | string,
  variables: V | undefined,
  token: string | null,
  options: { throwOnErrors?: boolean; signal?: AbortSignal } = {},
): Promise<GraphQLResponse<T> & { status: number }> {
  const res = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: typeof query === "string" ? query : stringifyDocument(query), variables }),
    signal: options.signal,
  });
  let body: GraphQLResponse<T>;
  try {
    body = (await res.json()) as GraphQLResponse<T>;
  } catch {
    throw new ApiError(`HTTP ${res.status}`, null, res.status);
  }
  if (options.throwOnErrors !== false && body.errors?.length) {
    const e = body.errors[0];
    throw new ApiError(e.message, e.extensions?.code ?? null, res.status);
  }
  return { ...body, status: res.status };
}
