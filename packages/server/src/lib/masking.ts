import { GraphQLError } from "graphql";
import { isDatabaseUnavailable, serviceUnavailable } from "./unavailable.js";

/** Limits from graphql-armor carry no code; these give each a stable `extensions.code`. */
const LIMIT_CODES: [RegExp, string][] = [
  [/depth limit/i, "QUERY_TOO_DEEP"],
  [/aliases limit/i, "TOO_MANY_ALIASES"],
  [/token limit|more than \d+ tokens/i, "TOO_MANY_TOKENS"],
  [/directives limit/i, "TOO_MANY_DIRECTIVES"],
  [/complexity|cost limit/i, "QUERY_TOO_COMPLEX"],
];

interface ErrorLike {
  message?: string;
  extensions?: Record<string, unknown>;
  originalError?: unknown;
  nodes?: GraphQLError["nodes"];
  path?: GraphQLError["path"];
  locations?: unknown;
}

// Duck-typed on purpose: graphql may be loaded twice (ESM and CJS), so instanceof is unreliable.
const isGraphQLErrorLike = (e: unknown): e is ErrorLike => !!e && typeof e === "object" && "extensions" in e && "message" in e;

/**
 * A unique violation is a CONFLICT, whatever mutation hit it, mapped here and nowhere else (issue 9
 * item 3): no service checks a code or an email before writing, so the loser of two creates of one
 * code and a plain duplicate take this one path and get a clear error naming the field, never
 * INTERNAL_SERVER_ERROR. Prisma reports it as P2002 (fields in `meta.target`, or in the driver
 * adapter's constraint; the model in `meta.modelName`); through a driver adapter as the adapter's
 * error with PostgreSQL's 23505 in its cause; a statement sent on the driver itself (`lib/sql.ts`,
 * `pg` or PGlite) throws PostgreSQL's error as it is (code 23505, fields in its detail, "Key
 * (code)=(...) already exists").
 */
export function uniqueViolation(error: unknown): GraphQLError | null {
  const e = error as { code?: string; meta?: Record<string, any>; cause?: Record<string, any>; detail?: string; table?: string } | null;
  if (!e || typeof e !== "object") return null;
  let fields: string[];
  let model: string | undefined;
  if (e.code === "P2002") {
    const target = e.meta?.target ?? e.meta?.driverAdapterError?.cause?.constraint?.fields;
    fields = Array.isArray(target) ? target.map(String) : typeof target === "string" ? [target] : [];
    model = e.meta?.modelName;
  } else {
    const db: Record<string, any> | null = e.cause?.code === "23505" || e.cause?.kind === "UniqueConstraintViolation" ? e.cause : e.code === "23505" ? e : null;
    if (!db) return null;
    const detail = /Key \(([^)]+)\)=/.exec(String(db.detail ?? ""));
    fields = db.constraint?.fields ?? (detail ? detail[1].split(",") : []);
  }
  const names = fields.map(camel);
  const field = names.find((f) => f !== "id") ?? names[0];
  const what = model ? `Another ${words(model)}` : "Another record";
  return new GraphQLError(field ? `${what} already has this ${field}.` : `${what} with the same unique values was saved first.`, {
    extensions: { code: "CONFLICT", ...(field ? { field } : {}) },
  });
}

/** A column or field name as the API spells it: `owner_unit_id` → `ownerUnitId`. */
const camel = (f: string) =>
  f
    .trim()
    .replace(/^"|"$/g, "")
    .replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

/** A model's name in words: `OrgUnit` → `org unit`. */
const words = (model: string) => model.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();

/**
 * yoga's error mask: errors meant for the client (a stable code, or GraphQL's own syntax and
 * validation errors) pass with a code; anything else (a bug, a database error with SQL in it)
 * becomes "Unexpected error." with code INTERNAL_SERVER_ERROR. Returns null when it masked.
 */
export function maskError(error: unknown, message: string): { error: Error; masked: boolean } {
  const outer = isGraphQLErrorLike(error) ? error : null;
  const located = { nodes: outer?.nodes, path: outer?.path };
  // A resolver's own GraphQLError arrives wrapped by graphql's locatedError; its code counts.
  for (const candidate of [outer?.originalError, outer]) {
    if (!isGraphQLErrorLike(candidate)) continue;
    const code = candidate.extensions?.code;
    if (typeof code === "string" && code !== "INTERNAL_SERVER_ERROR") {
      return { error: new GraphQLError(candidate.message ?? message, { ...located, extensions: candidate.extensions }), masked: false };
    }
  }
  // A variable of the wrong type: graphql coerces variables before execution; the caller's mistake.
  if (outer?.message && /^Variable "\$/.test(outer.message)) {
    return { error: new GraphQLError(outer.message, { ...located, extensions: { code: "BAD_USER_INPUT" } }), masked: false };
  }
  // The database is down or restarting: the caller retries (issue 13), the server stays up.
  if (isDatabaseUnavailable(outer?.originalError ?? error)) return { error: serviceUnavailable(located), masked: false };
  const conflict = uniqueViolation(outer?.originalError ?? error);
  if (conflict) return { error: new GraphQLError(conflict.message, { ...located, extensions: conflict.extensions }), masked: false };
  const text = String((outer?.originalError as Error | undefined)?.message ?? outer?.message ?? "");
  const limit = LIMIT_CODES.find(([re]) => re.test(text));
  if (limit) return { error: new GraphQLError(text.replace(/^Syntax Error: /, ""), { ...located, extensions: { code: limit[1] } }), masked: false };
  // Pothos refuses an argument it cannot use (a malformed cursor or global id): the caller's mistake.
  const original = outer?.originalError as { name?: string; message?: string } | undefined;
  if (original?.name === "PothosValidationError" && original.message) {
    const field = /^Invalid cursor/.test(original.message) ? "after" : /global ID/i.test(original.message) ? "id" : (/Argument "(\w+)"/.exec(original.message)?.[1] ?? undefined);
    return {
      error: new GraphQLError(field ? `${field}: ${original.message}` : original.message, { ...located, extensions: { code: "BAD_USER_INPUT", ...(field ? { field } : {}) } }),
      masked: false,
    };
  }
  // Parse and validation errors have no original error: they describe the request, not the server.
  if (outer && !outer.originalError) {
    const code = /^Syntax Error/.test(text) ? "GRAPHQL_PARSE_FAILED" : "GRAPHQL_VALIDATION_FAILED";
    return { error: new GraphQLError(text, { ...located, extensions: { ...outer.extensions, code } }), masked: false };
  }
  return { error: new GraphQLError(message, { ...located, extensions: { code: "INTERNAL_SERVER_ERROR" } }), masked: true };
}
