import { builder } from "../../builder.js";
import * as Enums from "../../generated/prisma/enums.js";
import { readRule } from "../access/visible.js";
import { parseId, parseIds } from "../common/ids.js";
import { AlertLevelEnum, pageComplexity, RiskCategoryEnum } from "../common/schema.js";
import { NAME } from "../common/validation.js";
import { QuietHoursInput } from "../people/schema.js";
import { notificationAdminWhere } from "./permissions.js";
import { GROUP_LABELS } from "./routing.js";
import { createNotificationService, reorderPolicies, testContactPoint, updatePolicy } from "./service.js";

export const ContactPointKindEnum = builder.enumType(Enums.ContactPointKind, { name: "ContactPointKind" });
export const WebhookFormatEnum = builder.enumType(Enums.WebhookFormat, { name: "WebhookFormat" });
export const MessageLanguageEnum = builder.enumType(Enums.MessageLanguage, {
  name: "MessageLanguage",
  description: "The language of a contact point's messages: Traditional Chinese or English.",
});
export const OutboxStatusEnum = builder.enumType(Enums.OutboxStatus, { name: "OutboxStatus" });
const AlertSourceName = builder.enumType(Enums.AlertSource, { name: "NotificationAlertSource", description: "An alert source a policy matches (as Alert.source)." });

const ADMINS = { configurer: true };

const EmailSettings = builder.objectRef<{ to: string[] }>("EmailSettings").implement({ fields: (t) => ({ to: t.exposeStringList("to") }) });
const WebhookSettings = builder.objectRef<{ url: string; format: Enums.WebhookFormat; hasSecret: boolean }>("WebhookSettings").implement({
  fields: (t) => ({
    url: t.exposeString("url"),
    format: t.expose("format", { type: WebhookFormatEnum }),
    hasSecret: t.exposeBoolean("hasSecret", { description: "A signing secret or key is set (it is never returned)." }),
  }),
});

builder.prismaNode("ContactPoint", {
  id: { field: "id" },
  authScopes: readRule("contactPoint", (c: { id: string }) => c.id),
  description: "Where notifications go: an email list, a chat webhook, or the in-app inbox (§6.2.2).",
  fields: (t) => ({
    name: t.exposeString("name"),
    kind: t.expose("kind", { type: ContactPointKindEnum }),
    language: t.expose("language", { type: MessageLanguageEnum }),
    email: t.field({ type: EmailSettings, nullable: true, resolve: (c) => (c.kind === "EMAIL" ? { to: c.emailTo } : null) }),
    webhook: t.field({
      type: WebhookSettings,
      nullable: true,
      resolve: (c) => (c.kind === "WEBHOOK" && c.webhookUrl && c.webhookFormat ? { url: c.webhookUrl, format: c.webhookFormat, hasSecret: !!c.webhookSecret } : null),
    }),
    inAppUserIds: t.exposeStringList("inAppUserIds", { description: "IN_APP: the people it reaches; empty: the alert's unit head and the process office." }),
    deletedAt: t.expose("deletedAt", { type: "DateTime", nullable: true, description: "When it was deleted (the delivery log still names it)." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const Matchers = builder.objectRef<{ levels: string[]; sources: string[]; processIds: string[]; unitIds: string[]; riskCategories: string[] }>("NotificationMatchers").implement({
  fields: (t) => ({
    levels: t.exposeStringList("levels"),
    sources: t.exposeStringList("sources"),
    processIds: t.exposeStringList("processIds", { description: "Database ids of processes (empty: any)." }),
    unitIds: t.exposeStringList("unitIds", { description: "Database ids of owning units (empty: any)." }),
    riskCategories: t.exposeStringList("riskCategories"),
  }),
});

builder.prismaNode("NotificationPolicy", {
  id: { field: "id" },
  authScopes: readRule("notificationPolicy", (p: { id: string }) => p.id),
  description: "A route: alert events matching its matchers go to its contact point, grouped and repeated as it says (§6.2.2).",
  fields: (t) => ({
    name: t.exposeString("name"),
    contactPoint: t.relation("contactPoint"),
    matchers: t.field({ type: Matchers, resolve: (p) => p }),
    groupBy: t.exposeStringList("groupBy"),
    groupWaitSeconds: t.exposeInt("groupWaitSeconds"),
    groupIntervalSeconds: t.exposeInt("groupIntervalSeconds"),
    repeatIntervalSeconds: t.exposeInt("repeatIntervalSeconds"),
    position: t.exposeInt("position"),
    muteTimings: t.field({ type: [MuteTimingRef], resolve: (p) => (p.muteTimings ?? []) as never }),
    enabled: t.exposeBoolean("enabled"),
  }),
});

const Attempt = builder.prismaObject("NotificationAttempt", {
  description: "One try at sending a notification.",
  fields: (t) => ({ at: t.expose("at", { type: "DateTime" }), ok: t.exposeBoolean("ok"), error: t.exposeString("error", { nullable: true }) }),
});

builder.prismaNode("NotificationDelivery", {
  id: { field: "id" },
  authScopes: readRule("notificationDelivery", (d: { id: string }) => d.id),
  description: "One message to one contact point, from the outbox: its status and every attempt (§6.2.2).",
  fields: (t) => ({
    status: t.expose("status", { type: OutboxStatusEnum }),
    attempts: t.exposeInt("attempts"),
    lastError: t.exposeString("lastError", { nullable: true }),
    reason: t.exposeString("reason", { description: "The event type that caused it (FIRED, ESCALATED, RESOLVED, …), REPEAT, ESCALATION or TEST." }),
    contactPoint: t.relation("contactPoint"),
    policy: t.relation("policy", { nullable: true }),
    alert: t.prismaField({
      type: "Alert",
      nullable: true,
      resolve: (query, d, _a, ctx) => (d.alertId ? ctx.prisma.alert.findUnique({ ...query, where: { id: d.alertId } }) : null),
    }),
    alertEventId: t.string({ nullable: true, resolve: (d) => (d.alertEventId == null ? null : String(d.alertEventId)) }),
    nextAttemptAt: t.expose("nextAttemptAt", { type: "DateTime" }),
    giveUpAt: t.expose("giveUpAt", { type: "DateTime" }),
    sentAt: t.expose("sentAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    attemptLog: t.relation("attemptLog", { type: Attempt, query: { orderBy: [{ at: "asc" }, { id: "asc" }], take: 100 } } as never),
  }),
});

const EmailInput = builder.inputType("ContactPointEmailInput", { fields: (t) => ({ to: t.stringList({ required: true, validate: { maxLength: 50 } }) }) });
const WebhookInput = builder.inputType("ContactPointWebhookInput", {
  fields: (t) => ({
    url: t.string({ required: true, validate: { maxLength: 2000 } }),
    format: t.field({ type: WebhookFormatEnum, required: true }),
    secret: t.string({ description: "DingTalk / Feishu signing secret, WeCom's webhook key, or the HMAC key of GENERIC's X-Signature." }),
  }),
});
const InAppInput = builder.inputType("ContactPointInAppInput", { fields: (t) => ({ userIds: t.idList({ required: true, validate: { maxLength: 200 } }) }) });

type InputFields = Parameters<Parameters<typeof builder.inputType>[1]["fields"]>[0];
const contactPointFields = (t: InputFields) => ({
  name: t.string({ required: true, validate: NAME }),
  kind: t.field({ type: ContactPointKindEnum, required: true }),
  language: t.field({ type: MessageLanguageEnum, description: "Default ZH_HANT." }),
  email: t.field({ type: EmailInput }),
  webhook: t.field({ type: WebhookInput }),
  inApp: t.field({ type: InAppInput }),
});
const CreateContactPointInput = builder.inputType("CreateContactPointInput", { fields: contactPointFields });
const UpdateContactPointInput = builder.inputType("UpdateContactPointInput", {
  description: "A contact point's new settings, whole; a WEBHOOK's secret left out keeps the stored one (an empty one removes it).",
  fields: (t) => ({ id: t.id({ required: true }), ...contactPointFields(t) }),
});

const MatchersInput = builder.inputType("NotificationMatchersInput", {
  fields: (t) => ({
    levels: t.field({ type: [AlertLevelEnum] }),
    sources: t.field({ type: [AlertSourceName] }),
    processIds: t.idList({ validate: { maxLength: 200 } }),
    unitIds: t.idList({ validate: { maxLength: 200 } }),
    riskCategories: t.field({ type: [RiskCategoryEnum] }),
  }),
});

export const MuteTimingInput = builder.inputType("MuteTimingInput", {
  description: "When messages wait instead of going out: quiet hours, weekdays, holiday dates.",
  fields: (t) => ({
    timeZone: t.string({ description: "IANA time zone; default Asia/Taipei." }),
    weekdays: t.intList({ description: "0 = Sunday … 6 = Saturday.", validate: { maxLength: 7 } }),
    quietHours: t.field({ type: QuietHoursInput }),
    dates: t.stringList({ description: "Holiday dates YYYY-MM-DD.", validate: { maxLength: 400 } }),
  }),
});
const MuteTimingRef = builder.objectRef<{ timeZone?: string; weekdays?: number[]; quietHours?: { start: string; end: string } | null; dates?: string[] }>("MuteTiming").implement({
  fields: (t) => ({
    timeZone: t.string({ resolve: (m) => m.timeZone ?? "Asia/Taipei" }),
    weekdays: t.intList({ resolve: (m) => m.weekdays ?? [] }),
    quietStart: t.string({ nullable: true, resolve: (m) => m.quietHours?.start ?? null }),
    quietEnd: t.string({ nullable: true, resolve: (m) => m.quietHours?.end ?? null }),
    dates: t.stringList({ resolve: (m) => m.dates ?? [] }),
  }),
});

const policyFields = (t: InputFields, contactPointRequired: boolean) => ({
  name: t.string({ validate: { maxLength: 200 } }),
  contactPointId: t.id({ required: contactPointRequired }),
  matchers: t.field({ type: MatchersInput }),
  groupBy: t.stringList({ validate: { maxLength: 10 }, description: `Labels: ${GROUP_LABELS.join(", ")}; none: one group per alert.` }),
  groupWaitSeconds: t.int({ description: "Wait before a group's first message; 0 sends at once. Default 0." }),
  groupIntervalSeconds: t.int({ description: "Least time between a group's messages. Default 300." }),
  repeatIntervalSeconds: t.int({ description: "Repeat while still firing after this long; 0 never. Default 14400." }),
  position: t.int({ description: "Routing order: lower first (ties by age). reorderNotificationPolicies sets it for a whole list." }),
  muteTimings: t.field({ type: [MuteTimingInput], validate: { maxLength: 20 } }),
});
const CreateNotificationPolicyInput = builder.inputType("CreateNotificationPolicyInput", { fields: (t) => policyFields(t, true) });
const UpdateNotificationPolicyInput = builder.inputType("UpdateNotificationPolicyInput", {
  description: "A policy's changes: what is left out stays as it is; matchers, when given, replace all of them (a list left out: any).",
  fields: (t) => ({ id: t.id({ required: true }), ...policyFields(t, false) }),
});

const DeliveryFilter = builder.inputType("NotificationDeliveryFilter", {
  fields: (t) => ({
    status: t.field({ type: [OutboxStatusEnum] }),
    contactPointId: t.id(),
    alertId: t.id(),
  }),
});

const TestContactPointResult = builder.objectRef<{ ok: boolean; error: string | null; deliveryId: string }>("TestContactPointResult").implement({
  fields: (t) => ({
    ok: t.exposeBoolean("ok"),
    error: t.exposeString("error", { nullable: true, description: "Why it was not taken (SMTP or HTTP answer)." }),
    delivery: t.prismaField({
      type: "NotificationDelivery",
      resolve: (query, r, _a, ctx) => ctx.prisma.notificationDelivery.findUniqueOrThrow({ ...query, where: { id: r.deliveryId } }),
    }),
  }),
});

const Deleted = builder.objectRef<{ id: string }>("DeletedNotificationConfig").implement({ fields: (t) => ({ id: t.exposeID("id") }) });

builder.queryFields((t) => ({
  contactPoints: t.prismaField({
    type: ["ContactPoint"],
    description: "Contact points not deleted (§6.2.2): process office, management, administrators.",
    authScopes: ADMINS,
    resolve: (query, _r, _a, ctx) =>
      ctx.prisma.contactPoint.findMany({
        ...query,
        where: { AND: [notificationAdminWhere(ctx.viewer), { deletedAt: null }] },
        orderBy: [{ name: "asc" }, { id: "asc" }],
        take: 500,
      }),
  }),
  notificationPolicies: t.prismaField({
    type: ["NotificationPolicy"],
    description: "Enabled notification policies in routing order.",
    authScopes: ADMINS,
    resolve: (query, _r, _a, ctx) =>
      ctx.prisma.notificationPolicy.findMany({
        ...query,
        where: { AND: [notificationAdminWhere(ctx.viewer), { enabled: true }] },
        orderBy: [{ position: "asc" }, { createdAt: "asc" }],
        take: 500,
      }),
  }),
  notificationDeliveries: t.prismaConnection({
    type: "NotificationDelivery",
    cursor: "id",
    complexity: pageComplexity,
    description: "The delivery log, newest first: status, attempts and the last error of every message (§6.2.2).",
    authScopes: ADMINS,
    args: { filter: t.arg({ type: DeliveryFilter }) },
    totalCount: (_c, args, ctx) => ctx.prisma.notificationDelivery.count({ where: deliveryWhere(ctx.viewer, args.filter) }),
    resolve: (query, _r, args, ctx) =>
      ctx.prisma.notificationDelivery.findMany({ ...query, where: deliveryWhere(ctx.viewer, args.filter), orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),
  }),
}));

type PolicyArgs = {
  name?: string | null;
  matchers?: {
    levels?: string[] | null;
    sources?: string[] | null;
    riskCategories?: string[] | null;
    processIds?: (string | number)[] | null;
    unitIds?: (string | number)[] | null;
  } | null;
  groupBy?: string[] | null;
  groupWaitSeconds?: number | null;
  groupIntervalSeconds?: number | null;
  repeatIntervalSeconds?: number | null;
  position?: number | null;
  muteTimings?: { timeZone?: string | null; weekdays?: number[] | null; quietHours?: { start: string; end: string } | null; dates?: string[] | null }[] | null;
};

/** A policy input's GraphQL ids as database ids and mute timings as stored; fields left out stay undefined. */
function policyInput(input: PolicyArgs) {
  const m = input.matchers;
  return {
    name: input.name ?? undefined,
    groupBy: input.groupBy ?? undefined,
    groupWaitSeconds: input.groupWaitSeconds ?? undefined,
    groupIntervalSeconds: input.groupIntervalSeconds ?? undefined,
    repeatIntervalSeconds: input.repeatIntervalSeconds ?? undefined,
    position: input.position ?? undefined,
    muteTimings: input.muteTimings?.map((mt) => ({
      timeZone: mt.timeZone ?? undefined,
      weekdays: mt.weekdays ?? undefined,
      quietHours: mt.quietHours ?? null,
      dates: mt.dates ?? undefined,
    })),
    matchers: m
      ? {
          levels: m.levels,
          sources: m.sources,
          riskCategories: m.riskCategories,
          processIds: m.processIds ? parseIds(m.processIds.map(String), "Process", "matchers.processIds") : null,
          unitIds: m.unitIds ? parseIds(m.unitIds.map(String), "OrgUnit", "matchers.unitIds") : null,
        }
      : null,
  };
}

function deliveryWhere(
  viewer: Parameters<typeof notificationAdminWhere>[0],
  f: { status?: Enums.OutboxStatus[] | null; contactPointId?: string | null; alertId?: string | null } | null | undefined,
) {
  return {
    AND: [
      notificationAdminWhere(viewer),
      f?.status ? { status: { in: f.status } } : {},
      f?.contactPointId ? { contactPointId: parseId(f.contactPointId, "ContactPoint", "filter.contactPointId") } : {},
      f?.alertId ? { alertId: parseId(f.alertId, "Alert", "filter.alertId") } : {},
    ],
  };
}

builder.mutationFields((t) => ({
  createContactPoint: t.prismaField({
    type: "ContactPoint",
    description: "Adds a contact point: EMAIL (SMTP_URL), WEBHOOK (GENERIC, SLACK, TEAMS, WECOM, DINGTALK, FEISHU) or IN_APP.",
    authScopes: ADMINS,
    args: { input: t.arg({ type: CreateContactPointInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const row = await createNotificationService(ctx.prisma).createContactPoint(ctx.viewer, {
        ...input,
        inApp: input.inApp ? { userIds: parseIds(input.inApp.userIds, "User", "inApp.userIds") } : null,
      });
      return ctx.prisma.contactPoint.findUniqueOrThrow({ ...query, where: { id: row.id } });
    },
  }),
  updateContactPoint: t.prismaField({
    type: "ContactPoint",
    description: "Changes a contact point's name, kind, language or settings (a webhook's secret kept unless given).",
    authScopes: ADMINS,
    args: { input: t.arg({ type: UpdateContactPointInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const row = await createNotificationService(ctx.prisma).updateContactPoint(ctx.viewer, parseId(input.id, "ContactPoint", "id"), {
        ...input,
        inApp: input.inApp ? { userIds: parseIds(input.inApp.userIds, "User", "inApp.userIds") } : null,
      });
      return ctx.prisma.contactPoint.findUniqueOrThrow({ ...query, where: { id: row.id } });
    },
  }),
  deleteContactPoint: t.field({
    type: Deleted,
    description: "Deletes a contact point that no policy, escalation step or report schedule sends to: no longer listed or chosen; its pending messages fail, its log stays.",
    authScopes: ADMINS,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => createNotificationService(ctx.prisma).deleteContactPoint(ctx.viewer, parseId(args.id, "ContactPoint")),
  }),
  testContactPoint: t.field({
    type: TestContactPointResult,
    description: "Sends a test message to a contact point now and says whether it was taken.",
    authScopes: ADMINS,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => testContactPoint(ctx.prisma, ctx.viewer, parseId(args.id, "ContactPoint"), ctx.pubsub),
  }),
  createNotificationPolicy: t.prismaField({
    type: "NotificationPolicy",
    description: "Routes matching alert events to a contact point (groupWaitSeconds 0 sends at once).",
    authScopes: ADMINS,
    args: { input: t.arg({ type: CreateNotificationPolicyInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const row = await createNotificationService(ctx.prisma).createPolicy(ctx.viewer, {
        ...policyInput(input),
        contactPointId: parseId(String(input.contactPointId), "ContactPoint", "contactPointId"),
      });
      return ctx.prisma.notificationPolicy.findUniqueOrThrow({ ...query, where: { id: row.id } });
    },
  }),
  updateNotificationPolicy: t.prismaField({
    type: "NotificationPolicy",
    description: "Changes a policy's matchers, contact point, grouping, timings, mute timings or place in routing order.",
    authScopes: ADMINS,
    args: { input: t.arg({ type: UpdateNotificationPolicyInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const row = await updatePolicy(ctx.prisma, ctx.viewer, parseId(input.id, "NotificationPolicy", "id"), {
        ...policyInput(input),
        contactPointId: input.contactPointId ? parseId(input.contactPointId, "ContactPoint", "contactPointId") : undefined,
      });
      return ctx.prisma.notificationPolicy.findUniqueOrThrow({ ...query, where: { id: row.id } });
    },
  }),
  reorderNotificationPolicies: t.prismaField({
    type: ["NotificationPolicy"],
    description: "Sets routing order: the policies in the order given (first tried first).",
    authScopes: ADMINS,
    args: { ids: t.arg.idList({ required: true, validate: { maxLength: 500 } }) },
    resolve: async (query, _r, args, ctx) => {
      const ids = await reorderPolicies(ctx.prisma, ctx.viewer, parseIds(args.ids, "NotificationPolicy", "ids"));
      const rows = await ctx.prisma.notificationPolicy.findMany({ ...query, where: { id: { in: ids } } });
      return ids.map((id) => rows.find((r) => r.id === id)!);
    },
  }),
  deleteNotificationPolicy: t.field({
    type: Deleted,
    description: "Stops routing by a policy (kept, disabled, for the delivery log).",
    authScopes: ADMINS,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => createNotificationService(ctx.prisma).deletePolicy(ctx.viewer, parseId(args.id, "NotificationPolicy")),
  }),
}));
