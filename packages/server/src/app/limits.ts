import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { type ExecutionResult, GraphQLError, print } from "graphql";
import type { Plugin } from "graphql-yoga";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Redis } from "ioredis";
import type { Context, Viewer } from "../context.js";

/** A positive number from the environment, or the default. */
function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Abuse limits per operation and per connection (§6.4). Tuned so the dashboard's and analysts' queries fit. */
export const LIMITS = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 4000,
  maxDirectives: 30,
  /**
   * Pothos complexity, roughly the rows and values an operation may produce: each field 1; a
   * connection multiplies by its page size (its `edges` add nothing), `readings` by `last`, other
   * lists by 10. `indicators(first: 200) { readings(last: 1000) }` (200k readings, about a second
   * of the event loop) costs 200k and is refused; the nested analyst query of five processes
   * (processes → steps → indicators → 100 readings) costs 127k; the dashboard's largest, 28k.
   */
  complexity: envNumber("COMPLEXITY_LIMIT", 150_000),
  /** Operations per identity per minute; subscriptions count as operations. */
  ratePerMinute: envNumber("RATE_LIMIT_PER_MINUTE", 600),
  /** Subscriptions open at once on one WebSocket. */
  subscriptionsPerConnection: envNumber("MAX_SUBSCRIPTIONS_PER_CONNECTION", 100),
  /** Largest request body (JSON, and each WebSocket message), in bytes. */
  bodyBytes: envNumber("MAX_BODY_BYTES", 1024 * 1024),
  /** Largest multipart request (a CSV import), in bytes. */
  uploadBytes: envNumber("MAX_UPLOAD_BYTES", 10 * 1024 * 1024),
};

/** Depth, aliases, tokens and directives per operation, checked before execution. */
export function armorPlugins() {
  return EnvelopArmorPlugin({
    maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: LIMITS.maxAliases },
    maxTokens: { n: LIMITS.maxTokens },
    maxDirectives: { n: LIMITS.maxDirectives },
    costLimit: { enabled: false },
    // Anonymous callers only: see `suggestionsForSignedIn`.
    blockFieldSuggestion: { enabled: false },
  });
}

/** The GraphQL error body of a refused HTTP request (before GraphQL runs). */
export function httpError(status: number, code: string, message: string): { status: number; body: string } {
  return { status, body: JSON.stringify({ errors: [{ message, extensions: { code } }] }) };
}

/**
 * §6.4: the body size allowed for a request, by its content type; a CSV import (multipart) may
 * be larger than a JSON operation. Returns the refusal, or null when the request may proceed.
 * A body without a Content-Length (chunked) is refused too: its size is known only once read.
 */
export function bodyLimitRefusal(method: string | undefined, headers: { "content-type"?: string; "content-length"?: string; "transfer-encoding"?: string }) {
  if (method !== "POST") return null;
  const multipart = /^multipart\//i.test(headers["content-type"] ?? "");
  const limit = multipart ? LIMITS.uploadBytes : LIMITS.bodyBytes;
  if (headers["content-length"] == null) {
    return headers["transfer-encoding"] ? httpError(411, "LENGTH_REQUIRED", "Send a Content-Length with the request body.") : null;
  }
  const length = Number(headers["content-length"]);
  if (Number.isFinite(length) && length <= limit) return null;
  return httpError(413, "PAYLOAD_TOO_LARGE", `The request body is larger than ${limit} bytes${multipart ? " (the limit for an upload)" : ""}.`);
}

/**
 * CORS from an allow-list (`CORS_ORIGINS`, comma-separated): an allowed Origin gets its own
 * origin back with credentials; any other gets no CORS headers, so a browser keeps the response
 * from a foreign page. Default: none, the dashboard is served from the same origin.
 */
export function corsFromAllowList(
  origins = (process.env.CORS_ORIGINS ?? "")
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean),
) {
  const allowed = new Set(origins);
  return (request: Request) => {
    const origin = request.headers.get("origin");
    if (!origin || !allowed.has(origin)) return false as const;
    return { origin: [origin], credentials: true, allowedHeaders: ["content-type", "authorization"], methods: ["GET", "POST"] };
  };
}

/** The refusal of a subscription past the per-connection cap, or null (§6.4). */
export function subscriptionCapRefusal(open: number): GraphQLError[] | null {
  if (open <= LIMITS.subscriptionsPerConnection) return null;
  return [
    new GraphQLError(`At most ${LIMITS.subscriptionsPerConnection} subscriptions may be open on one connection; complete one first.`, {
      extensions: { code: "TOO_MANY_SUBSCRIPTIONS" },
    }),
  ];
}

/**
 * §6.4: "Did you mean …" suggestions name fields a caller has not seen. Signed-in analysts keep
 * them (they also get introspection); anonymous callers get the error without the hint.
 * Validation runs before the context (and the viewer) exists, so the result is checked here.
 */
export function suggestionsForSignedIn(isSignedIn: (authorization: string | null) => Promise<boolean>): Plugin<Context> {
  // Not an async hook: a result without such an error (nearly every one) returns at once, without
  // a promise for yoga to wait on (issue 13: per request).
  const withoutSuggestions = async (request: Request, errors: readonly GraphQLError[], result: ExecutionResult, setResult: (next: ExecutionResult) => void) => {
    if (await isSignedIn(request.headers.get("authorization"))) return;
    setResult({
      ...result,
      errors: errors.map((e) =>
        / Did you mean /.test(e.message) ? new GraphQLError(e.message.replace(/ Did you mean .*$/, ""), { nodes: e.nodes, path: e.path, extensions: e.extensions }) : e,
      ),
    });
  };
  return {
    onResultProcess({ request, result, setResult }) {
      if (Array.isArray(result) || !result || typeof result !== "object" || !("errors" in result) || !result.errors?.length) return;
      if (!result.errors.some((e) => / Did you mean /.test(e.message))) return;
      return withoutSuggestions(request, result.errors, result, setResult);
    },
  };
}

/**
 * graphql-armor's token limit fails the parse, which yoga reports itself as GRAPHQL_PARSE_FAILED
 * without calling the error mask; this gives it its own stable code.
 */
export function tokenLimitCode(): Plugin<Context> {
  return {
    onParse() {
      return ({ result, replaceParseResult }) => {
        if (result instanceof Error && /token limit/i.test(result.message)) {
          replaceParseResult(new GraphQLError(result.message.replace(/^Syntax Error: /, ""), { extensions: { code: "TOO_MANY_TOKENS" } }));
        }
      };
    },
  };
}

/** Who counts as one caller for the rate limit: a person, a token, or an address. */
export function identityKey(viewer: Viewer, address: string | null): string {
  if (viewer.kind === "user") return `user:${viewer.user.id}`;
  if (viewer.kind === "token") return `token:${viewer.token.id}`;
  return `ip:${address ?? "unknown"}`;
}

/**
 * Throttles each identity separately (rate-limiter-flexible; in Redis when there is one, so
 * replicas share the budget). A throttled operation gets RATE_LIMITED with retryAfter seconds.
 */
export function rateLimitPlugin(options: { redis?: Redis | null; perMinute?: number } = {}): Plugin<Context> {
  const points = options.perMinute ?? LIMITS.ratePerMinute;
  const limiter: RateLimiterAbstract = options.redis
    ? new RateLimiterRedis({ storeClient: options.redis, keyPrefix: "cr-rate", points, duration: 60 })
    : new RateLimiterMemory({ points, duration: 60 });
  /** Counts one operation for the caller; the refusal, or null. */
  async function consume(ctx: Context): Promise<GraphQLError | null> {
    try {
      await limiter.consume(identityKey(ctx.viewer, ctx.clientAddress));
      return null;
    } catch (rejection) {
      const seconds = Math.ceil(((rejection as { msBeforeNext?: number }).msBeforeNext ?? 60_000) / 1000);
      return new GraphQLError(`Too many requests: try again in ${seconds} s.`, {
        extensions: { code: "RATE_LIMITED", retryAfter: seconds, http: { status: 429, headers: { "Retry-After": String(seconds) } } },
      });
    }
  }
  return {
    async onExecute({ args }) {
      const refused = await consume(args.contextValue as Context);
      if (refused) throw refused;
    },
    // §6.4: opening a subscription counts like any operation (over WebSocket and SSE alike).
    async onSubscribe({ args, setResultAndStopExecution }) {
      const refused = await consume(args.contextValue as Context);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
  };
}

/**
 * §6.4: anonymous callers see no schema. One clear error (instead of one per introspection field)
 * tells a person in GraphiQL what to do. Checked at execution, where the viewer is known (and
 * not at validation, whose result is cached per document for every caller).
 */
export function introspectionForSignedIn(): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const ctx = args.contextValue as Context;
      if (ctx.viewer.kind !== "anonymous") return;
      if (/\b__(schema|type)\b/.test(print(args.document))) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError(
              'Sign in to explore the schema: run mutation { login(email: "…", password: "…") { accessToken } }, then add the header {"Authorization": "Bearer <accessToken>"}.',
              { extensions: { code: "UNAUTHENTICATED" } },
            ),
          ],
        });
      }
    },
  };
}
