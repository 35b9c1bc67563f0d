import { readRule } from "../access/visible.js";
import { builder } from "../../builder.js";
import { indicatorWhere, processWhere } from "../access/visibility.js";
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
import { planRequired, riskLevel, riskScore } from "./matrix.js";
import { type MatrixCell, riskListWhere, riskMatrix } from "./queries.js";
import { planConnection, rootSpec } from "../../plan/planner.js";

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
    planRequired: t.boolean({
      description: "§5.2.2: whether the risk's current level (HIGH or EXTREME) calls for an approved contingency plan.",
      select: { currentLevel: true },
      resolve: (r) => planRequired(r.currentLevel),
    }),
    needsPlan: t.boolean({
      description: "§5.2.2: the level calls for an approved contingency plan and none is approved (the `needsPlan` filter's rule).",
      select: { currentLevel: true, contingencyPlans: { where: { status: "APPROVED" }, select: { id: true } } },
      resolve: (r) => planRequired(r.currentLevel) && r.contingencyPlans.length === 0,
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

const RISK_ORDER = { CODE: "code", SCORE: "currentScore", CATEGORY: "category", UPDATED_AT: "updatedAt" } as const;
/** `risks` for the planner (plan/planner.ts): the same visible set and order as the resolver below (scores nulls last). */
const RISKS_PLAN = rootSpec("risks", "Risk", "risk", { CODE: "code", SCORE: "current_score", CATEGORY: "category", UPDATED_AT: "updated_at" }, ["SCORE"]);

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
    totalCount: (_c, args, ctx) => ctx.prisma.risk.count({ where: riskListWhere(ctx.viewer, args.filter) }),
    resolve: async (query, _root, args, ctx, info) =>
      ((await planConnection(ctx, info, RISKS_PLAN, args, query)) as never) ??
      ctx.prisma.risk.findMany({
        ...query,
        where: riskListWhere(ctx.viewer, args.filter),
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
    resolve: (_root, args, ctx) => riskMatrix(ctx.prisma, ctx.viewer, args.filter),
  }),
}));

// ───────────── mutations ─────────────
