import SchemaBuilder from "@pothos/core";
import ComplexityPlugin from "@pothos/plugin-complexity";
import PrismaPlugin from "@pothos/plugin-prisma";
import RelayPlugin, { decodeGlobalID, resolveNodes } from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import ZodPlugin from "@pothos/plugin-zod";
import { type GraphQLResolveInfo, isObjectType } from "graphql";
import { DateTimeResolver, JSONResolver } from "graphql-scalars";
import type { Context } from "./context.js";
import type PrismaTypes from "./generated/pothos-types.js";
import { getDatamodel } from "./generated/pothos-types.js";
import type { Role } from "./generated/prisma/enums.js";
import { DomainError } from "./lib/errors.js";
import { readFilterPlugin } from "./read-filter.js";
import { plannedPlugin } from "./plan/plugin.js";
import { nodeIfReadable, nodesIfReadable } from "./modules/access/node-read.js";
import { CONFIGURER_ROLES, EDITOR_ROLES, holdsOneOf, INGEST_ROLES } from "./modules/access/roles.js";

/** Coarse authorization scopes; fine checks (unit, classification) live in each module. */
export interface AuthScopes {
  /** Anyone, signed in or not: only `login` and `refreshToken` use it. */
  public: boolean;
  /** Any signed-in person or machine token. */
  authenticated: boolean;
  /** A signed-in person (not a machine token). */
  user: boolean;
  /** A person holding at least one of these roles. */
  role: Role[];
  /** A person who edits the management system: management, the process office or a department head (§2.1-§2.3). */
  editor: boolean;
  /** A person who sets up where warnings and reports go: an administrator, the process office or management (§6.2.2, §2.2.3). */
  configurer: boolean;
  /** Reads dashboard data: any person, or a DISPLAY token. */
  reader: boolean;
  /** A DISPLAY token (wall screen). */
  display: boolean;
  /** Records readings: an INGEST token, or a person allowed to (process office, department head). */
  ingest: boolean;
}

/**
 * The `role` scope of one request's viewer. Returned unnamed on purpose: the server runs under tsx,
 * whose esbuild `keepNames` defines `name` on every named function expression each time one is
 * created, and the scopes are built per request (issue 13, the simple list's profile).
 */
function holdsAny(roles: readonly Role[]): (wanted: Role[]) => boolean {
  return (wanted) => wanted.some((r) => roles.includes(r));
}

/** The viewer's scopes (scope-auth's `authScopes`; plan/response.ts checks a planned root field's against them too). */
export function viewerScopes(ctx: Context) {
  const v = ctx.viewer;
  const roles = v.kind === "user" ? v.user.roles : [];
  return {
    public: true,
    authenticated: v.kind !== "anonymous",
    user: v.kind === "user",
    role: holdsAny(roles),
    editor: holdsOneOf(roles, EDITOR_ROLES),
    configurer: holdsOneOf(roles, CONFIGURER_ROLES),
    reader: v.kind === "user" || (v.kind === "token" && v.token.kind === "DISPLAY"),
    display: v.kind === "token" && v.token.kind === "DISPLAY",
    ingest: (v.kind === "token" && v.token.kind === "INGEST") || holdsOneOf(roles, INGEST_ROLES),
  };
}

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: AuthScopes;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: unknown; Output: unknown };
    File: { Input: File; Output: never };
    /** modules/alerting/ingest-rows.ts: a bulk batch of readings as tuples, coerced in one pass. */
    ReadingRows: { Input: { indicatorId: string; value: number; observedAt: Date | null; key: string | null }[]; Output: never };
    ID: { Input: string; Output: string | number | bigint };
  };
}>({
  plugins: [ScopeAuthPlugin, PrismaPlugin, RelayPlugin, ZodPlugin, ComplexityPlugin, readFilterPlugin, plannedPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authorizeOnSubscribe: true,
    treatErrorsAsUnauthorized: false,
    unauthorizedError: (_parent, context) =>
      context.viewer.kind === "anonymous"
        ? new DomainError("UNAUTHENTICATED", "Sign in first: send Authorization: Bearer <token>.")
        : new DomainError("FORBIDDEN", "Your role does not allow this."),
    authScopes: viewerScopes,
  },
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === "production" ? null : "warn",
    maxConnectionSize: 500,
    defaultConnectionSize: 20,
  },
  relay: {
    clientMutationId: "omit",
    cursorType: "String",
    // A connection's field already multiplies its nodes by the page size asked for (§6.4).
    edgesFieldOptions: { complexity: { field: 0, multiplier: 1 } },
    // A malformed id decodes to no type at all; `node` / `nodes` answer null for it (below).
    decodeGlobalID: (globalId) => {
      try {
        const decoded = decodeGlobalID(globalId);
        return decoded.id.includes("\u0000") ? { typename: "", id: "" } : decoded;
      } catch {
        return { typename: "", id: "" };
      }
    },
    // §6.4: a node the viewer may not read is null, as for an unknown or malformed id.
    nodeQueryOptions: {
      authScopes: { reader: true },
      resolve: (root, args, ctx, info) => nodeIfReadable(root, args, ctx, info, (id) => nodeOrNull(ctx, info, id)),
    },
    nodesQueryOptions: {
      authScopes: { reader: true },
      resolve: (root, args, ctx, info) => nodesIfReadable(root, args, ctx, info, (ids) => nodesOrNull(ctx, info, ids)),
    },
  },
  zod: {
    validationError: (zodError) => {
      const issue = zodError.issues[0];
      const field = issue?.path.filter((p) => typeof p !== "symbol").join(".");
      return new DomainError("BAD_USER_INPUT", field ? `${field}: ${issue.message}` : (issue?.message ?? "Invalid input."), field ? { field } : undefined);
    },
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    // No limit: this query with these variables was already costed within the budget (app/complexity-memo.ts).
    limit: (ctx) => (ctx.limits.costChecked ? {} : { complexity: ctx.limits.complexity }),
  },
});

/**
 * The object behind a decoded global id, or null when the id is malformed, names no node type,
 * or names no row: asking for an id that does not exist is an answer, not an error.
 */
async function nodeOrNull(ctx: Context, info: GraphQLResolveInfo, globalId: GlobalId): Promise<unknown> {
  if (!namesNodeType(info, globalId)) return null;
  try {
    const [node] = await resolveNodes(builder, ctx, info, [globalId]);
    return node ?? null;
  } catch (error) {
    // Prisma's "record not found" (findUniqueOrThrow); anything else is a real failure.
    if ((error as { code?: string }).code === "P2025") return null;
    throw error;
  }
}

/** `nodeOrNull` for a list: loaded together (batched per type) unless one of them is missing. */
async function nodesOrNull(ctx: Context, info: GraphQLResolveInfo, globalIds: GlobalId[]): Promise<unknown[]> {
  const known = globalIds.map((g) => (namesNodeType(info, g) ? g : null));
  try {
    return (await resolveNodes(builder, ctx, info, known)).map((n) => n ?? null);
  } catch (error) {
    if ((error as { code?: string }).code !== "P2025") throw error;
    return Promise.all(globalIds.map((g) => nodeOrNull(ctx, info, g)));
  }
}

type GlobalId = { typename: string; id: string };
const namesNodeType = (info: GraphQLResolveInfo, globalId: GlobalId) => {
  const type = globalId.typename ? info.schema.getType(globalId.typename) : null;
  return !!type && isObjectType(type) && type.getInterfaces().some((i) => i.name === "Node");
};

builder.addScalarType("DateTime", DateTimeResolver);
builder.addScalarType("JSON", JSONResolver);

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
