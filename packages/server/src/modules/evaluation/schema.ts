import { builder } from "../../builder.js";
import { readRule } from "../access/visible.js";
import { ActionKindEnum, ActionStatusEnum, EvaluationMethodEnum, GradeEnum, pageComplexity } from "../common/schema.js";
import { EvaluationStatusEnum } from "./mutations.js";
import { actionListWhere, evaluationListWhere } from "./queries.js";

export const EvaluationNode = builder.prismaNode("Evaluation", {
  id: { field: "id" },
  authScopes: readRule("process", (e: { processId: string }) => e.processId),
  description: "A process evaluation for a period (§4.3): weighted criteria, total, grade.",
  fields: (t) => ({
    period: t.exposeString("period"),
    periodStart: t.expose("periodStart", { type: "DateTime" }),
    periodEnd: t.expose("periodEnd", { type: "DateTime" }),
    method: t.expose("method", { type: EvaluationMethodEnum }),
    attainmentScore: t.exposeFloat("attainmentScore", { description: "Indicator attainment (§4.3.2)." }),
    complianceScore: t.exposeFloat("complianceScore"),
    efficiencyScore: t.exposeFloat("efficiencyScore"),
    effectivenessScore: t.exposeFloat("effectivenessScore"),
    weights: t.expose("weights", { type: "JSON" }),
    totalScore: t.exposeFloat("totalScore"),
    grade: t.expose("grade", { type: GradeEnum, description: "優秀 EXCELLENT, 良好 GOOD, 合格 PASS, 不合格 FAIL (§4.3.3)." }),
    maturityLevel: t.exposeInt("maturityLevel", { nullable: true }),
    causeAnalysis: t.exposeString("causeAnalysis", { nullable: true }),
    process: t.relation("process"),
    evaluator: t.relation("evaluator"),
    actions: t.relation("actions"),
  }),
});

builder.prismaNode("Action", {
  id: { field: "id" },
  authScopes: readRule("action", (a: { id: string }) => a.id),
  description: "A rectification (with a deadline, §4.3.3) or an improvement (§4.4.2), tracked to verification.",
  fields: (t) => ({
    kind: t.expose("kind", { type: ActionKindEnum }),
    title: t.exposeString("title"),
    description: t.exposeString("description"),
    deadline: t.expose("deadline", { type: "DateTime", nullable: true }),
    progress: t.exposeInt("progress"),
    status: t.expose("status", { type: ActionStatusEnum }),
    overdue: t.boolean({
      description: "Past the deadline and not done.",
      select: { deadline: true, status: true },
      resolve: (a) => !!a.deadline && a.deadline < new Date() && (a.status === "OPEN" || a.status === "IN_PROGRESS"),
    }),
    completedAt: t.expose("completedAt", { type: "DateTime", nullable: true }),
    verifiedAt: t.expose("verifiedAt", { type: "DateTime", nullable: true }),
    verificationNote: t.exposeString("verificationNote", { nullable: true }),
    ownerUnit: t.relation("ownerUnit"),
    owner: t.relation("owner", { nullable: true }),
    evaluation: t.relation("evaluation", { nullable: true }),
    finding: t.relation("finding", { nullable: true }),
  }),
});

const EvaluationFilter = builder.inputType("EvaluationFilter", {
  fields: (t) => ({
    processIds: t.idList(),
    grades: t.field({ type: [GradeEnum] }),
    period: t.string({ description: "e.g. 2026-Q3" }),
    statuses: t.field({ type: [EvaluationStatusEnum], description: "Default: DRAFT and FINAL (superseded ones only when asked for)." }),
  }),
});

const ActionFilter = builder.inputType("ActionFilter", {
  fields: (t) => ({
    kinds: t.field({ type: [ActionKindEnum] }),
    statuses: t.field({ type: [ActionStatusEnum] }),
    unitIds: t.idList(),
    processIds: t.idList(),
    overdue: t.boolean({ description: "Only actions past their deadline and not done." }),
  }),
});

builder.queryFields((t) => ({
  evaluations: t.prismaConnection({
    type: "Evaluation",
    cursor: "id",
    complexity: pageComplexity,
    description: "Process evaluations (§4.3), newest period first.",
    authScopes: { reader: true },
    args: { filter: t.arg({ type: EvaluationFilter }) },
    totalCount: (_c, args, ctx) => ctx.prisma.evaluation.count({ where: evaluationListWhere(ctx.viewer, args.filter) }),
    resolve: (query, _r, args, ctx) =>
      ctx.prisma.evaluation.findMany({
        ...query,
        where: evaluationListWhere(ctx.viewer, args.filter),
        orderBy: [{ periodEnd: "desc" }, { id: "asc" }],
      }),
  }),
  actions: t.prismaConnection({
    type: "Action",
    cursor: "id",
    complexity: pageComplexity,
    description: "Rectifications and improvements (§4.3.3, §4.4.2), earliest deadline first.",
    authScopes: { reader: true },
    args: { filter: t.arg({ type: ActionFilter }) },
    totalCount: (_c, args, ctx) => ctx.prisma.action.count({ where: actionListWhere(ctx.viewer, args.filter) }),
    resolve: (query, _r, args, ctx) =>
      ctx.prisma.action.findMany({
        ...query,
        where: actionListWhere(ctx.viewer, args.filter),
        orderBy: [{ deadline: { sort: "asc", nulls: "last" } }, { id: "asc" }],
      }),
  }),
}));
