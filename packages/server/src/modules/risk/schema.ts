import { readRule } from "../access/visible.js";
import { builder } from "../../builder.js";
import type { Prisma } from "../../lib/db.js";
import { indicatorWhere, processWhere, riskWhere } from "../access/visibility.js";
import { encodeGlobalID, parseId, parseIds } from "../common/ids.js";
import { given } from "../common/input.js";
import { updatePayload } from "../common/payload.js";
import {
  ClassificationEnum,
  dir,
  IncidentStatusEnum,
  OrderDirection,
  PlanStatusEnum,
  ResponseStrategyEnum,
  RiskCategoryEnum,
  RiskLevelEnum,
  RiskStatusEnum,
  pageComplexity,
} from "../common/schema.js";
import { z } from "zod";
import { CODE, DATE, int, MEASURE, NAME, TEXT } from "../common/validation.js";
import { riskLevel, riskScore } from "./matrix.js";
import { createRiskService } from "./service.js";
import { publishMessages } from "../alerting/publish.js";

const LATEST_FIRST = [{ assessedAt: "desc" as const }, { createdAt: "desc" as const }];

export const RiskNode = builder.prismaNode("Risk", {
  id: { field: "id" },
  authScopes: readRule("risk", (r: { id: string }) => r.id),
  description: "A risk in a process (§5.1.1), with its assessment history, responses and plans.",
  fields: (t) => ({
    code: t.exposeString("code"),
    title: t.exposeString("title"),
    titleEn: t.exposeString("titleEn"),
    description: t.exposeString("description"),
    category: t.expose("category", { type: RiskCategoryEnum }),
    status: t.expose("status", { type: RiskStatusEnum }),
    classification: t.expose("classification", { type: ClassificationEnum }),
    currentScore: t.exposeInt("currentScore", { nullable: true, description: "Score of the latest assessment." }),
    currentLevel: t.expose("currentLevel", { type: RiskLevelEnum, nullable: true, description: "Level of the latest assessment." }),
    archivedAt: t.expose("archivedAt", { type: "DateTime", nullable: true }),
    ownerUnit: t.relation("ownerUnit"),
    owner: t.relation("owner", { nullable: true }),
    processes: t.relation("processes", { query: (_a, ctx) => ({ where: processWhere(ctx.viewer), orderBy: { code: "asc" } }) }),
    steps: t.relation("steps", { query: (_a, ctx) => ({ where: { process: processWhere(ctx.viewer) } }) }),
    keyIndicators: t.relation("keyIndicators", {
      description: "Key risk indicators watched live (§5.3.1).",
      query: (_a, ctx) => ({ where: indicatorWhere(ctx.viewer) }),
    }),
    assessments: t.relation("assessments", { query: { orderBy: [{ assessedAt: "desc" }, { createdAt: "desc" }] } }),
    latestAssessment: t.field({
      type: RiskAssessmentNode,
      nullable: true,
      select: (_a, _c, nested) => ({ assessments: nested({ orderBy: LATEST_FIRST, take: 1 }) }),
      resolve: (r) => r.assessments[0] ?? null,
    }),
    previousAssessment: t.field({
      type: RiskAssessmentNode,
      nullable: true,
      description: "The assessment before the latest: the heat map shows the movement.",
      select: (_a, _c, nested) => ({ assessments: nested({ orderBy: LATEST_FIRST, take: 2 }) }),
      resolve: (r) => r.assessments[1] ?? null,
    }),
    responses: t.relation("responses"),
    contingencyPlans: t.relation("contingencyPlans"),
    hasApprovedPlan: t.boolean({
      description: "§5.2.2: a HIGH or EXTREME risk needs an approved contingency plan.",
      select: { contingencyPlans: { where: { status: "APPROVED" }, select: { id: true } } },
      resolve: (r) => r.contingencyPlans.length > 0,
    }),
    incidents: t.relation("incidents", { query: { orderBy: { occurredAt: "desc" } } }),
  }),
});

export const RiskAssessmentNode = builder.prismaNode("RiskAssessment", {
  id: { field: "id" },
  authScopes: readRule("risk", (a: { riskId: string }) => a.riskId),
  description: "Likelihood × impact at one time (§5.1.2); score and level come from the risk matrix.",
  fields: (t) => ({
    likelihood: t.exposeInt("likelihood"),
    impact: t.exposeInt("impact"),
    score: t.exposeInt("score"),
    level: t.expose("level", { type: RiskLevelEnum }),
    expectedLoss: t.exposeFloat("expectedLoss", { nullable: true }),
    rationale: t.exposeString("rationale"),
    assessedAt: t.expose("assessedAt", { type: "DateTime" }),
    assessedBy: t.relation("assessedBy"),
    risk: t.relation("risk"),
  }),
});

builder.prismaNode("RiskResponse", {
  id: { field: "id" },
  authScopes: readRule("risk", (r: { riskId: string }) => r.riskId),
  description: "A response strategy (§5.2.1).",
  fields: (t) => ({
    strategy: t.expose("strategy", { type: ResponseStrategyEnum }),
    measures: t.exposeString("measures"),
    dueAt: t.expose("dueAt", { type: "DateTime", nullable: true }),
    ownerUnit: t.relation("ownerUnit"),
    risk: t.relation("risk"),
  }),
});

builder.prismaNode("ContingencyPlan", {
  id: { field: "id" },
  authScopes: readRule("risk", (p: { riskId: string }) => p.riskId),
  description: "A dedicated plan for a high risk: measures and responsibilities (§5.2.2).",
  fields: (t) => ({
    title: t.exposeString("title"),
    measures: t.exposeString("measures"),
    responsibilities: t.exposeString("responsibilities"),
    status: t.expose("status", { type: PlanStatusEnum }),
    approvedAt: t.expose("approvedAt", { type: "DateTime", nullable: true }),
    approvedBy: t.relation("approvedBy", { nullable: true }),
    risk: t.relation("risk"),
  }),
});

builder.prismaNode("RiskIncident", {
  id: { field: "id" },
  authScopes: readRule("risk", (i: { riskId: string }) => i.riskId),
  description: "A risk event handled by its plan (§5.4.1).",
  fields: (t) => ({
    title: t.exposeString("title"),
    description: t.exposeString("description"),
    status: t.expose("status", { type: IncidentStatusEnum }),
    occurredAt: t.expose("occurredAt", { type: "DateTime" }),
    closedAt: t.expose("closedAt", { type: "DateTime", nullable: true }),
    loss: t.exposeFloat("loss", { nullable: true }),
    plan: t.relation("plan", { nullable: true }),
    risk: t.relation("risk"),
    review: t.relation("review", { nullable: true }),
  }),
});

builder.prismaNode("PostIncidentReview", {
  id: { field: "id" },
  authScopes: readRule("riskIncident", (r: { incidentId: string }) => r.incidentId),
  description: "The review after an incident: effectiveness, lessons, follow-up (§5.4.2).",
  fields: (t) => ({
    effectiveness: t.exposeInt("effectiveness"),
    lessons: t.exposeString("lessons"),
    reviewedAt: t.expose("reviewedAt", { type: "DateTime" }),
    reviewedBy: t.relation("reviewedBy"),
    incident: t.relation("incident"),
    actions: t.relation("actions"),
  }),
});

// ───────────── queries ─────────────

const RiskFilter = builder.inputType("RiskFilter", {
  fields: (t) => ({
    categories: t.field({ type: [RiskCategoryEnum] }),
    levels: t.field({ type: [RiskLevelEnum], description: "Level of the latest assessment." }),
    statuses: t.field({ type: [RiskStatusEnum] }),
    unitIds: t.idList({ description: "Owner units." }),
    processIds: t.idList(),
    search: t.string(),
    includeArchived: t.boolean({ defaultValue: false }),
    needsPlan: t.boolean({ description: "HIGH or EXTREME without an approved contingency plan (§5.2.2)." }),
    reviewOverdue: t.boolean({ description: "The review date has passed (§5.1.2)." }),
  }),
});

const RiskOrderField = builder.enumType("RiskOrderField", { values: ["CODE", "SCORE", "CATEGORY", "UPDATED_AT"] as const });
const RiskOrder = builder.inputType("RiskOrder", {
  fields: (t) => ({
    field: t.field({ type: RiskOrderField, required: true }),
    direction: t.field({ type: OrderDirection, defaultValue: "ASC" }),
  }),
});

function riskFilterWhere(f: typeof RiskFilter.$inferInput | null | undefined): Prisma.RiskWhereInput {
  return {
    ...(f?.includeArchived ? {} : { archivedAt: null }),
    ...(f?.categories?.length ? { category: { in: f.categories } } : {}),
    ...(f?.levels?.length ? { currentLevel: { in: f.levels } } : {}),
    ...(f?.statuses?.length ? { status: { in: f.statuses } } : {}),
    ...(f?.unitIds?.length ? { ownerUnitId: { in: parseIds(f.unitIds, "OrgUnit", "filter.unitIds") } } : {}),
    ...(f?.processIds?.length ? { processes: { some: { id: { in: parseIds(f.processIds, "Process", "filter.processIds") } } } } : {}),
    ...(f?.needsPlan ? { AND: [{ currentLevel: { in: ["HIGH", "EXTREME"] } }, { contingencyPlans: { none: { status: "APPROVED" } } }] } : {}),
    ...(f?.reviewOverdue ? { nextReviewAt: { lt: new Date() } } : {}),
    ...(f?.search
      ? { OR: [{ code: { contains: f.search, mode: "insensitive" } }, { title: { contains: f.search } }, { titleEn: { contains: f.search, mode: "insensitive" } }] }
      : {}),
  };
}

const RISK_ORDER = { CODE: "code", SCORE: "currentScore", CATEGORY: "category", UPDATED_AT: "updatedAt" } as const;

interface MatrixCell {
  likelihood: number;
  impact: number;
  count: number;
  riskIds: string[];
  movedIn: number;
}

const RiskMatrixCell = builder.objectRef<MatrixCell>("RiskMatrixCell").implement({
  description: "One cell of the 5×5 heat map (§5.1.2).",
  fields: (t) => ({
    likelihood: t.exposeInt("likelihood"),
    impact: t.exposeInt("impact"),
    count: t.exposeInt("count", { description: "Risks whose latest assessment is in this cell." }),
    riskIds: t.exposeIDList("riskIds"),
    movedIn: t.exposeInt("movedIn", { description: "Of those, how many were in another cell at the previous assessment." }),
    score: t.int({ description: "likelihood × impact (§5.1.2).", resolve: (c) => riskScore(c.likelihood, c.impact) }),
    level: t.field({ type: RiskLevelEnum, description: "The cell's level from the risk matrix (§5.1.2).", resolve: (c) => riskLevel(c.likelihood, c.impact) }),
  }),
});

builder.queryFields((t) => ({
  risks: t.prismaConnection({
    type: "Risk",
    cursor: "id",
    complexity: pageComplexity,
    description: "The risk register (§5.1), filtered to what the viewer may read.",
    authScopes: { reader: true },
    args: { filter: t.arg({ type: RiskFilter }), orderBy: t.arg({ type: RiskOrder }) },
    totalCount: (_c, args, ctx) => ctx.prisma.risk.count({ where: { AND: [riskWhere(ctx.viewer), riskFilterWhere(args.filter)] } }),
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.risk.findMany({
        ...query,
        where: { AND: [riskWhere(ctx.viewer), riskFilterWhere(args.filter)] },
        orderBy: [
          args.orderBy?.field === "SCORE"
            ? { currentScore: { sort: dir(args.orderBy.direction), nulls: "last" } }
            : { [RISK_ORDER[args.orderBy?.field ?? "CODE"]]: dir(args.orderBy?.direction ?? "ASC") },
          { id: "asc" },
        ],
      }),
  }),
  riskMatrix: t.field({
    type: [RiskMatrixCell],
    description: "The 5×5 likelihood × impact heat map of the risks the viewer may read, all 25 cells.",
    authScopes: { reader: true },
    args: { filter: t.arg({ type: RiskFilter }) },
    resolve: async (_root, args, ctx) => {
      const risks = await ctx.prisma.risk.findMany({
        where: { AND: [riskWhere(ctx.viewer), riskFilterWhere(args.filter)] },
        select: { id: true, assessments: { orderBy: [{ assessedAt: "desc" }, { createdAt: "desc" }], take: 2, select: { likelihood: true, impact: true } } },
      });
      const cells = new Map<string, MatrixCell>();
      for (let l = 1; l <= 5; l++) for (let i = 1; i <= 5; i++) cells.set(`${l}:${i}`, { likelihood: l, impact: i, count: 0, riskIds: [], movedIn: 0 });
      for (const r of risks) {
        const [latest, previous] = r.assessments;
        if (!latest) continue;
        const cell = cells.get(`${latest.likelihood}:${latest.impact}`)!;
        cell.count++;
        cell.riskIds.push(encodeGlobalID("Risk", r.id));
        if (previous && (previous.likelihood !== latest.likelihood || previous.impact !== latest.impact)) cell.movedIn++;
      }
      return [...cells.values()];
    },
  }),
}));

// ───────────── mutations ─────────────

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
