/** The warning's GraphQL types (§5.3.2): Alert, its event log, silences, and the `alerts` list. */
import { builder } from "../../builder.js";
import { ALERT_READ_RULE, readRule } from "../access/visible.js";
import { AlertEventTypeEnum, AlertLevelEnum, AlertStateEnum, RuleKindEnum, TimeRange, pageComplexity } from "../common/schema.js";
import { AlertSourceEnum } from "./alert-source.js";
import { alertListWhere } from "./queries.js";

builder.prismaNode("Alert", {
  id: { field: "id" },
  authScopes: ALERT_READ_RULE,
  description:
    "A warning (§5.3.2) raised by a threshold rule, or by a condition the server checks on a schedule (an overdue monitoring plan or action, a risk): FIRING → ACKNOWLEDGED → RESOLVED.",
  fields: (t) => ({
    level: t.expose("level", { type: AlertLevelEnum }),
    state: t.expose("state", { type: AlertStateEnum }),
    value: t.exposeFloat("value", { nullable: true }),
    message: t.exposeString("message"),
    predictedAt: t.expose("predictedAt", { type: "DateTime", nullable: true, description: "TREND alerts: when the threshold is expected to be crossed." }),
    ruleLevel: t.field({
      type: AlertLevelEnum,
      nullable: true,
      description: "The level of the rule that raised the alert: the threshold a TREND alert's `predictedAt` is about. Null for a condition's alert.",
      select: { rule: { select: { level: true } } },
      resolve: (a) => a.rule?.level ?? null,
    }),
    ruleKind: t.field({
      type: RuleKindEnum,
      nullable: true,
      description: "THRESHOLD, TREND or NO_DATA: the kind of rule that raised the alert. Null for a condition's alert (see `source`).",
      select: { rule: { select: { kind: true } } },
      resolve: (a) => a.rule?.kind ?? null,
    }),
    silenced: t.exposeBoolean("silenced"),
    startedAt: t.expose("startedAt", { type: "DateTime" }),
    lastFiredAt: t.expose("lastFiredAt", { type: "DateTime" }),
    acknowledgedAt: t.expose("acknowledgedAt", { type: "DateTime", nullable: true }),
    ackNote: t.exposeString("ackNote", { nullable: true }),
    ackExpiresAt: t.expose("ackExpiresAt", { type: "DateTime", nullable: true }),
    resolvedAt: t.expose("resolvedAt", { type: "DateTime", nullable: true }),
    indicator: t.relation("indicator", { nullable: true, description: "Null for a condition's alert." }),
    rule: t.relation("rule", { nullable: true, description: "Null for a condition's alert." }),
    acknowledgedBy: t.relation("acknowledgedBy", { nullable: true }),
    assignee: t.relation("assignee", { nullable: true }),
    events: t.relation("events", { query: { orderBy: { id: "asc" } } }),
  }),
});

builder.prismaObject("AlertEvent", {
  description: "One change of an alert. Ids increase monotonically: a subscriber resumes after the last id it saw.",
  fields: (t) => ({
    id: t.id({ description: "Monotonic: pass the last one you saw as alertEvents(after:).", resolve: (e) => e.id.toString() }),
    type: t.expose("type", { type: AlertEventTypeEnum }),
    at: t.expose("at", { type: "DateTime" }),
    level: t.expose("level", { type: AlertLevelEnum }),
    state: t.expose("state", { type: AlertStateEnum }),
    value: t.exposeFloat("value", { nullable: true }),
    note: t.exposeString("note", { nullable: true }),
    actor: t.relation("actor", { nullable: true }),
    alert: t.relation("alert"),
  }),
});

builder.prismaNode("Silence", {
  id: { field: "id" },
  authScopes: readRule("silence", (s: { id: string }) => s.id),
  description: "Mutes an indicator or a process for a window; alerts are still recorded, and marked silenced.",
  fields: (t) => ({
    startsAt: t.expose("startsAt", { type: "DateTime" }),
    endsAt: t.expose("endsAt", { type: "DateTime" }),
    reason: t.exposeString("reason"),
    indicator: t.relation("indicator", { nullable: true }),
    process: t.relation("process", { nullable: true }),
    createdBy: t.relation("createdBy"),
  }),
});

export const AlertFilter = builder.inputType("AlertFilter", {
  fields: (t) => ({
    states: t.field({ type: [AlertStateEnum], description: "Default: FIRING and ACKNOWLEDGED (the open ones)." }),
    levels: t.field({ type: [AlertLevelEnum] }),
    processIds: t.idList(),
    unitIds: t.idList(),
    indicatorIds: t.idList(),
    sources: t.field({ type: [AlertSourceEnum], description: "Threshold rules, or the conditions checked on a schedule." }),
    startedAt: t.field({ type: TimeRange }),
    assignedToMe: t.boolean(),
  }),
});

builder.queryFields((t) => ({
  alerts: t.prismaConnection({
    type: "Alert",
    cursor: "id",
    complexity: pageComplexity,
    description: "Warnings, newest first; by default the open ones.",
    authScopes: { reader: true },
    args: { filter: t.arg({ type: AlertFilter }) },
    totalCount: (_c, args, ctx) => ctx.prisma.alert.count({ where: alertListWhere(ctx.viewer, args.filter) }),
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.alert.findMany({
        ...query,
        where: alertListWhere(ctx.viewer, args.filter),
        orderBy: [{ startedAt: "desc" }, { id: "asc" }],
      }),
  }),
}));
