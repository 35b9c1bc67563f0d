import { ALERT_READ_RULE, readRule } from "../access/visible.js";
import { builder } from "../../builder.js";
import type { Prisma } from "../../lib/db.js";
import { alertWhere, indicatorWhere, riskWhere } from "../access/visibility.js";
import { parseId, parseIds } from "../common/ids.js";
import { given } from "../common/input.js";
import { updatePayload } from "../common/payload.js";
import {
  AlertEventTypeEnum,
  AlertLevelEnum,
  AlertStateEnum,
  ComparatorEnum,
  DirectionEnum,
  IndicatorKindEnum,
  IndicatorStatusEnum,
  RuleKindEnum,
  TimeRange,
  timeFilter,
  pageComplexity,
} from "../common/schema.js";
import { z } from "zod";
import { CODE, int, MEASURE, MINUTES, NAME } from "../common/validation.js";
import { createCatalogService } from "./catalog.js";
import { breachBand, trendProjection, type TrendProjection, type ValueRange } from "../alerting/rules.js";
import { AlertSourceEnum } from "../alerting/alert-source.js";
import { subjectFilterWhere } from "../alerting/subjects.js";

export const IndicatorNode = builder.prismaNode("Indicator", {
  id: { field: "id" },
  authScopes: readRule("indicator", (i: { id: string }) => i.id),
  description: "A key indicator of a process or step (§4.1): quantifiable, with a unit, a direction and a target.",
  fields: (t) => ({
    code: t.exposeString("code"),
    name: t.exposeString("name"),
    nameEn: t.exposeString("nameEn"),
    kind: t.expose("kind", { type: IndicatorKindEnum }),
    unit: t.exposeString("unit"),
    direction: t.expose("direction", { type: DirectionEnum }),
    target: t.exposeFloat("target", { nullable: true }),
    targetLow: t.exposeFloat("targetLow", { nullable: true }),
    targetHigh: t.exposeFloat("targetHigh", { nullable: true }),
    expectedIntervalMinutes: t.exposeInt("expectedIntervalMinutes", { nullable: true }),
    status: t.expose("status", { type: IndicatorStatusEnum, description: "OK, WARNING or CRITICAL from the open alerts; NO_DATA when readings stopped." }),
    lastValue: t.exposeFloat("lastValue", { nullable: true }),
    lastObservedAt: t.expose("lastObservedAt", { type: "DateTime", nullable: true }),
    archivedAt: t.expose("archivedAt", { type: "DateTime", nullable: true }),
    process: t.relation("process"),
    step: t.relation("step", { nullable: true }),
    rules: t.relation("rules", { query: { where: { archivedAt: null }, orderBy: [{ kind: "asc" }, { level: "asc" }] } }),
    readings: t.relation("readings", {
      description: "Raw readings, newest first: the last `last` (at most 1000) within `range`.",
      complexity: (args) => ({ field: 1, multiplier: Math.max(1, Math.min(args.last ?? 100, 1000)) }),
      args: { last: t.arg.int({ defaultValue: 100 }), range: t.arg({ type: TimeRange }) },
      query: (args) => ({
        where: args.range ? { observedAt: timeFilter(args.range) } : {},
        orderBy: { observedAt: "desc" },
        take: Math.max(0, Math.min(args.last ?? 100, 1000)),
      }),
    }),
    alerts: t.relatedConnection("alerts", {
      cursor: "id",
      complexity: pageComplexity,
      totalCount: true,
      args: { state: t.arg({ type: [AlertStateEnum] }) },
      query: (args) => ({ where: args.state?.length ? { state: { in: args.state } } : {}, orderBy: { startedAt: "desc" } }),
    }),
    risks: t.relation("risks", {
      description: "Risks this indicator watches, as a key risk indicator (§5.3.1); only those the viewer may read.",
      query: (_a, ctx) => ({ where: riskWhere(ctx.viewer), orderBy: { code: "asc" } }),
    }),
  }),
});

builder.prismaObject("Reading", {
  description: "One observation of an indicator.",
  fields: (t) => ({
    id: t.id({ resolve: (r) => r.id.toString() }),
    value: t.exposeFloat("value"),
    observedAt: t.expose("observedAt", { type: "DateTime" }),
    key: t.exposeString("key", { nullable: true }),
  }),
});

const ValueRangeRef = builder.objectRef<ValueRange>("ValueRange").implement({
  description: "A range of values, open at both ends; a null end is unbounded.",
  fields: (t) => ({ from: t.exposeFloat("from", { nullable: true }), to: t.exposeFloat("to", { nullable: true }) }),
});

const ThresholdBandRef = builder.objectRef<{ lines: number[]; zones: ValueRange[] }>("ThresholdBand").implement({
  description: "Where a rule's threshold lies (§5.3.2): its threshold values and the value ranges that breach it.",
  fields: (t) => ({
    lines: t.exposeFloatList("lines", { description: "The threshold values (two for an OUTSIDE band)." }),
    zones: t.field({ type: [ValueRangeRef], description: "The values that breach the rule.", resolve: (b) => b.zones }),
  }),
});

const TrendProjectionRef = builder.objectRef<TrendProjection>("TrendProjection").implement({
  description: "A TREND rule's least-squares line over its window of the latest readings, to its horizon (§4.2.4, §5.3.2).",
  fields: (t) => ({
    from: t.expose("from", { type: "DateTime", description: "The latest reading's time." }),
    fromValue: t.exposeFloat("fromValue", { description: "The fitted value at `from`." }),
    to: t.expose("to", { type: "DateTime", description: "`from` plus the rule's horizon." }),
    toValue: t.exposeFloat("toValue", { description: "The fitted value at `to`." }),
    predictedAt: t.expose("predictedAt", { type: "DateTime", nullable: true, description: "When the line crosses the rule's threshold within the horizon, if it does." }),
  }),
});

export const ThresholdRuleNode = builder.prismaNode("ThresholdRule", {
  id: { field: "id" },
  authScopes: readRule("indicator", (r: { indicatorId: string }) => r.indicatorId),
  description: "A warning threshold of an indicator (§5.3.2).",
  fields: (t) => ({
    kind: t.expose("kind", { type: RuleKindEnum }),
    level: t.expose("level", { type: AlertLevelEnum }),
    comparator: t.expose("comparator", { type: ComparatorEnum, nullable: true }),
    value: t.exposeFloat("value", { nullable: true }),
    upperValue: t.exposeFloat("upperValue", { nullable: true }),
    clearValue: t.exposeFloat("clearValue", { nullable: true }),
    clearUpperValue: t.exposeFloat("clearUpperValue", { nullable: true }),
    consecutive: t.exposeInt("consecutive"),
    pendingMinutes: t.exposeInt("pendingMinutes"),
    keepFiringMinutes: t.exposeInt("keepFiringMinutes"),
    noDataFactor: t.exposeFloat("noDataFactor"),
    trendWindow: t.exposeInt("trendWindow", { nullable: true }),
    trendHorizonMinutes: t.exposeInt("trendHorizonMinutes", { nullable: true }),
    enabled: t.exposeBoolean("enabled"),
    indicator: t.relation("indicator"),
    band: t.field({
      type: ThresholdBandRef,
      nullable: true,
      description: "THRESHOLD and TREND rules: the threshold values and the breaching ranges, as the rule evaluates them; null for NO_DATA.",
      resolve: (r) => breachBand(r),
    }),
    projection: t.field({
      type: TrendProjectionRef,
      nullable: true,
      description: "TREND rules: the projection the rule evaluates now, over its window of the latest readings; null for other rules or too few readings.",
      resolve: async (r, _args, ctx) => {
        if (r.kind !== "TREND") return null;
        const readings = await ctx.prisma.reading.findMany({
          where: { indicatorId: r.indicatorId },
          orderBy: { observedAt: "desc" },
          take: Math.max(2, r.trendWindow ?? 10),
          select: { value: true, observedAt: true },
        });
        return trendProjection(r, readings);
      },
    }),
  }),
});

export const AlertNode = builder.prismaNode("Alert", {
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

// ───────────── queries ─────────────

const IndicatorFilter = builder.inputType("IndicatorFilter", {
  fields: (t) => ({
    processIds: t.idList(),
    unitIds: t.idList({ description: "Owner units of the indicators' processes." }),
    kinds: t.field({ type: [IndicatorKindEnum] }),
    statuses: t.field({ type: [IndicatorStatusEnum] }),
    search: t.string(),
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

export function indicatorFilterWhere(f: typeof IndicatorFilter.$inferInput | null | undefined): Prisma.IndicatorWhereInput {
  return {
    archivedAt: null,
    ...(f?.processIds?.length ? { processId: { in: parseIds(f.processIds, "Process", "filter.processIds") } } : {}),
    ...(f?.unitIds?.length ? { process: { ownerUnitId: { in: parseIds(f.unitIds, "OrgUnit", "filter.unitIds") } } } : {}),
    ...(f?.kinds?.length ? { kind: { in: f.kinds } } : {}),
    ...(f?.statuses?.length ? { status: { in: f.statuses } } : {}),
    ...(f?.search
      ? { OR: [{ code: { contains: f.search, mode: "insensitive" } }, { name: { contains: f.search } }, { nameEn: { contains: f.search, mode: "insensitive" } }] }
      : {}),
  };
}

export function alertFilterWhere(f: typeof AlertFilter.$inferInput | null | undefined, viewerUserId: string | null): Prisma.AlertWhereInput {
  return {
    state: { in: f?.states?.length ? f.states : ["FIRING", "ACKNOWLEDGED"] },
    ...(f?.levels?.length ? { level: { in: f.levels } } : {}),
    ...(f?.indicatorIds?.length ? { indicatorId: { in: parseIds(f.indicatorIds, "Indicator", "filter.indicatorIds") } } : {}),
    ...(f?.sources?.length ? { source: { in: f.sources } } : {}),
    // A condition's alert has no indicator: it is placed by its subject (subjects.ts).
    ...subjectFilterWhere({
      processIds: f?.processIds?.length ? parseIds(f.processIds, "Process", "filter.processIds") : null,
      unitIds: f?.unitIds?.length ? parseIds(f.unitIds, "OrgUnit", "filter.unitIds") : null,
    }),
    ...(f?.startedAt ? { startedAt: timeFilter(f.startedAt) } : {}),
    ...(f?.assignedToMe ? { assigneeId: viewerUserId ?? "-" } : {}),
  };
}

builder.queryFields((t) => ({
  indicators: t.prismaConnection({
    type: "Indicator",
    cursor: "id",
    complexity: pageComplexity,
    description: "Indicators the viewer may read, by code.",
    authScopes: { reader: true },
    args: { filter: t.arg({ type: IndicatorFilter }) },
    totalCount: (_c, args, ctx) => ctx.prisma.indicator.count({ where: { AND: [indicatorWhere(ctx.viewer), indicatorFilterWhere(args.filter)] } }),
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.indicator.findMany({ ...query, where: { AND: [indicatorWhere(ctx.viewer), indicatorFilterWhere(args.filter)] }, orderBy: [{ code: "asc" }, { id: "asc" }] }),
  }),
  alerts: t.prismaConnection({
    type: "Alert",
    cursor: "id",
    complexity: pageComplexity,
    description: "Warnings, newest first; by default the open ones.",
    authScopes: { reader: true },
    args: { filter: t.arg({ type: AlertFilter }) },
    totalCount: (_c, args, ctx) =>
      ctx.prisma.alert.count({ where: { AND: [alertWhere(ctx.viewer), alertFilterWhere(args.filter, ctx.viewer.kind === "user" ? ctx.viewer.user.id : null)] } }),
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.alert.findMany({
        ...query,
        where: { AND: [alertWhere(ctx.viewer), alertFilterWhere(args.filter, ctx.viewer.kind === "user" ? ctx.viewer.user.id : null)] },
        orderBy: [{ startedAt: "desc" }, { id: "asc" }],
      }),
  }),
}));

// ───────────── definitions: indicators and threshold rules ─────────────

/** One validation per field, for create and update alike. */
const INDICATOR = {
  code: CODE,
  name: NAME,
  unit: NAME,
  target: MEASURE,
  expectedIntervalMinutes: int(1, 525_600),
};
const RULE = {
  value: MEASURE,
  consecutive: int(1, 1000),
  minutes: MINUTES,
  noDataFactor: { schema: MEASURE.schema.pipe(z.number().min(1, "must be from 1 to 100").max(100, "must be from 1 to 100")) },
  trendWindow: int(3, 10_000),
};

const CreateIndicatorInput = builder.inputType("CreateIndicatorInput", {
  fields: (t) => ({
    processId: t.id({ required: true }),
    stepId: t.id(),
    code: t.string({ required: true, validate: INDICATOR.code }),
    name: t.string({ required: true, validate: INDICATOR.name }),
    nameEn: t.string({ validate: INDICATOR.name }),
    unit: t.string({ required: true, validate: INDICATOR.unit }),
    kind: t.field({ type: IndicatorKindEnum, required: true }),
    direction: t.field({ type: DirectionEnum, required: true }),
    target: t.float({ validate: INDICATOR.target }),
    targetLow: t.float({ validate: INDICATOR.target, description: "Lower bound of a TARGET_BAND." }),
    targetHigh: t.float({ validate: INDICATOR.target, description: "Upper bound of a TARGET_BAND." }),
    expectedIntervalMinutes: t.int({ validate: INDICATOR.expectedIntervalMinutes, description: "How often readings should arrive; NO_DATA rules use it." }),
  }),
});

const UpdateIndicatorInput = builder.inputType("UpdateIndicatorInput", {
  fields: (t) => ({
    id: t.id({ required: true }),
    stepId: t.id(),
    code: t.string({ validate: INDICATOR.code }),
    name: t.string({ validate: INDICATOR.name }),
    nameEn: t.string({ validate: INDICATOR.name }),
    unit: t.string({ validate: INDICATOR.unit }),
    kind: t.field({ type: IndicatorKindEnum }),
    direction: t.field({ type: DirectionEnum }),
    target: t.float({ validate: INDICATOR.target }),
    targetLow: t.float({ validate: INDICATOR.target }),
    targetHigh: t.float({ validate: INDICATOR.target }),
    expectedIntervalMinutes: t.int({ validate: INDICATOR.expectedIntervalMinutes }),
  }),
});

const CreateThresholdRuleInput = builder.inputType("CreateThresholdRuleInput", {
  fields: (t) => ({
    indicatorId: t.id({ required: true }),
    kind: t.field({ type: RuleKindEnum, required: true }),
    level: t.field({ type: AlertLevelEnum, required: true }),
    comparator: t.field({ type: ComparatorEnum }),
    value: t.float({ validate: RULE.value, description: "The threshold; for OUTSIDE the lower bound." }),
    upperValue: t.float({ validate: RULE.value, description: "OUTSIDE only: the upper bound of the band." }),
    clearValue: t.float({ validate: RULE.value, description: "Hysteresis: the value must come back past this to clear." }),
    clearUpperValue: t.float({ validate: RULE.value, description: "OUTSIDE only: upper bound of the clear band." }),
    consecutive: t.int({ defaultValue: 1, validate: RULE.consecutive, description: "Breaches in a row before firing." }),
    pendingMinutes: t.int({ defaultValue: 0, validate: RULE.minutes, description: "Minutes a breach must last before firing." }),
    keepFiringMinutes: t.int({ defaultValue: 0, validate: RULE.minutes, description: "Minutes to keep firing after the value clears." }),
    noDataFactor: t.float({ defaultValue: 2, validate: RULE.noDataFactor }),
    trendWindow: t.int({ validate: RULE.trendWindow, description: "TREND: readings in the least-squares fit." }),
    trendHorizonMinutes: t.int({ validate: RULE.minutes, description: "TREND: how far ahead a crossing counts." }),
    enabled: t.boolean({ defaultValue: true }),
  }),
});

const UpdateThresholdRuleInput = builder.inputType("UpdateThresholdRuleInput", {
  fields: (t) => ({
    id: t.id({ required: true }),
    level: t.field({ type: AlertLevelEnum }),
    comparator: t.field({ type: ComparatorEnum }),
    value: t.float({ validate: RULE.value }),
    upperValue: t.float({ validate: RULE.value }),
    clearValue: t.float({ validate: RULE.value }),
    clearUpperValue: t.float({ validate: RULE.value }),
    consecutive: t.int({ validate: RULE.consecutive }),
    pendingMinutes: t.int({ validate: RULE.minutes }),
    keepFiringMinutes: t.int({ validate: RULE.minutes }),
    noDataFactor: t.float({ validate: RULE.noDataFactor }),
    trendWindow: t.int({ validate: RULE.trendWindow }),
    trendHorizonMinutes: t.int({ validate: RULE.minutes }),
    enabled: t.boolean(),
  }),
});

const UpdateIndicatorPayload = updatePayload("UpdateIndicatorPayload", "Indicator", "indicator");
const UpdateThresholdRulePayload = updatePayload("UpdateThresholdRulePayload", "ThresholdRule", "rule");

// biome-ignore lint/complexity/noExcessiveLinesPerFunction: a Pothos field map: each field is short; the map's length is the sum of its fields (to split with the module split)
builder.mutationFields((t) => ({
  createIndicator: t.prismaField({
    type: "Indicator",
    description: "Defines a key indicator on a process or step (§4.1).",
    authScopes: { editor: true },
    args: { input: t.arg({ type: CreateIndicatorInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const processId = parseId(input.processId, "Process", "processId");
      const i = await createCatalogService(ctx.prisma).createIndicator(ctx.viewer, {
        processId,
        stepId: input.stepId ? parseId(input.stepId, "ProcessStep", "stepId") : null,
        code: input.code.trim(),
        name: input.name.trim(),
        nameEn: input.nameEn?.trim() ?? "",
        unit: input.unit.trim(),
        kind: input.kind,
        direction: input.direction,
        target: input.target ?? null,
        targetLow: input.targetLow ?? null,
        targetHigh: input.targetHigh ?? null,
        expectedIntervalMinutes: input.expectedIntervalMinutes ?? null,
      });
      return ctx.prisma.indicator.findUniqueOrThrow({ ...query, where: { id: i.id } });
    },
  }),
  updateIndicator: t.field({
    type: UpdateIndicatorPayload,
    description: "Changes an indicator's definition; its rules must stay consistent with it.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: UpdateIndicatorInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createCatalogService(ctx.prisma).updateIndicator(ctx.viewer, parseId(input.id, "Indicator"), {
        ...given(input, ["code", "name", "nameEn", "unit", "kind", "direction", "target", "targetLow", "targetHigh", "expectedIntervalMinutes"]),
        ...(input.stepId ? { stepId: parseId(input.stepId, "ProcessStep", "stepId") } : {}),
      } as never),
  }),
  archiveIndicator: t.prismaField({
    type: "Indicator",
    description: "Archives an indicator: no more readings are accepted, history stays.",
    authScopes: { editor: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const i = await createCatalogService(ctx.prisma).archiveIndicator(ctx.viewer, parseId(args.id, "Indicator"));
      return ctx.prisma.indicator.findUniqueOrThrow({ ...query, where: { id: i.id } });
    },
  }),
  createThresholdRule: t.prismaField({
    type: "ThresholdRule",
    description: "Adds a warning threshold to an indicator (§5.3.2); it must agree with the indicator's direction.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: CreateThresholdRuleInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const r = await createCatalogService(ctx.prisma).createRule(ctx.viewer, {
        indicatorId: parseId(input.indicatorId, "Indicator", "indicatorId"),
        kind: input.kind,
        level: input.level,
        comparator: input.comparator ?? null,
        value: input.value ?? null,
        upperValue: input.upperValue ?? null,
        clearValue: input.clearValue ?? null,
        clearUpperValue: input.clearUpperValue ?? null,
        consecutive: input.consecutive ?? 1,
        pendingMinutes: input.pendingMinutes ?? 0,
        keepFiringMinutes: input.keepFiringMinutes ?? 0,
        noDataFactor: input.noDataFactor ?? 2,
        trendWindow: input.trendWindow ?? null,
        trendHorizonMinutes: input.trendHorizonMinutes ?? null,
        enabled: input.enabled ?? true,
      });
      return ctx.prisma.thresholdRule.findUniqueOrThrow({ ...query, where: { id: r.id } });
    },
  }),
  updateThresholdRule: t.field({
    type: UpdateThresholdRulePayload,
    description: "Changes a threshold rule; says which fields changed.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: UpdateThresholdRuleInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createCatalogService(ctx.prisma).updateRule(
        ctx.viewer,
        parseId(input.id, "ThresholdRule"),
        given(input, [
          "level",
          "comparator",
          "value",
          "upperValue",
          "clearValue",
          "clearUpperValue",
          "consecutive",
          "pendingMinutes",
          "keepFiringMinutes",
          "noDataFactor",
          "trendWindow",
          "trendHorizonMinutes",
          "enabled",
        ]) as never,
      ),
  }),
  archiveThresholdRule: t.prismaField({
    type: "ThresholdRule",
    description: "Archives a threshold rule; it stops firing.",
    authScopes: { editor: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const r = await createCatalogService(ctx.prisma).archiveRule(ctx.viewer, parseId(args.id, "ThresholdRule"));
      return ctx.prisma.thresholdRule.findUniqueOrThrow({ ...query, where: { id: r.id } });
    },
  }),
}));
