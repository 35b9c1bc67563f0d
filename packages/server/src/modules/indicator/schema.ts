import { builder } from "../../builder.js";
import { riskWhere } from "../access/visibility.js";
import { readRule } from "../access/visible.js";
import {
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
import { breachBand, trendProjection, type TrendProjection, type ValueRange } from "../alerting/rules.js";
import { indicatorListWhere } from "./queries.js";
import { warningComparators } from "./rule-validation.js";

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
    comparators: t.field({
      type: [ComparatorEnum],
      select: { direction: true },
      description: "The comparators a threshold or trend rule on this indicator may use: on the bad side of its direction (§5.3.2), the usual one first.",
      resolve: (i) => [...warningComparators(i.direction)],
    }),
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

builder.queryFields((t) => ({
  indicators: t.prismaConnection({
    type: "Indicator",
    cursor: "id",
    complexity: pageComplexity,
    description: "Indicators the viewer may read, by code.",
    authScopes: { reader: true },
    args: { filter: t.arg({ type: IndicatorFilter }) },
    totalCount: (_c, args, ctx) => ctx.prisma.indicator.count({ where: indicatorListWhere(ctx.viewer, args.filter) }),
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.indicator.findMany({ ...query, where: indicatorListWhere(ctx.viewer, args.filter), orderBy: [{ code: "asc" }, { id: "asc" }] }),
  }),
}));
