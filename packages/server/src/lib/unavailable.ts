import { GraphQLError } from "graphql";

/**
 * The database (or the connection to it) is down, not the request wrong: PostgreSQL restarting,
 * unreachable, refusing connections, or a connection cut mid-query. Such an error is the caller's
 * cue to retry later, so it gets SERVICE_UNAVAILABLE with `retryable: true` (HTTP 503 with
 * Retry-After), never INTERNAL_SERVER_ERROR; the server keeps running and its connection pool
 * reconnects by itself once the database is back (issue 13; docs/operations.md, "Faults").
 */

/** Prisma's codes for an unreachable server, a timed-out connect, a closed connection, a pool timeout. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** The driver adapter's kinds for the same. */
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** PostgreSQL's SQLSTATE classes: connection exceptions (08), operator intervention (57P01-57P03: shut down, crashed, starting), too many connections. */
const SQLSTATE = /^(08|57P0[123]|53300)/;
/** pg's and PostgreSQL's words for the same, when no code came along. */
const MESSAGE =
  /Connection terminated|Connection is closed|ECONNREFUSED|ECONNRESET|Can't reach database server|Timed out fetching a new connection|the database system is (starting up|shutting down|in recovery mode|not yet accepting connections)|terminating connection due to (administrator command|crash of another server process)/i;

const RETRY_AFTER_SECONDS = 5;

type Chained = { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; originalError?: unknown; meta?: { driverAdapterError?: unknown } };

/** Whether `error` (or anything it wraps) says the database is unavailable. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 6) return false;
  const e = error as Chained;
  if (typeof e.code === "string" && (PRISMA_CODES.has(e.code) || SQLSTATE.test(e.code))) return true;
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.message === "string" && MESSAGE.test(e.message)) return true;
  return [e.cause, e.originalError, e.meta?.driverAdapterError].some((inner) => isDatabaseUnavailable(inner, depth + 1));
}

/** The client's error for an unavailable database: SERVICE_UNAVAILABLE, retryable, HTTP 503. */
export function serviceUnavailable(located: { nodes?: GraphQLError["nodes"]; path?: GraphQLError["path"] } = {}): GraphQLError {
  return new GraphQLError("The database is unavailable for a moment; nothing was changed by this request. Try again shortly.", {
    ...located,
    extensions: {
      code: "SERVICE_UNAVAILABLE",
      retryable: true,
      retryAfter: RETRY_AFTER_SECONDS,
      http: { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SECONDS) } },
    },
  });
}
