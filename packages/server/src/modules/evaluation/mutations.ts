import { builder } from "../../builder.js";
import type { Context } from "../../context.js";
import * as Enums from "../../generated/prisma/enums.js";
import { parseId } from "../common/ids.js";
import { EvaluationMethodEnum, ProcessCategoryEnum } from "../common/schema.js";
import { FINITE, TEXT } from "../common/validation.js";
import { publishNotifications } from "../information/inbox.js";
import type { Adjustment, CriterionRow } from "./compute.js";
import { configFor } from "./config.js";
import { createEvaluationService } from "./service.js";

export const EvaluationStatusEnum = builder.enumType(Enums.EvaluationStatus, { name: "EvaluationStatus" });
const CriterionEnum = builder.enumType("EvaluationCriterionKind", {
  values: ["ATTAINMENT", "COMPLIANCE", "EFFICIENCY", "EFFECTIVENESS"] as const,
  description: "The criteria of §4.3.2.",
});

const AdjustmentRef = builder.objectRef<Adjustment>("EvaluationAdjustment").implement({
  description: "A change of one criterion by the process office, with its reason.",
  fields: (t) => ({
    attainment: t.exposeFloat("attainment"),
    reason: t.exposeString("reason"),
    at: t.field({ type: "DateTime", resolve: (a) => new Date(a.at) }),
    by: t.prismaField({ type: "User", nullable: true, resolve: (query, a, _args, ctx) => ctx.prisma.user.findUnique({ ...query, where: { id: a.byId } }) }),
  }),
});

const CriterionRef = builder.objectRef<CriterionRow>("EvaluationCriterion").implement({
  description: "One line of an evaluation's working (§4.3.2): the points of all lines add up to the total.",
  fields: (t) => ({
    key: t.exposeString("key", { description: "Names the line in adjustEvaluation." }),
    criterion: t.field({ type: CriterionEnum, resolve: (r) => r.criterion }),
    indicator: t.prismaField({
      type: "Indicator",
      nullable: true,
      resolve: (query, r, _a, ctx) => (r.indicatorId ? ctx.prisma.indicator.findUnique({ ...query, where: { id: r.indicatorId } }) : null),
    }),
    label: t.exposeString("label"),
    direction: t.exposeString("direction", { nullable: true }),
    target: t.exposeFloat("target", { nullable: true }),
    targetLow: t.exposeFloat("targetLow", { nullable: true }),
    targetHigh: t.exposeFloat("targetHigh", { nullable: true }),
    actual: t.exposeFloat("actual", { nullable: true, description: "The period's average reading; for compliance, the number of findings." }),
    count: t.exposeInt("count", { description: "Readings (or findings) behind `actual`." }),
    computedAttainment: t.exposeFloat("computedAttainment", { nullable: true }),
    attainment: t.exposeFloat("attainment", { nullable: true, description: "0-100, as used (adjusted or computed); null without data." }),
    weight: t.exposeFloat("weight", { description: "Share of the total." }),
    points: t.exposeFloat("points", { description: "attainment × weight." }),
    working: t.exposeString("working", { description: "How the attainment was reached." }),
    adjustment: t.field({ type: AdjustmentRef, nullable: true, resolve: (r) => r.adjustment }),
  }),
});

const WeightsRef = builder.objectRef<{ attainment: number; compliance: number; efficiency: number; effectiveness: number }>("EvaluationWeights").implement({
  fields: (t) => ({
    attainment: t.exposeFloat("attainment"),
    compliance: t.exposeFloat("compliance"),
    efficiency: t.exposeFloat("efficiency"),
    effectiveness: t.exposeFloat("effectiveness"),
  }),
});
const CutoffsRef = builder.objectRef<{ EXCELLENT: number; GOOD: number; PASS: number }>("GradeCutoffs").implement({
  description: "The lowest total of each grade above FAIL (§4.3.3).",
  fields: (t) => ({ excellent: t.exposeFloat("EXCELLENT"), good: t.exposeFloat("GOOD"), pass: t.exposeFloat("PASS") }),
});

builder.prismaObject("EvaluationConfig", {
  description: "Weights and grade cut-offs set by the process office (§4.3.2, §4.3.3); every setting is kept.",
  fields: (t) => ({
    id: t.exposeID("id"),
    category: t.expose("category", { type: ProcessCategoryEnum, nullable: true, description: "Null: every category without its own." }),
    weights: t.field({ type: WeightsRef, resolve: (c) => c.weights as never }),
    cutoffs: t.field({ type: CutoffsRef, resolve: (c) => c.cutoffs as never }),
    reason: t.exposeString("reason"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    createdBy: t.relation("createdBy"),
  }),
});

const EffectiveConfigRef = builder.objectRef<Awaited<ReturnType<typeof configFor>>>("EffectiveEvaluationConfig").implement({
  description: "The weights and cut-offs a new evaluation of a category would use.",
  fields: (t) => ({
    category: t.expose("category", { type: ProcessCategoryEnum, nullable: true }),
    isDefault: t.boolean({ resolve: (c) => c.id === null, description: "True when no setting was made: the built-in defaults." }),
    weights: t.field({ type: WeightsRef, resolve: (c) => c.weights }),
    cutoffs: t.field({ type: CutoffsRef, resolve: (c) => c.cutoffs }),
  }),
});

builder.prismaObjectFields("Evaluation", (t) => ({
  status: t.expose("status", { type: EvaluationStatusEnum }),
  criteria: t.field({ type: [CriterionRef], description: "The working of every figure.", resolve: (e) => e.criteria as unknown as CriterionRow[] }),
  effectiveWeights: t.field({ type: WeightsRef, description: "The weights used; a criterion without data has none.", resolve: (e) => e.weights as never }),
  cutoffs: t.field({ type: CutoffsRef, resolve: (e) => e.cutoffs as never }),
  config: t.relation("config", { nullable: true, description: "The setting the evaluation was computed with; null: the defaults." }),
  finalizedAt: t.expose("finalizedAt", { type: "DateTime", nullable: true }),
  finalizedBy: t.relation("finalizedBy", { nullable: true }),
  updatedAt: t.expose("updatedAt", { type: "DateTime" }),
}));

// ───────────── inputs ─────────────

const ComputeEvaluationInput = builder.inputType("ComputeEvaluationInput", {
  fields: (t) => ({
    processId: t.id({ required: true }),
    period: t.string({ required: true, description: "A month (2026-11) or a quarter (2026-Q4)." }),
    method: t.field({ type: EvaluationMethodEnum, description: "Default KPI." }),
  }),
});

const AdjustEvaluationInput = builder.inputType("AdjustEvaluationInput", {
  fields: (t) => ({
    evaluationId: t.id({ required: true }),
    key: t.string({ required: true, description: "EvaluationCriterion.key of the line to change." }),
    attainment: t.float({ required: true, validate: { schema: FINITE.schema.min(0).max(100) } }),
    reason: t.string({ required: true, validate: TEXT }),
  }),
});

const RectificationInput = builder.inputType("RectificationInput", {
  description: "What a FAIL needs before it is final (§4.3.3).",
  fields: (t) => ({
    causeAnalysis: t.string({ validate: TEXT }),
    measures: t.string({ validate: TEXT }),
    ownerUnitId: t.id(),
    ownerId: t.id(),
    deadline: t.field({ type: "DateTime" }),
    indicatorId: t.id({ description: "The indicator that must recover before verification; default: the one that attained least." }),
  }),
});

const FinalizeEvaluationInput = builder.inputType("FinalizeEvaluationInput", {
  fields: (t) => ({
    evaluationId: t.id({ required: true }),
    rectification: t.field({ type: RectificationInput, description: "Required when the grade is FAIL." }),
  }),
});

const WeightsInput = builder.inputType("EvaluationWeightsInput", {
  description: "Each 0-1, adding up to 1.",
  fields: (t) => ({
    attainment: t.float({ required: true, validate: FINITE }),
    compliance: t.float({ required: true, validate: FINITE }),
    efficiency: t.float({ required: true, validate: FINITE }),
    effectiveness: t.float({ required: true, validate: FINITE }),
  }),
});
const CutoffsInput = builder.inputType("GradeCutoffsInput", {
  description: "0-100, excellent > good > pass.",
  fields: (t) => ({
    excellent: t.float({ required: true, validate: FINITE }),
    good: t.float({ required: true, validate: FINITE }),
    pass: t.float({ required: true, validate: FINITE }),
  }),
});
const SetEvaluationConfigInput = builder.inputType("SetEvaluationConfigInput", {
  fields: (t) => ({
    category: t.field({ type: ProcessCategoryEnum, description: "Omit for every category without its own setting." }),
    weights: t.field({ type: WeightsInput, required: true }),
    cutoffs: t.field({ type: CutoffsInput, required: true }),
    reason: t.string({ validate: TEXT }),
  }),
});

const service = (ctx: Context) => createEvaluationService(ctx.prisma);
const JUDGES = ["PROCESS_OFFICE"] as const;

builder.mutationFields((t) => ({
  computeEvaluation: t.prismaField({
    type: "Evaluation",
    description: "Computes a DRAFT evaluation of a process for a month or quarter from its readings and findings (§4.3.2); an earlier draft is superseded, a final never changes.",
    authScopes: { role: ["PROCESS_OFFICE", "MANAGEMENT"] },
    args: { input: t.arg({ type: ComputeEvaluationInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const { id } = await service(ctx).compute(ctx.viewer, { processId: parseId(input.processId, "Process", "processId"), period: input.period, method: input.method });
      return ctx.prisma.evaluation.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  adjustEvaluation: t.prismaField({
    type: "Evaluation",
    description: "Changes one criterion line of a DRAFT, with a reason that is kept (process office).",
    authScopes: { role: [...JUDGES] },
    args: { input: t.arg({ type: AdjustEvaluationInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const { id } = await service(ctx).adjust(ctx.viewer, {
        evaluationId: parseId(input.evaluationId, "Evaluation", "evaluationId"),
        key: input.key,
        attainment: input.attainment,
        reason: input.reason,
      });
      return ctx.prisma.evaluation.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  finalizeEvaluation: t.prismaField({
    type: "Evaluation",
    description:
      "Makes a DRAFT final and feeds it back to the owner unit's head and the process office (§4.4.1). A FAIL needs a rectification (§4.3.3), which opens a RECTIFICATION action.",
    authScopes: { role: [...JUDGES] },
    args: { input: t.arg({ type: FinalizeEvaluationInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const r = input.rectification;
      const { id, notifications } = await service(ctx).finalize(ctx.viewer, {
        evaluationId: parseId(input.evaluationId, "Evaluation", "evaluationId"),
        rectification: r
          ? {
              causeAnalysis: r.causeAnalysis ?? undefined,
              measures: r.measures ?? undefined,
              ownerUnitId: r.ownerUnitId ? parseId(r.ownerUnitId, "OrgUnit", "rectification.ownerUnitId") : undefined,
              ownerId: r.ownerId ? parseId(r.ownerId, "User", "rectification.ownerId") : undefined,
              deadline: r.deadline ?? undefined,
              indicatorId: r.indicatorId ? parseId(r.indicatorId, "Indicator", "rectification.indicatorId") : null,
            }
          : null,
      });
      publishNotifications(ctx.pubsub, notifications);
      return ctx.prisma.evaluation.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  setEvaluationConfig: t.prismaField({
    type: "EvaluationConfig",
    description: "Sets the weights and grade cut-offs for a process category, or for all (process office); the history is kept.",
    authScopes: { role: [...JUDGES] },
    args: { input: t.arg({ type: SetEvaluationConfigInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const row = await service(ctx).setConfig(ctx.viewer, {
        category: input.category ?? null,
        weights: input.weights,
        cutoffs: { EXCELLENT: input.cutoffs.excellent, GOOD: input.cutoffs.good, PASS: input.cutoffs.pass },
        reason: input.reason ?? "",
      });
      return ctx.prisma.evaluationConfig.findUniqueOrThrow({ ...query, where: { id: row.id } });
    },
  }),
}));

builder.queryFields((t) => ({
  evaluationConfig: t.field({
    type: EffectiveConfigRef,
    description: "The weights and cut-offs in force for a category (or the general ones).",
    authScopes: { user: true },
    args: { category: t.arg({ type: ProcessCategoryEnum }) },
    resolve: (_r, args, ctx) => configFor(ctx.prisma, args.category ?? null),
  }),
  evaluationConfigs: t.prismaField({
    type: ["EvaluationConfig"],
    description: "Every setting of weights and cut-offs, newest first (the history).",
    authScopes: { user: true },
    args: { category: t.arg({ type: ProcessCategoryEnum }) },
    resolve: (query, _r, args, ctx) =>
      ctx.prisma.evaluationConfig.findMany({ ...query, where: args.category ? { category: args.category } : {}, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 200 }),
  }),
}));
