import { type ArgumentNode, type ASTNode, type DocumentNode, getNamedType, GraphQLError, type GraphQLSchema, Kind, TypeInfo, visit, visitWithTypeInfo } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Context } from "../context.js";
import { documentMemo } from "../lib/operation-memo.js";

/** Characters no text column can hold: PostgreSQL rejects NUL (\u0000) in text. */
const NUL = "\u0000";

/** The first string in a variable's value that holds a NUL, as a dotted path, or null. */
function nulInValue(value: unknown, path: string): string | null {
  const hit = nulKeys(value);
  return hit === null ? null : [path, ...hit].join(".");
}

/**
 * The keys down to the first string holding a NUL, or null. Built only on a hit: a batch of
 * 1,000 readings is 5,000 values, and a path string for each was garbage on every request (issue 13).
 */
function nulKeys(value: unknown): (string | number)[] | null {
  if (typeof value === "string") return value.includes(NUL) ? [] : null;
  if (value === null || typeof value !== "object") return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = nulKeys(value[i]);
      if (hit) {
        hit.unshift(i);
        return hit;
      }
    }
    return null;
  }
  if (value instanceof Date || Object.getPrototypeOf(value) !== Object.prototype) return null;
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue;
    const hit = nulKeys((value as Record<string, unknown>)[k]);
    if (hit) {
      hit.unshift(k);
      return hit;
    }
  }
  return null;
}

/** The first inline string argument of the document that holds a NUL, named by its argument path. */
function nulInDocument(document: DocumentNode): { field: string; node: ASTNode } | null {
  let found: { field: string; node: ASTNode } | null = null;
  const names: string[] = [];
  visit(document, {
    Argument: { enter: (n) => void names.push(n.name.value), leave: () => void names.pop() },
    ObjectField: { enter: (n) => void names.push(n.name.value), leave: () => void names.pop() },
    StringValue(node) {
      if (!found && node.value.includes(NUL)) found = { field: names.join(".") || "query", node };
    },
  });
  return found;
}

/** The BAD_USER_INPUT error for a NUL in one of the variables' values, or null. */
function nulInVariables(variables: Record<string, unknown> | null | undefined): GraphQLError | null {
  for (const [name, value] of Object.entries(variables ?? {})) {
    const path = nulInValue(value, name);
    // Named as the zod validation names a field: `input.name`.
    if (path) return new GraphQLError(`${path}: must not contain a NUL character (\\u0000).`, { extensions: { code: "BAD_USER_INPUT", field: path } });
  }
  return null;
}

/** The BAD_USER_INPUT error for an inline string argument holding a NUL. */
function inlineNulError(inline: { field: string; node: ASTNode }): GraphQLError {
  return new GraphQLError(`${inline.field}: must not contain a NUL character (\\u0000).`, {
    nodes: [inline.node],
    extensions: { code: "BAD_USER_INPUT", field: inline.field },
  });
}

/** The largest page a connection serves, and the most readings `readings(last:)` returns. */
export const MAX_PAGE = 500;
export const MAX_READINGS = 1000;

/** A `first` / `last` argument of a field that serves at most `max`: its value inline, or the variable that gives it. */
interface PageArgument {
  node: ArgumentNode;
  field: string;
  max: number;
  value: number | null;
  variable: string | null;
}

/**
 * Every `first` / `last` argument of a field with a page limit, in document order (one walk with
 * the schema's types): a page size below 0 or above what the field serves is refused, inline or
 * from variables.
 */
function pageArguments(schema: GraphQLSchema, document: DocumentNode): PageArgument[] {
  const typeInfo = new TypeInfo(schema);
  const found: PageArgument[] = [];
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const def = typeInfo.getFieldDef();
        if (!def) return;
        const connection = getNamedType(def.type).name.endsWith("Connection");
        const max = def.name === "readings" ? MAX_READINGS : connection ? MAX_PAGE : null;
        if (max == null) return;
        for (const arg of node.arguments ?? []) {
          if (arg.name.value !== "first" && arg.name.value !== "last") continue;
          const variable = arg.value.kind === Kind.VARIABLE ? arg.value.name.value : null;
          const value = arg.value.kind === Kind.INT ? Number(arg.value.value) : null;
          found.push({ node: arg, field: def.name, max, value, variable });
        }
      },
    }),
  );
  return found;
}

/** The refusal for the first page argument out of range with these variables, or null. */
function pageArgumentRefusal(args: PageArgument[], variables: Record<string, unknown> | null | undefined): GraphQLError | null {
  for (const arg of args) {
    const value = arg.variable !== null ? variables?.[arg.variable] : arg.value;
    if (typeof value !== "number" || (value >= 0 && value <= arg.max)) continue;
    const name = arg.node.name.value;
    return new GraphQLError(`${name}: must be from 0 to ${arg.max} (${arg.field}).`, { nodes: [arg.node], extensions: { code: "BAD_USER_INPUT", field: name } });
  }
  return null;
}

/** What the guard needs of a document, found in one walk of it and kept while the document is (yoga keeps one per query text). */
interface DocumentChecks {
  inlineNul: { field: string; node: ASTNode } | null;
  pages: PageArgument[];
}

/**
 * One check for every string any operation receives (names, filters, emails, reading keys,
 * cursors): a NUL character is the caller's mistake, refused with BAD_USER_INPUT naming the
 * field before a resolver runs, instead of a database error (§6.4, bad input); and page sizes
 * out of range likewise.
 */
export function inputGuard(): Plugin<Context> {
  // Issue 13: walking the document twice per request was 4.7 % of the server's CPU on the simple
  // list; the walks' findings depend on the document (and the schema) alone, the variables are
  // checked against them on every request.
  const checksOf = documentMemo(
    ({ schema, document }: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null }): DocumentChecks => ({
      inlineNul: nulInDocument(document),
      pages: pageArguments(schema, document),
    }),
  );
  const check = (args: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; variableValues?: Record<string, unknown> | null }) => {
    const checks = checksOf(args);
    return nulInVariables(args.variableValues) ?? (checks.inlineNul ? inlineNulError(checks.inlineNul) : null) ?? pageArgumentRefusal(checks.pages, args.variableValues);
  };
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const refused = check(args as never);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const refused = check(args as never);
      if (refused) setResultAndStopExecution({ errors: [refused] });
    },
  };
}
