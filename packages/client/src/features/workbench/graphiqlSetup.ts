import type { GraphiQLProps } from "graphiql";
import { Kind, parse, type DocumentNode, type OperationDefinitionNode } from "graphql";
import { fillTimePlaceholders } from "./examples";

/** The body of a GraphQL answer, as the workbench shows it. */
export interface QueryAnswer {
  data?: unknown;
  errors?: unknown[];
}

/** The graphql-ws client's part the workbench uses: one operation as an async iterator of answers. */
export interface LiveSocket {
  iterate(request: { query: string; variables?: Record<string, unknown>; operationName?: string }): AsyncIterableIterator<unknown>;
}

export interface WorkbenchFetcherOptions {
  getToken: () => string | null;
  /** Every answer but GraphiQL's own introspection, for the result pictures. */
  onAnswer: (answer: QueryAnswer) => void;
  /** The dashboard's graphql-ws connection (the same socket the live screens use). */
  live: LiveSocket;
  /** True while a live query runs, false when it ends or is stopped. */
  onLive?: (running: boolean) => void;
}

/**
 * Whether the operation GraphiQL runs is a live query (`query … @live`, issue 14 item 5): the
 * operation named `operationName`, or the document's only one, is a query whose `@live` is not
 * switched off with `if: false`. A document that does not parse is not live (it goes over HTTP,
 * which answers with the syntax error).
 */
export function isLiveQuery(query: string, operationName?: string | null): boolean {
  let doc: DocumentNode;
  try {
    doc = parse(query);
  } catch {
    return false;
  }
  const operations = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const op = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (op?.operation !== "query") return false;
  const live = op.directives?.find((d) => d.name.value === "live");
  if (!live) return false;
  const on = live.arguments?.find((a) => a.name.value === "if")?.value;
  return !(on?.kind === Kind.BOOLEAN && !on.value);
}

/**
 * GraphiQL's fetcher. Queries and mutations: one POST to /graphql with the viewer's own bearer
 * token (the dashboard's session, renewed as it is everywhere else), so the schema's docs and
 * completion and every answer are what this viewer may see. A live query (`query … @live`) goes
 * over the dashboard's graphql-ws connection instead and comes back as an async iterator: the
 * server re-sends the whole answer whenever what it read changes, and GraphiQL and the result
 * pictures show each one as it arrives, until the viewer stops it or runs another operation.
 * `{{now-24h}}` placeholders in variables become times.
 */
export function createWorkbenchFetcher({ getToken, onAnswer, live, onLive }: WorkbenchFetcherOptions): GraphiQLProps["fetcher"] {
  return async (params) => {
    const variables = params.variables ? (JSON.parse(fillTimePlaceholders(JSON.stringify(params.variables))) as Record<string, unknown>) : undefined;
    const operationName = params.operationName ?? undefined;
    if (isLiveQuery(params.query, operationName)) {
      onLive?.(true);
      return liveAnswers(live.iterate({ query: params.query, variables, operationName }), onAnswer, () => onLive?.(false)) as never;
    }
    const token = getToken();
    const res = await fetch("/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: params.query, variables, operationName }),
    });
    const body = (await res.json().catch(() => ({ errors: [{ message: `HTTP ${res.status}` }] }))) as QueryAnswer;
    if (params.operationName !== "IntrospectionQuery") onAnswer(body);
    return body as never;
  };
}

/**
 * The answers of one live query, each passed to `onAnswer` as it arrives. Stopping (GraphiQL
 * calls `return()`) ends the subscription on the server at once and settles a pending `next()`,
 * which graphql-ws's own iterator leaves waiting. A refusal (validation, access, a closed
 * socket) becomes one last answer with `errors`, shown like an HTTP answer's errors.
 */
export function liveAnswers(source: AsyncIterableIterator<unknown>, onAnswer: (answer: QueryAnswer) => void, onEnd: () => void): AsyncIterableIterator<QueryAnswer> {
  const done: IteratorResult<QueryAnswer> = { done: true, value: undefined };
  let ended = false;
  let settle: (r: IteratorResult<unknown>) => void = () => {};
  const stopped = new Promise<IteratorResult<unknown>>((resolve) => {
    settle = resolve;
  });
  const end = async () => {
    if (ended) return;
    ended = true;
    settle(done);
    onEnd();
    await source.return?.();
  };
  const iterator: AsyncIterableIterator<QueryAnswer> = {
    async next() {
      if (ended) return done;
      let answer: QueryAnswer;
      try {
        const r = await Promise.race([source.next(), stopped]);
        if (r.done) {
          await end();
          return done;
        }
        answer = r.value as QueryAnswer;
      } catch (error) {
        await end();
        answer = { errors: refusal(error) };
      }
      onAnswer(answer);
      return { done: false, value: answer };
    },
    async return() {
      await end();
      return done;
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/** graphql-ws rejects with the GraphQL errors (an array), an Error, or the socket's close event. */
function refusal(error: unknown): unknown[] {
  if (Array.isArray(error)) return error;
  if (error instanceof Error) return [{ message: error.message }];
  const close = error as { code?: number; reason?: string } | null;
  return [{ message: close?.reason || `Connection closed${close?.code ? ` (${close.code})` : ""}` }];
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
