import { builder } from "../../builder.js";
import type { Prisma } from "../../lib/db.js";
import { actionWhere, processWhere } from "../access/visibility.js";
import { readRule } from "../access/visible.js";
import { parseIds } from "../common/ids.js";
import {
  ActionKindEnum,
  ActionStatusEnum,
  CadenceEnum,
  EvaluationMethodEnum,
  FindingStatusEnum,
  GradeEnum,
  MonitoringMethodEnum,
  SeverityEnum,
  pageComplexity,
} from "../common/schema.js";
import { EvaluationStatusEnum } from "./mutations.js";

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

builder.prismaNode("MonitoringPlan", {
  id: { field: "id" },
  authScopes: readRule("process", (p: { processId: string }) => p.processId),
  description: "How and how often a process is monitored (§4.2.1, §4.2.2).",
  fields: (t) => ({
    method: t.expose("method", { type: MonitoringMethodEnum }),
    cadence: t.expose("cadence", { type: CadenceEnum }),
    description: t.exposeString("description"),
    nextDueAt: t.expose("nextDueAt", { type: "DateTime", nullable: true }),
    lastDoneAt: t.expose("lastDoneAt", { type: "DateTime", nullable: true }),
    overdue: t.boolean({ select: { nextDueAt: true }, resolve: (p) => !!p.nextDueAt && p.nextDueAt < new Date() }),
    active: t.exposeBoolean("active"),
    process: t.relation("process"),
    unit: t.relation("unit"),
    inspections: t.relation("inspections", { query: { orderBy: { performedAt: "desc" } } }),
  }),
});

builder.prismaNode("Inspection", {
  id: { field: "id" },
  authScopes: readRule("process", (i: { processId: string }) => i.processId),
  description: "An inspection, spot check or on-site observation and what it found (§4.2, §2.3.2).",
  fields: (t) => ({
    method: t.expose("method", { type: MonitoringMethodEnum }),
    performedAt: t.expose("performedAt", { type: "DateTime" }),
    observations: t.exposeString("observations"),
    summary: t.exposeString("summary"),
    process: t.relation("process"),
    unit: t.relation("unit"),
    inspector: t.relation("inspector"),
    plan: t.relation("plan", { nullable: true }),
    findings: t.relation("findings"),
  }),
});

builder.prismaNode("Finding", {
  id: { field: "id" },
  authScopes: readRule("inspection", (f: { inspectionId: string }) => f.inspectionId),
  fields: (t) => ({
    severity: t.expose("severity", { type: SeverityEnum }),
    description: t.exposeString("description"),
    status: t.expose("status", { type: FindingStatusEnum }),
    step: t.relation("step", { nullable: true }),
    inspection: t.relation("inspection"),
    actions: t.relation("actions"),
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

function evaluationFilterWhere(f: typeof EvaluationFilter.$inferInput | null | undefined): Prisma.EvaluationWhereInput {
  return {
    ...(f?.processIds?.length ? { processId: { in: parseIds(f.processIds, "Process", "filter.processIds") } } : {}),
    ...(f?.grades?.length ? { grade: { in: f.grades } } : {}),
    ...(f?.period ? { period: f.period } : {}),
    status: { in: f?.statuses?.length ? f.statuses : ["DRAFT", "FINAL"] },
  };
}

function actionFilterWhere(f: typeof ActionFilter.$inferInput | null | undefined): Prisma.ActionWhereInput {
  return {
    ...(f?.kinds?.length ? { kind: { in: f.kinds } } : {}),
    ...(f?.statuses?.length ? { status: { in: f.statuses } } : {}),
    ...(f?.unitIds?.length ? { ownerUnitId: { in: parseIds(f.unitIds, "OrgUnit", "filter.unitIds") } } : {}),
    ...(f?.processIds?.length ? { processId: { in: parseIds(f.processIds, "Process", "filter.processIds") } } : {}),
    ...(f?.overdue ? { deadline: { lt: new Date() }, status: { in: ["OPEN", "IN_PROGRESS"] } } : {}),
  };
}

builder.queryFields((t) => ({
  evaluations: t.prismaConnection({
    type: "Evaluation",
    cursor: "id",
    complexity: pageComplexity,
    description: "Process evaluations (§4.3), newest period first.",
    authScopes: { reader: true },
    args: { filter: t.arg({ type: EvaluationFilter }) },
    totalCount: (_c, args, ctx) => ctx.prisma.evaluation.count({ where: { AND: [{ process: processWhere(ctx.viewer) }, evaluationFilterWhere(args.filter)] } }),
    resolve: (query, _r, args, ctx) =>
      ctx.prisma.evaluation.findMany({
        ...query,
        where: { AND: [{ process: processWhere(ctx.viewer) }, evaluationFilterWhere(args.filter)] },
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
    totalCount: (_c, args, ctx) => ctx.prisma.action.count({ where: { AND: [actionWhere(ctx.viewer), actionFilterWhere(args.filter)] } }),
    resolve: (query, _r, args, ctx) =>
      ctx.prisma.action.findMany({
        ...query,
        where: { AND: [actionWhere(ctx.viewer), actionFilterWhere(args.filter)] },
        orderBy: [{ deadline: { sort: "asc", nulls: "last" } }, { id: "asc" }],
      }),
  }),
  monitoringPlans: t.prismaConnection({
    type: "MonitoringPlan",
    cursor: "id",
    complexity: pageComplexity,
    description: "Monitoring plans (§4.2), next due first.",
    authScopes: { reader: true },
    args: {
      method: t.arg({ type: MonitoringMethodEnum }),
      overdue: t.arg.boolean(),
      processIds: t.arg.idList(),
      unitIds: t.arg.idList({ description: "Units carrying the plans out." }),
    },
    totalCount: (_c, args, ctx) => ctx.prisma.monitoringPlan.count({ where: planWhere(ctx, args) }),
    resolve: (query, _r, args, ctx) =>
      ctx.prisma.monitoringPlan.findMany({ ...query, where: planWhere(ctx, args), orderBy: [{ nextDueAt: { sort: "asc", nulls: "last" } }, { id: "asc" }] }),
  }),
  inspections: t.prismaConnection({
    type: "Inspection",
    cursor: "id",
    complexity: pageComplexity,
    description: "Inspection records (§4.2, §2.3.2), newest first.",
    authScopes: { reader: true },
    args: { processIds: t.arg.idList(), method: t.arg({ type: MonitoringMethodEnum }) },
    totalCount: (_c, args, ctx) => ctx.prisma.inspection.count({ where: inspectionWhere(ctx, args) }),
    resolve: (query, _r, args, ctx) => ctx.prisma.inspection.findMany({ ...query, where: inspectionWhere(ctx, args), orderBy: [{ performedAt: "desc" }, { id: "asc" }] }),
  }),
}));

function planWhere(
  ctx: { viewer: Parameters<typeof processWhere>[0] },
  args: { method?: string | null; overdue?: boolean | null; processIds?: readonly (string | number)[] | null; unitIds?: readonly (string | number)[] | null },
): Prisma.MonitoringPlanWhereInput {
  return {
    active: true,
    ...(args.processIds?.length ? { processId: { in: parseIds(args.processIds, "Process", "processIds") } } : {}),
    ...(args.unitIds?.length ? { unitId: { in: parseIds(args.unitIds, "OrgUnit", "unitIds") } } : {}),
    process: processWhere(ctx.viewer),
    ...(args.method ? { method: args.method as never } : {}),
    ...(args.overdue ? { nextDueAt: { lt: new Date() } } : {}),
  };
}

function inspectionWhere(
  ctx: { viewer: Parameters<typeof processWhere>[0] },
  args: { processIds?: readonly (string | number)[] | null; method?: string | null },
): Prisma.InspectionWhereInput {
  return {
    process: processWhere(ctx.viewer),
    ...(args.processIds?.length ? { processId: { in: parseIds(args.processIds, "Process", "processIds") } } : {}),
    ...(args.method ? { method: args.method as never } : {}),
  };
}
