import { type ASTNode, type DocumentNode, getNamedType, GraphQLError, type GraphQLSchema, Kind, TypeInfo, visit, visitWithTypeInfo } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Context } from "../context.js";

/** Characters no text column can hold: PostgreSQL rejects NUL (\u0000) in text. */
const NUL = "\u0000";

/** The first string in a variable's value that holds a NUL, as a dotted path, or null. */
function nulInValue(value: unknown, path: string): string | null {
  if (typeof value === "string") return value.includes(NUL) ? path : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const hit = nulInValue(item, `${path}.${i}`);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === "object" && !(value instanceof Date) && Object.getPrototypeOf(value) === Object.prototype) {
    for (const [k, v] of Object.entries(value)) {
      const hit = nulInValue(v, `${path}.${k}`);
      if (hit) return hit;
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

/** The BAD_USER_INPUT error for a request with a NUL anywhere in its input, or null. */
export function nulRefusal(document: DocumentNode, variables: Record<string, unknown> | null | undefined): GraphQLError | null {
  for (const [name, value] of Object.entries(variables ?? {})) {
    const path = nulInValue(value, name);
    // Named as the zod validation names a field: `input.name`.
    if (path) return new GraphQLError(`${path}: must not contain a NUL character (\\u0000).`, { extensions: { code: "BAD_USER_INPUT", field: path } });
  }
  const inline = nulInDocument(document);
  if (inline) {
    return new GraphQLError(`${inline.field}: must not contain a NUL character (\\u0000).`, {
      nodes: [inline.node],
      extensions: { code: "BAD_USER_INPUT", field: inline.field },
    });
  }
  return null;
}

/** The largest page a connection serves, and the most readings `readings(last:)` returns. */
export const MAX_PAGE = 500;
export const MAX_READINGS = 1000;

/**
 * The BAD_USER_INPUT error for a page size out of range (`first` / `last` below 0, or above what
 * the field serves), or null. Checked once for every field, inline or from variables.
 */
export function pageSizeRefusal(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | null | undefined): GraphQLError | null {
  const typeInfo = new TypeInfo(schema);
  let found: GraphQLError | null = null;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const def = typeInfo.getFieldDef();
        if (found || !def) return;
        const connection = getNamedType(def.type).name.endsWith("Connection");
        const max = def.name === "readings" ? MAX_READINGS : connection ? MAX_PAGE : null;
        if (max == null) return;
        for (const arg of node.arguments ?? []) {
          if (arg.name.value !== "first" && arg.name.value !== "last") continue;
          const value = arg.value.kind === Kind.VARIABLE ? variables?.[arg.value.name.value] : arg.value.kind === Kind.INT ? Number(arg.value.value) : null;
          if (typeof value !== "number" || (value >= 0 && value <= max)) continue;
          found = new GraphQLError(`${arg.name.value}: must be from 0 to ${max} (${def.name}).`, {
            nodes: [arg],
            extensions: { code: "BAD_USER_INPUT", field: arg.name.value },
          });
        }
      },
    }),
  );
  return found;
}

/**
 * One check for every string any operation receives (names, filters, emails, reading keys,
 * cursors): a NUL character is the caller's mistake, refused with BAD_USER_INPUT naming the
 * field before a resolver runs, instead of a database error (§6.4, bad input); and page sizes
 * out of range likewise.
 */
export function inputGuard(): Plugin<Context> {
  const check = (args: { schema: GraphQLSchema; document: DocumentNode; variableValues?: Record<string, unknown> | null }) =>
    nulRefusal(args.document, args.variableValues) ?? pageSizeRefusal(args.schema, args.document, args.variableValues);
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
