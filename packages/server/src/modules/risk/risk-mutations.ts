import { builder } from "../../builder.js";
import { parseId, parseIds } from "../common/ids.js";
import { given } from "../common/input.js";
import { updatePayload } from "../common/payload.js";
import { ClassificationEnum, RiskCategoryEnum, RiskStatusEnum } from "../common/schema.js";
import { z } from "zod";
import { CODE, DATE, int, MEASURE, NAME, TEXT } from "../common/validation.js";
import { createRiskService } from "./service.js";
import { publishMessages } from "../alerting/publish.js";

const CreateRiskInput = builder.inputType("CreateRiskInput", {
  fields: (t) => ({
    code: t.string({ required: true, validate: CODE }),
    title: t.string({ required: true, validate: NAME }),
    titleEn: t.string({ validate: NAME }),
    description: t.string({ validate: TEXT }),
    category: t.field({ type: RiskCategoryEnum, required: true }),
    status: t.field({ type: RiskStatusEnum, defaultValue: "OPEN" }),
    classification: t.field({ type: ClassificationEnum, defaultValue: "INTERNAL" }),
    ownerUnitId: t.id({ required: true }),
    processIds: t.idList(),
    stepIds: t.idList(),
    keyIndicatorIds: t.idList(),
  }),
});

const UpdateRiskInput = builder.inputType("UpdateRiskInput", {
  fields: (t) => ({
    id: t.id({ required: true }),
    code: t.string({ validate: CODE }),
    title: t.string({ validate: NAME }),
    titleEn: t.string({ validate: NAME }),
    description: t.string({ validate: TEXT }),
    category: t.field({ type: RiskCategoryEnum }),
    status: t.field({ type: RiskStatusEnum }),
    classification: t.field({ type: ClassificationEnum }),
    ownerUnitId: t.id(),
    processIds: t.idList({ description: "Replaces the linked processes." }),
    stepIds: t.idList(),
    keyIndicatorIds: t.idList(),
  }),
});

/** One validation per field, for create and update alike. */
const ASSESSMENT = {
  scale: int(1, 5),
  expectedLoss: { schema: MEASURE.schema.pipe(z.number().min(0, "cannot be negative")) },
  rationale: TEXT,
  assessedAt: DATE,
};

const CreateRiskAssessmentInput = builder.inputType("CreateRiskAssessmentInput", {
  fields: (t) => ({
    riskId: t.id({ required: true }),
    likelihood: t.int({ required: true, validate: ASSESSMENT.scale, description: "1 (rare) to 5 (almost certain)." }),
    impact: t.int({ required: true, validate: ASSESSMENT.scale, description: "1 (minor) to 5 (severe)." }),
    expectedLoss: t.float({ validate: ASSESSMENT.expectedLoss }),
    rationale: t.string({ validate: ASSESSMENT.rationale }),
    assessedAt: t.field({ type: "DateTime", validate: ASSESSMENT.assessedAt }),
    reasonAlertId: t.id({ description: "Re-assessing because of this key risk indicator's alert (§5.3.1)." }),
  }),
});

const UpdateRiskAssessmentInput = builder.inputType("UpdateRiskAssessmentInput", {
  fields: (t) => ({
    id: t.id({ required: true }),
    likelihood: t.int({ validate: ASSESSMENT.scale }),
    impact: t.int({ validate: ASSESSMENT.scale }),
    expectedLoss: t.float({ validate: ASSESSMENT.expectedLoss }),
    rationale: t.string({ validate: ASSESSMENT.rationale }),
    assessedAt: t.field({ type: "DateTime", validate: ASSESSMENT.assessedAt }),
  }),
});

const UpdateRiskPayload = updatePayload("UpdateRiskPayload", "Risk", "risk");
const UpdateRiskAssessmentPayload = updatePayload("UpdateRiskAssessmentPayload", "RiskAssessment", "assessment");

builder.mutationFields((t) => ({
  createRisk: t.prismaField({
    type: "Risk",
    description: "Registers a risk (§5.1.1).",
    authScopes: { editor: true },
    args: { input: t.arg({ type: CreateRiskInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const r = await createRiskService(ctx.prisma).create(ctx.viewer, {
        code: input.code.trim(),
        title: input.title.trim(),
        titleEn: input.titleEn?.trim() ?? "",
        description: input.description?.trim() ?? "",
        category: input.category,
        status: input.status ?? "OPEN",
        classification: input.classification ?? "INTERNAL",
        ownerUnitId: parseId(input.ownerUnitId, "OrgUnit", "ownerUnitId"),
        processIds: parseIds(input.processIds, "Process", "processIds"),
        stepIds: parseIds(input.stepIds, "ProcessStep", "stepIds"),
        keyIndicatorIds: parseIds(input.keyIndicatorIds, "Indicator", "keyIndicatorIds"),
      });
      return ctx.prisma.risk.findUniqueOrThrow({ ...query, where: { id: r.id } });
    },
  }),
  updateRisk: t.field({
    type: UpdateRiskPayload,
    description: "Changes a risk; says which fields changed.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: UpdateRiskInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createRiskService(ctx.prisma).update(ctx.viewer, parseId(input.id, "Risk"), {
        ...given(input, ["code", "title", "titleEn", "description", "category", "status", "classification"]),
        ...(input.ownerUnitId ? { ownerUnitId: parseId(input.ownerUnitId, "OrgUnit", "ownerUnitId") } : {}),
        ...(input.processIds ? { processIds: parseIds(input.processIds, "Process", "processIds") } : {}),
        ...(input.stepIds ? { stepIds: parseIds(input.stepIds, "ProcessStep", "stepIds") } : {}),
        ...(input.keyIndicatorIds ? { keyIndicatorIds: parseIds(input.keyIndicatorIds, "Indicator", "keyIndicatorIds") } : {}),
      } as never),
  }),
  archiveRisk: t.prismaField({
    type: "Risk",
    description: "Closes and archives a risk; its history stays.",
    authScopes: { editor: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const r = await createRiskService(ctx.prisma).archive(ctx.viewer, parseId(args.id, "Risk"));
      return ctx.prisma.risk.findUniqueOrThrow({ ...query, where: { id: r.id } });
    },
  }),
  createRiskAssessment: t.prismaField({
    type: "RiskAssessment",
    description: "Assesses a risk (§5.1.2): likelihood × impact; score and level from the matrix.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: CreateRiskAssessmentInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const a = await createRiskService(ctx.prisma).assess(ctx.viewer, parseId(input.riskId, "Risk", "riskId"), {
        likelihood: input.likelihood,
        impact: input.impact,
        expectedLoss: input.expectedLoss ?? null,
        rationale: input.rationale?.trim() ?? "",
        assessedAt: input.assessedAt ?? new Date(),
        reasonAlertId: input.reasonAlertId ? parseId(input.reasonAlertId, "Alert", "reasonAlertId") : null,
      });
      publishMessages(ctx.pubsub, { events: a.events });
      return ctx.prisma.riskAssessment.findUniqueOrThrow({ ...query, where: { id: a.id } });
    },
  }),
  updateRiskAssessment: t.field({
    type: UpdateRiskAssessmentPayload,
    description: "Corrects an assessment; score and level are recomputed.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: UpdateRiskAssessmentInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createRiskService(ctx.prisma).updateAssessment(
        ctx.viewer,
        parseId(input.id, "RiskAssessment"),
        given(input, ["likelihood", "impact", "expectedLoss", "rationale", "assessedAt"]) as never,
      ),
  }),
}));
