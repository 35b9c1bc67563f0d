import { builder } from "../../builder.js";
import { parseId } from "../common/ids.js";
import { given } from "../common/input.js";
import { updatePayload } from "../common/payload.js";
import { readRule } from "../access/visible.js";
import { CadenceEnum, FindingStatusEnum, MonitoringMethodEnum, SeverityEnum, pageComplexity } from "../common/schema.js";
import { TEXT } from "../common/validation.js";
import { publishMessages } from "../alerting/publish.js";
import { inspectionListWhere, planListWhere } from "./queries.js";
import { createInspectionService } from "./service.js";

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
    evidence: t.exposeString("evidence", { description: "What supports the finding: documents, records, observations." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    status: t.expose("status", { type: FindingStatusEnum }),
    step: t.relation("step", { nullable: true }),
    inspection: t.relation("inspection"),
    actions: t.relation("actions"),
  }),
});

builder.queryFields((t) => ({
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
    totalCount: (_c, args, ctx) => ctx.prisma.monitoringPlan.count({ where: planListWhere(ctx.viewer, args) }),
    resolve: (query, _r, args, ctx) =>
      ctx.prisma.monitoringPlan.findMany({ ...query, where: planListWhere(ctx.viewer, args), orderBy: [{ nextDueAt: { sort: "asc", nulls: "last" } }, { id: "asc" }] }),
  }),
  inspections: t.prismaConnection({
    type: "Inspection",
    cursor: "id",
    complexity: pageComplexity,
    description: "Inspection records (§4.2, §2.3.2), newest first.",
    authScopes: { reader: true },
    args: { processIds: t.arg.idList(), method: t.arg({ type: MonitoringMethodEnum }) },
    totalCount: (_c, args, ctx) => ctx.prisma.inspection.count({ where: inspectionListWhere(ctx.viewer, args) }),
    resolve: (query, _r, args, ctx) =>
      ctx.prisma.inspection.findMany({ ...query, where: inspectionListWhere(ctx.viewer, args), orderBy: [{ performedAt: "desc" }, { id: "asc" }] }),
  }),
}));

const SUMMARY = { schema: TEXT.schema.trim().min(1, "must not be empty") };

const CreateMonitoringPlanInput = builder.inputType("CreateMonitoringPlanInput", {
  fields: (t) => ({
    processId: t.id({ required: true }),
    method: t.field({ type: MonitoringMethodEnum, required: true }),
    cadence: t.field({ type: CadenceEnum, required: true }),
    unitId: t.id({ required: true, description: "The unit that carries the monitoring out." }),
    firstDueAt: t.field({ type: "DateTime", description: "Required unless the cadence is AD_HOC." }),
    description: t.string({ validate: TEXT }),
  }),
});

const UpdateMonitoringPlanInput = builder.inputType("UpdateMonitoringPlanInput", {
  fields: (t) => ({
    id: t.id({ required: true }),
    method: t.field({ type: MonitoringMethodEnum }),
    cadence: t.field({ type: CadenceEnum }),
    unitId: t.id(),
    nextDueAt: t.field({ type: "DateTime" }),
    description: t.string({ validate: TEXT }),
  }),
});

const FindingInput = builder.inputType("FindingInput", {
  fields: (t) => ({
    severity: t.field({ type: SeverityEnum, required: true }),
    stepId: t.id({ description: "The step of the inspected process where it was found." }),
    description: t.string({ required: true, validate: SUMMARY }),
    evidence: t.string({ validate: TEXT, description: "What supports it: documents, records, observations." }),
  }),
});

const RecordInspectionInput = builder.inputType("RecordInspectionInput", {
  fields: (t) => ({
    planId: t.id({ description: "The plan it fulfils; none for an unscheduled spot check or observation." }),
    processId: t.id({ required: true }),
    method: t.field({ type: MonitoringMethodEnum, required: true }),
    performedAt: t.field({ type: "DateTime", required: true }),
    summary: t.string({ required: true, validate: SUMMARY }),
    observations: t.string({ validate: TEXT }),
    findings: t.field({ type: [FindingInput], validate: { maxLength: 200 } }),
  }),
});

const UpdateMonitoringPlanPayload = updatePayload("UpdateMonitoringPlanPayload", "MonitoringPlan", "monitoringPlan");

builder.mutationFields((t) => ({
  createMonitoringPlan: t.prismaField({
    type: "MonitoringPlan",
    description: "Plans how and how often a process is monitored (§4.2.1, §4.2.2): process office, management, or the owning department's head.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: CreateMonitoringPlanInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const { row } = await createInspectionService(ctx.prisma).createPlan(ctx.viewer, {
        processId: parseId(input.processId, "Process", "processId"),
        method: input.method,
        cadence: input.cadence,
        unitId: parseId(input.unitId, "OrgUnit", "unitId"),
        firstDueAt: input.firstDueAt ?? null,
        description: input.description?.trim() ?? "",
      });
      return ctx.prisma.monitoringPlan.findUniqueOrThrow({ ...query, where: { id: row.id } });
    },
  }),
  updateMonitoringPlan: t.field({
    type: UpdateMonitoringPlanPayload,
    description: "Changes a plan's method, cadence, unit, due date or description.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: UpdateMonitoringPlanInput, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const { row, events } = await createInspectionService(ctx.prisma).updatePlan(ctx.viewer, parseId(input.id, "MonitoringPlan"), {
        ...given(input, ["method", "cadence", "nextDueAt", "description"]),
        ...(input.unitId ? { unitId: parseId(input.unitId, "OrgUnit", "unitId") } : {}),
      } as never);
      publishMessages(ctx.pubsub, { events });
      return row;
    },
  }),
  deactivateMonitoringPlan: t.prismaField({
    type: "MonitoringPlan",
    description: "Stops a plan: no longer due; its overdue warning resolves.",
    authScopes: { editor: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const { row, events } = await createInspectionService(ctx.prisma).deactivatePlan(ctx.viewer, parseId(args.id, "MonitoringPlan"));
      publishMessages(ctx.pubsub, { events });
      return ctx.prisma.monitoringPlan.findUniqueOrThrow({ ...query, where: { id: row.id } });
    },
  }),
  recordInspection: t.prismaField({
    type: "Inspection",
    description:
      "Records an inspection, spot check or on-site observation with its findings (§2.3.2, §4.2.2-§4.2.5). Against a plan, the plan's next due date rolls forward by its cadence.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: RecordInspectionInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const processId = parseId(input.processId, "Process", "processId");
      const { row, events } = await createInspectionService(ctx.prisma).recordInspection(ctx.viewer, {
        planId: input.planId ? parseId(input.planId, "MonitoringPlan", "planId") : null,
        processId,
        method: input.method,
        performedAt: input.performedAt,
        summary: input.summary.trim(),
        observations: input.observations?.trim() ?? "",
        findings: (input.findings ?? []).map((f, i) => ({
          severity: f.severity,
          stepId: f.stepId ? parseId(f.stepId, "ProcessStep", `findings.${i}.stepId`) : null,
          description: f.description.trim(),
          evidence: f.evidence?.trim() ?? "",
        })),
      });
      publishMessages(ctx.pubsub, { events });
      return ctx.prisma.inspection.findUniqueOrThrow({ ...query, where: { id: row.id } });
    },
  }),
}));
