import { EnvelopArmorPlugin } from "@escape.tech/graphql-armor";
import { GraphQLError, print } from "graphql";
import type { Plugin } from "graphql-yoga";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Redis } from "ioredis";
import type { Context, Viewer } from "../context.js";

/** Abuse limits per operation (§6.4). Tuned so the dashboard's and analysts' queries fit. */
export const LIMITS = {
  maxDepth: 12,
  maxAliases: 30,
  maxTokens: 4000,
  maxDirectives: 30,
  /**
   * Pothos complexity: each field 1; a connection multiplies by its page size, `readings` by
   * `last`, other lists by 10. The nested analyst query (processes → steps → indicators → 100
   * readings, plus each process's indicators with 100 readings) costs 720k per process.
   */
  complexity: 5_000_000,
  /** Operations per identity per minute. */
  ratePerMinute: Number(process.env.RATE_LIMIT_PER_MINUTE ?? 600),
};

/** Depth, aliases, tokens and directives per operation, checked before execution. */
export function armorPlugins() {
  return EnvelopArmorPlugin({
    maxDepth: { n: LIMITS.maxDepth, ignoreIntrospection: true, flattenFragments: true },
    maxAliases: { n: LIMITS.maxAliases },
    maxTokens: { n: LIMITS.maxTokens },
    maxDirectives: { n: LIMITS.maxDirectives },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  });
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
  return {
    async onExecute({ args }) {
      const ctx = args.contextValue as Context;
      try {
        await limiter.consume(identityKey(ctx.viewer, ctx.clientAddress));
      } catch (rejection) {
        const seconds = Math.ceil(((rejection as { msBeforeNext?: number }).msBeforeNext ?? 60_000) / 1000);
        throw new GraphQLError(`Too many requests: try again in ${seconds} s.`, {
          extensions: { code: "RATE_LIMITED", retryAfter: seconds, http: { status: 429, headers: { "Retry-After": String(seconds) } } },
        });
      }
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
