import type { GraphiQLProps } from "graphiql";
import { fillTimePlaceholders } from "./examples";

/** The body of a GraphQL answer, as the workbench shows it. */
export interface QueryAnswer {
  data?: unknown;
  errors?: unknown[];
}

/**
 * GraphiQL's fetcher: one POST to /graphql with the viewer's own bearer token (the dashboard's
 * session, renewed as it is everywhere else), so the schema's docs and completion and every
 * answer are what this viewer may see. `{{now-24h}}` placeholders in variables become times.
 * Every answer but GraphiQL's own introspection goes to `onAnswer` for the result pictures.
 */
export function createWorkbenchFetcher(getToken: () => string | null, onAnswer: (answer: QueryAnswer) => void): GraphiQLProps["fetcher"] {
  return async (params) => {
    const variables = params.variables ? (JSON.parse(fillTimePlaceholders(JSON.stringify(params.variables))) as Record<string, unknown>) : undefined;
    const token = getToken();
    const res = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: params.query, variables, operationName: params.operationName ?? undefined }),
    });
    const body = (await res.json().catch(() => ({ errors: [{ message: `HTTP ${res.status}` }] }))) as QueryAnswer;
    if (params.operationName !== "IntrospectionQuery") onAnswer(body);
    return body as never;
  };
}

/**
 * GraphiQL's storage (tabs, history, settings), kept per signed-in person: two people who use
 * the same browser do not see each other's queries.
 */
export function personalStorage(userId: string, backing: Storage = window.localStorage) {
  const prefix = `controlroom.workbench.${userId}.`;
  const keys = () => Array.from({ length: backing.length }, (_, i) => backing.key(i)).filter((k): k is string => !!k?.startsWith(prefix));
  return {
    getItem: (key: string) => backing.getItem(prefix + key),
    setItem: (key: string, value: string) => backing.setItem(prefix + key, value),
    removeItem: (key: string) => backing.removeItem(prefix + key),
    clear: () => {
      for (const k of keys()) backing.removeItem(k);
    },
    get length() {
      return keys().length;
    },
  };
}
