import { z } from "zod";
import type { User } from "../../generated/prisma/client.js";
import { builder } from "../../builder.js";
import type { Context } from "../../context.js";
import { mailer } from "../../lib/mail.js";
import { parseId } from "../common/ids.js";
import { AlertLevelEnum, pageComplexity, RoleEnum } from "../common/schema.js";
import { NAME } from "../common/validation.js";
import { localLoginEnabled, oidcSettings } from "./oidc-config.js";
import { canSeePersonalDetails, personalDetailsWhere } from "./permissions.js";
import { PASSWORD_POLICY } from "./password-policy.js";
import { createPeopleService, LOCALES, type Revocations } from "./service.js";
import { CHANNELS, preferencesOf, updateMySettings } from "./settings.js";

const EMAIL = { schema: z.string().trim().toLowerCase().email("must be an email address").max(254, "must be at most 254 characters") };
const LOCALE = { schema: z.enum(LOCALES, "must be zh-Hant or en") };
const SECRET = { schema: z.string().min(1, "must not be empty").max(1_000, "must be at most 1,000 characters") };

const service = (ctx: Context) => createPeopleService(ctx.prisma, mailer());

/** Ends the live connections a change took the ground from, on every replica (`app/credential-watch.ts`). */
function publishRevocations(ctx: Context, r: Revocations) {
  for (const userId of r.userIds) ctx.pubsub.publish("credentialRevoked", { userId });
  for (const sessionId of r.sessionIds) ctx.pubsub.publish("credentialRevoked", { sessionId });
}

export const PreferenceChannelEnum = builder.enumType("PreferenceChannel", { values: CHANNELS, description: "A way a notification may reach a person." });

const QuietHours = builder.objectRef<{ start: string; end: string }>("QuietHours").implement({
  description: "A daily span (HH:MM to HH:MM, in the person's time zone; it may run past midnight) with no WARNING notifications.",
  fields: (t) => ({ start: t.exposeString("start"), end: t.exposeString("end") }),
});

const NotificationPreferences = builder.objectRef<ReturnType<typeof preferencesOf>>("NotificationPreferences").implement({
  description: "Which alert levels and channels reach a person, and their quiet hours.",
  fields: (t) => ({
    levels: t.field({ type: [AlertLevelEnum], resolve: (p) => p.levels }),
    channels: t.field({ type: [PreferenceChannelEnum], resolve: (p) => p.channels }),
    quietHours: t.field({ type: QuietHours, nullable: true, resolve: (p) => p.quietHours }),
  }),
});

const DailyDigestSetting = builder.objectRef<{ enabled: boolean; hour: number }>("DailyDigestSetting").implement({
  description: "§6.3.1 the optional daily email of the open warnings the person may read, in their language, at this hour of their time zone.",
  fields: (t) => ({ enabled: t.exposeBoolean("enabled"), hour: t.exposeInt("hour", { description: "0-23, in the person's time zone." }) }),
});

/** A personal detail: the person, an administrator and the own unit's department head read it; others get null (§6.4). */
const personal =
  <T>(read: (u: User) => T) =>
  (u: User, _a: unknown, ctx: Context) =>
    canSeePersonalDetails(ctx.viewer, u) ? read(u) : null;

builder.prismaObjectFields("User", (t) => ({
  locale: t.string({ nullable: true, description: "The dashboard's language (zh-Hant or en); personal.", resolve: personal((u) => u.locale) }),
  timeZone: t.string({ nullable: true, description: "An IANA time zone; personal.", resolve: personal((u) => u.timeZone) }),
  disabledAt: t.field({ type: "DateTime", nullable: true, description: "When the person was disabled; personal.", resolve: personal((u) => u.disabledAt) }),
  singleSignOn: t.boolean({ nullable: true, description: "Whether the person has signed in through the directory; personal.", resolve: personal((u) => u.oidcSubject !== null) }),
  notificationPreferences: t.field({ type: NotificationPreferences, nullable: true, description: "Personal.", resolve: personal((u) => preferencesOf(u)) }),
  dailyDigest: t.field({
    type: DailyDigestSetting,
    nullable: true,
    description: "Whether and when the person gets the daily digest email of open warnings; personal.",
    select: { digestSubscription: { select: { enabled: true, hour: true } } },
    resolve: (u, a, ctx) => personal(() => ({ enabled: u.digestSubscription?.enabled ?? false, hour: u.digestSubscription?.hour ?? 8 }))(u, a, ctx),
  }),
}));

const SignInOptions = builder.objectRef<{ localLogin: boolean; oidcLabel: string | null }>("SignInOptions").implement({
  description: "How the sign-in page offers to sign in.",
  fields: (t) => ({
    localLogin: t.exposeBoolean("localLogin", { description: "Email and password (LOCAL_LOGIN)." }),
    oidcLabel: t.exposeString("oidcLabel", {
      nullable: true,
      description: 'Single sign-on: the button reads "Sign in with <oidcLabel>"; null when not configured. Start at /auth/oidc/login.',
    }),
    passwordMinLength: t.int({ resolve: () => PASSWORD_POLICY.minLength }),
  }),
});

const PasswordLink = builder.objectRef<{ purpose: string; email: string; name: string; expiresAt: Date }>("PasswordLink").implement({
  description: "Who an invitation or reset link is for, while it is good.",
  fields: (t) => ({
    purpose: t.exposeString("purpose", { description: "INVITE or RESET" }),
    email: t.exposeString("email"),
    name: t.exposeString("name"),
    expiresAt: t.expose("expiresAt", { type: "DateTime" }),
  }),
});

builder.queryFields((t) => ({
  people: t.prismaConnection({
    type: "User",
    cursor: "id",
    complexity: pageComplexity,
    description: "People administration: every person for an ADMIN, the own unit's for a DEPARTMENT_HEAD; disabled people too; search by name or email.",
    authScopes: { role: ["ADMIN", "DEPARTMENT_HEAD"] },
    args: { search: t.arg.string({ validate: { schema: z.string().max(200) } }), unitId: t.arg.id(), includeDisabled: t.arg.boolean({ defaultValue: true }) },
    totalCount: (_c, args, ctx) => ctx.prisma.user.count({ where: peopleWhere(ctx, args) }),
    resolve: (query, _r, args, ctx) => ctx.prisma.user.findMany({ ...query, where: peopleWhere(ctx, args), orderBy: { email: "asc" } }),
  }),
  signInOptions: t.field({
    type: SignInOptions,
    authScopes: { public: true },
    resolve: () => ({ localLogin: localLoginEnabled(), oidcLabel: oidcSettings()?.label ?? null }),
  }),
  passwordLink: t.field({
    type: PasswordLink,
    nullable: true,
    description: "Who an invitation or reset link is for; null when it is used, expired or unknown.",
    authScopes: { public: true },
    args: { token: t.arg.string({ required: true, validate: SECRET }) },
    resolve: (_r, args, ctx) => service(ctx).lookUpLink(args.token),
  }),
}));

function peopleWhere(ctx: Context, args: { search?: string | null; unitId?: string | number | null; includeDisabled?: boolean | null }) {
  const search = args.search?.trim();
  return {
    AND: [
      personalDetailsWhere(ctx.viewer),
      args.unitId ? { unitId: parseId(args.unitId, "OrgUnit", "unitId") } : {},
      args.includeDisabled === false ? { disabledAt: null } : {},
      search ? { OR: [{ name: { contains: search, mode: "insensitive" as const } }, { email: { contains: search, mode: "insensitive" as const } }] } : {},
    ],
  };
}

const CreateUserInput = builder.inputType("CreateUserInput", {
  fields: (t) => ({
    email: t.string({ required: true, validate: EMAIL }),
    name: t.string({ required: true, validate: NAME }),
    unitId: t.id({ required: true }),
    roles: t.field({ type: [RoleEnum], required: true }),
    locale: t.string({ validate: LOCALE }),
  }),
});

const InviteUserInput = builder.inputType("InviteUserInput", {
  fields: (t) => ({
    email: t.string({ required: true, validate: EMAIL }),
    name: t.string({ required: true, validate: NAME }),
    unitId: t.id({ required: true }),
    roles: t.field({ type: [RoleEnum], required: true }),
    locale: t.string({ validate: LOCALE }),
  }),
});

const UpdateUserInput = builder.inputType("UpdateUserInput", {
  fields: (t) => ({
    id: t.id({ required: true }),
    email: t.string({ validate: EMAIL }),
    name: t.string({ validate: NAME }),
    unitId: t.id(),
    roles: t.field({ type: [RoleEnum] }),
    locale: t.string({ validate: LOCALE }),
  }),
});

const ResetPasswordInput = builder.inputType("ResetPasswordInput", {
  fields: (t) => ({ token: t.string({ required: true, validate: SECRET }), password: t.string({ required: true, validate: SECRET }) }),
});

const ChangePasswordInput = builder.inputType("ChangePasswordInput", {
  fields: (t) => ({ current: t.string({ required: true, validate: SECRET }), password: t.string({ required: true, validate: SECRET }) }),
});

/** Quiet hours, HH:MM to HH:MM (an end before the start runs across midnight): personal settings and mute timings. */
export const QuietHoursInput = builder.inputType("QuietHoursInput", {
  fields: (t) => ({
    start: t.string({ required: true, description: "HH:MM", validate: { schema: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time as HH:MM") } }),
    end: t.string({
      required: true,
      description: "HH:MM; before start: across midnight.",
      validate: { schema: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time as HH:MM") },
    }),
  }),
});

const NotificationPreferencesInput = builder.inputType("NotificationPreferencesInput", {
  fields: (t) => ({
    levels: t.field({ type: [AlertLevelEnum], required: true }),
    channels: t.field({ type: [PreferenceChannelEnum], required: true }),
    quietHours: t.field({ type: QuietHoursInput }),
  }),
});

const DailyDigestInput = builder.inputType("DailyDigestInput", {
  description: "Opt in to (or out of) the daily digest email of open warnings.",
  fields: (t) => ({
    enabled: t.boolean({ required: true }),
    hour: t.int({ description: "0-23 in the person's time zone; default: unchanged (8 at first).", validate: { min: 0, max: 23 } }),
  }),
});

const UpdateMySettingsInput = builder.inputType("UpdateMySettingsInput", {
  fields: (t) => ({
    dailyDigest: t.field({ type: DailyDigestInput }),
    locale: t.string({ validate: LOCALE }),
    timeZone: t.string({ validate: { schema: z.string().min(1).max(64) } }),
    notificationPreferences: t.field({ type: NotificationPreferencesInput }),
  }),
});

const unique = <T>(list: readonly T[]) => [...new Set(list)];

function personInput(input: { email: string; name: string; unitId: string | number; roles: readonly string[]; locale?: string | null }) {
  return {
    email: input.email,
    name: input.name.trim(),
    unitId: parseId(input.unitId, "OrgUnit", "unitId"),
    roles: unique(input.roles) as never,
    ...(input.locale ? { locale: input.locale } : {}),
  };
}

builder.mutationFields((t) => ({
  createUser: t.prismaField({
    type: "User",
    description: "Adds a person (ADMIN). They have no password until they use a reset link, or they sign in through the directory.",
    authScopes: { role: ["ADMIN"] },
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const user = await service(ctx).createUser(ctx.viewer, personInput(input));
      return ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: user.id } });
    },
  }),
  inviteUser: t.prismaField({
    type: "User",
    description: "Adds a person and mails them a single-use, expiring link to choose a password (ADMIN).",
    authScopes: { role: ["ADMIN"] },
    args: { input: t.arg({ type: InviteUserInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const user = await service(ctx).inviteUser(ctx.viewer, personInput(input));
      return ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: user.id } });
    },
  }),
  updateUser: t.prismaField({
    type: "User",
    description: "Changes a person's email, name, unit, roles or language (ADMIN). New roles or a new unit reconnect their live connections.",
    authScopes: { role: ["ADMIN"] },
    args: { input: t.arg({ type: UpdateUserInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const id = parseId(input.id, "User");
      const { revocations } = await service(ctx).updateUser(ctx.viewer, id, {
        ...(input.email ? { email: input.email } : {}),
        ...(input.name ? { name: input.name.trim() } : {}),
        ...(input.unitId ? { unitId: parseId(input.unitId, "OrgUnit", "unitId") } : {}),
        ...(input.roles ? { roles: unique(input.roles) as never } : {}),
        ...(input.locale ? { locale: input.locale } : {}),
      });
      publishRevocations(ctx, revocations);
      return ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  disableUser: t.prismaField({
    type: "User",
    description: "Disables a person (ADMIN): their sessions, refresh tokens and open connections end at once, on every replica. The last administrator cannot be disabled.",
    authScopes: { role: ["ADMIN"] },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const id = parseId(args.id, "User");
      const { revocations } = await service(ctx).disableUser(ctx.viewer, id);
      publishRevocations(ctx, revocations);
      return ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  enableUser: t.prismaField({
    type: "User",
    description: "Lets a disabled person sign in again (ADMIN).",
    authScopes: { role: ["ADMIN"] },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const id = parseId(args.id, "User");
      await service(ctx).enableUser(ctx.viewer, id);
      return ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));

// Passwords and personal settings: the person's own.
builder.mutationFields((t) => ({
  requestPasswordReset: t.boolean({
    description: "Mails a single-use reset link if the email belongs to an active person. Always answers true: the answer tells nothing about which emails exist.",
    authScopes: { public: true },
    args: { email: t.arg.string({ required: true, validate: { schema: z.string().max(254, "must be at most 254 characters") } }) },
    resolve: async (_r, args, ctx) => {
      await service(ctx).requestPasswordReset(args.email);
      return true;
    },
  }),
  resetPassword: t.boolean({
    description: "Chooses a password with an invitation or reset link (once, before it expires). Every session of the person ends; sign in with the new password.",
    authScopes: { public: true },
    args: { input: t.arg({ type: ResetPasswordInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const { revocations } = await service(ctx).resetPassword(input.token, input.password);
      publishRevocations(ctx, revocations);
      return true;
    },
  }),
  changePassword: t.boolean({
    description: "Changes the signed-in person's password; their other sessions end.",
    authScopes: { user: true },
    args: { input: t.arg({ type: ChangePasswordInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const { revocations } = await service(ctx).changePassword(ctx.viewer, input.current, input.password);
      publishRevocations(ctx, revocations);
      return true;
    },
  }),
  updateMySettings: t.prismaField({
    type: "User",
    description: "Changes the signed-in person's language, time zone, notification preferences and daily digest.",
    authScopes: { user: true },
    args: { input: t.arg({ type: UpdateMySettingsInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const prefs = input.notificationPreferences;
      const user = await updateMySettings(ctx.prisma, ctx.viewer, {
        ...(input.locale ? { locale: input.locale } : {}),
        ...(input.timeZone ? { timeZone: input.timeZone } : {}),
        ...(prefs ? { notificationPreferences: { levels: unique(prefs.levels), channels: unique(prefs.channels), quietHours: prefs.quietHours ?? null } } : {}),
        ...(input.dailyDigest ? { dailyDigest: { enabled: input.dailyDigest.enabled, hour: input.dailyDigest.hour ?? undefined } } : {}),
      });
      return ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: user.id } });
    },
  }),
}));
