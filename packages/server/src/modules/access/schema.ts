import { builder } from "../../builder.js";
import { DomainError, unauthenticated } from "../../lib/errors.js";
import { localLoginEnabled } from "../people/oidc-config.js";
import { encodeGlobalID, parseId, parseIds } from "../common/ids.js";
import { ApiTokenKindEnum, RoleEnum } from "../common/schema.js";
import { NAME } from "../common/validation.js";
import { readRule } from "./visible.js";
import type { Role } from "../../generated/prisma/enums.js";
import { SCOPE_ROLES, scopesOf } from "./roles.js";
import { indicatorWhere } from "./visibility.js";

const ScopeEnum = builder.enumType("Scope", {
  description: "A named set of roles, as the API's authorization names it (§2, access/roles.ts): what the dashboard offers a person; the server still checks each action.",
  values: Object.fromEntries(Object.entries(SCOPE_ROLES).map(([name, roles]) => [name, { description: `Holds one of: ${roles.join(", ")}.` }])) as Record<
    keyof typeof SCOPE_ROLES,
    { description: string }
  >,
});

const ViewerUser = builder.objectRef<{ id: string; name: string; email: string; roles: string[]; unitId: string }>("ViewerUser");
ViewerUser.implement({
  description: "The signed-in person.",
  fields: (t) => ({
    id: t.id({ resolve: (u) => encodeGlobalID("User", u.id) }),
    name: t.exposeString("name"),
    email: t.exposeString("email"),
    roles: t.field({ type: [RoleEnum], resolve: (u) => u.roles as never }),
    scopes: t.field({
      type: [ScopeEnum],
      description: "The named sets of roles the person belongs to (EDITOR: edits the management system; CONFIGURER: sets up notifications and reports; INGEST: records readings).",
      resolve: (u) => scopesOf(u.roles as Role[]),
    }),
    unit: t.prismaField({ type: "OrgUnit", resolve: (query, u, _a, ctx) => ctx.prisma.orgUnit.findUniqueOrThrow({ ...query, where: { id: u.unitId } }) }),
  }),
});

const AuthPayload = builder.objectRef<{
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  user: { id: string; name: string; email: string; roles: string[]; unitId: string };
}>("AuthPayload");
AuthPayload.implement({
  description: "A session: send `Authorization: Bearer <accessToken>`; renew with refreshToken before expiresAt.",
  fields: (t) => ({
    accessToken: t.exposeString("accessToken"),
    refreshToken: t.exposeString("refreshToken"),
    expiresAt: t.expose("expiresAt", { type: "DateTime" }),
    user: t.field({ type: ViewerUser, resolve: (p) => p.user }),
  }),
});

const Me = builder.objectRef<{ kind: string; user: typeof ViewerUser.$inferType | null; tokenName: string | null }>("Me");
Me.implement({
  description: "Who the API thinks you are: a person, or a machine token.",
  fields: (t) => ({
    kind: t.exposeString("kind", { description: "user or token" }),
    user: t.field({ type: ViewerUser, nullable: true, resolve: (m) => m.user }),
    tokenName: t.exposeString("tokenName", { nullable: true }),
  }),
});

builder.prismaNode("ApiToken", {
  id: { field: "id" },
  authScopes: readRule("apiToken", (t: { id: string }) => t.id),
  description: "A machine credential: a wall screen (DISPLAY) or a data feed (INGEST). The secret is never shown again.",
  fields: (t) => ({
    name: t.exposeString("name"),
    kind: t.expose("kind", { type: ApiTokenKindEnum }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true }),
    lastUsedAt: t.expose("lastUsedAt", { type: "DateTime", nullable: true }),
    createdBy: t.relation("createdBy"),
    indicators: t.relation("indicators", { query: (_a, ctx) => ({ where: indicatorWhere(ctx.viewer) }) }),
  }),
});

const CreatedApiToken = builder.objectRef<{ token: string; apiTokenId: string }>("CreatedApiToken");
CreatedApiToken.implement({
  fields: (t) => ({
    token: t.exposeString("token", { description: "The secret: shown this once. Send it as `Authorization: Bearer <token>`." }),
    apiToken: t.prismaField({ type: "ApiToken", resolve: (query, p, _a, ctx) => ctx.prisma.apiToken.findUniqueOrThrow({ ...query, where: { id: p.apiTokenId } }) }),
  }),
});

const CreateApiTokenInput = builder.inputType("CreateApiTokenInput", {
  fields: (t) => ({
    name: t.string({ required: true, validate: NAME }),
    kind: t.field({ type: ApiTokenKindEnum, required: true }),
    indicatorIds: t.idList({ description: "INGEST: the indicators it may record readings for." }),
  }),
});

builder.queryFields((t) => ({
  me: t.field({
    type: Me,
    description: "The viewer.",
    authScopes: { authenticated: true },
    resolve: (_r, _a, ctx) =>
      ctx.viewer.kind === "user"
        ? { kind: "user", user: ctx.viewer.user, tokenName: null }
        : { kind: "token", user: null, tokenName: ctx.viewer.kind === "token" ? ctx.viewer.token.name : null },
  }),
  apiTokens: t.prismaField({
    type: ["ApiToken"],
    description: "Machine tokens (ADMIN).",
    authScopes: { role: ["ADMIN"] },
    args: { includeRevoked: t.arg.boolean({ defaultValue: false }) },
    resolve: (query, _r, args, ctx) => ctx.prisma.apiToken.findMany({ ...query, where: args.includeRevoked ? {} : { revokedAt: null }, orderBy: { createdAt: "desc" } }),
  }),
}));

builder.mutationFields((t) => ({
  login: t.field({
    type: AuthPayload,
    description: "Signs in with email and password. After repeated failures from one place, each further attempt from there waits longer (RATE_LIMITED with retryAfter).",
    authScopes: { public: true },
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => {
      // LOCAL_LOGIN=off: people sign in through the directory only.
      if (!localLoginEnabled()) throw new DomainError("FORBIDDEN", "Email and password sign-in is switched off here: sign in through the directory.");
      return ctx.access.login(args.email, args.password, { address: ctx.clientAddress });
    },
  }),
  refreshToken: t.field({
    type: AuthPayload,
    description: "Trades a refresh token for a new access token (and a new refresh token). Presenting a refresh token that was already traded in ends its session.",
    authScopes: { public: true },
    args: { refreshToken: t.arg.string({ required: true }) },
    resolve: async (_r, args, ctx) => {
      const outcome = await ctx.access.refresh(args.refreshToken);
      if ("renewed" in outcome) return outcome.renewed;
      // §6.4: a refresh token used twice has leaked; the session and its live connections end.
      ctx.pubsub.publish("credentialRevoked", { sessionId: outcome.reusedSessionId });
      throw unauthenticated("This refresh token was already used: the session has been ended. Sign in again.");
    },
  }),
  logout: t.boolean({
    description: "Ends this session: its tokens stop working and its live connections close.",
    authScopes: { user: true },
    resolve: async (_r, _a, ctx) => {
      if (ctx.viewer.kind !== "user") throw unauthenticated();
      const { sessionId } = await ctx.access.logout(ctx.viewer);
      ctx.pubsub.publish("credentialRevoked", { sessionId });
      return true;
    },
  }),
  createApiToken: t.field({
    type: CreatedApiToken,
    description: "Creates a DISPLAY or INGEST token (ADMIN). The secret is returned once.",
    authScopes: { role: ["ADMIN"] },
    args: { input: t.arg({ type: CreateApiTokenInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const { apiToken, token } = await ctx.access.createApiToken(ctx.viewer, {
        name: input.name.trim(),
        kind: input.kind,
        indicatorIds: parseIds(input.indicatorIds, "Indicator", "indicatorIds"),
      });
      return { token, apiTokenId: apiToken.id };
    },
  }),
  revokeApiToken: t.prismaField({
    type: "ApiToken",
    description: "Revokes a machine token; its live connections close (ADMIN).",
    authScopes: { role: ["ADMIN"] },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const id = parseId(args.id, "ApiToken");
      await ctx.access.revokeApiToken(ctx.viewer, id);
      ctx.pubsub.publish("credentialRevoked", { tokenId: id });
      return ctx.prisma.apiToken.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));
