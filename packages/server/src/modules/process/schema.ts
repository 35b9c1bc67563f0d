import { readRule } from "../access/visible.js";
import { builder } from "../../builder.js";
import type { Prisma } from "../../lib/db.js";
import { indicatorWhere, processWhere, riskWhere } from "../access/visibility.js";
import { parseId } from "../common/ids.js";
import { given } from "../common/input.js";
import { updatePayload } from "../common/payload.js";
import { ChangeStatusEnum, ClassificationEnum, dir, OrderDirection, ProcessCategoryEnum, ProcessStatusEnum, pageComplexity } from "../common/schema.js";
import { CODE, NAME, TEXT } from "../common/validation.js";
import { EvaluationNode } from "../evaluation/schema.js";
import { createChangeService, type ProposedFields } from "./changes.js";
import { createProcessService } from "./service.js";
import { planConnection, rootSpec } from "../../plan/planner.js";

export const ProcessNode = builder.prismaNode("Process", {
  id: { field: "id" },
  authScopes: readRule("process", (p: { id: string }) => p.id),
  description: "A business process of the catalogue (§3), with its goal and ordered steps.",
  fields: (t) => ({
    code: t.exposeString("code"),
    name: t.exposeString("name", { description: "Name in the policy's words (Traditional Chinese)." }),
    nameEn: t.exposeString("nameEn"),
    category: t.expose("category", { type: ProcessCategoryEnum }),
    goal: t.exposeString("goal", { description: "流程目標, in the policy's words." }),
    goalEn: t.exposeString("goalEn"),
    major: t.exposeBoolean("major", { description: "A major process: changes need management approval (§2.1.1)." }),
    common: t.exposeBoolean("common", { description: "A common process, maintained by the process office (§2.3.1)." }),
    classification: t.expose("classification", { type: ClassificationEnum }),
    status: t.expose("status", { type: ProcessStatusEnum }),
    version: t.exposeInt("version"),
    archivedAt: t.expose("archivedAt", { type: "DateTime", nullable: true }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    owner: t.relation("ownerUnit", { description: "The unit that owns the process." }),
    steps: t.relation("steps", { query: { where: { archivedAt: null }, orderBy: { position: "asc" } } }),
    indicators: t.relatedConnection("indicators", {
      cursor: "id",
      complexity: pageComplexity,
      totalCount: true,
      query: () => ({ where: { archivedAt: null }, orderBy: { code: "asc" } }),
    }),
    risks: t.relatedConnection("risks", {
      cursor: "id",
      complexity: pageComplexity,
      totalCount: true,
      query: (_args, ctx) => ({ where: { AND: [riskWhere(ctx.viewer), { archivedAt: null }] }, orderBy: { code: "asc" } }),
    }),
    evaluations: t.relation("evaluations", {
      description: "Final and draft evaluations, newest period first (superseded ones through `evaluations(filter:)`).",
      query: { where: { status: { in: ["FINAL", "DRAFT"] } }, orderBy: [{ periodEnd: "desc" }, { status: "asc" }] },
    }),
    latestEvaluation: t.field({
      type: EvaluationNode,
      nullable: true,
      description: "The final evaluation of the most recent period evaluated (§4.3); drafts are not results yet.",
      select: (_args, _ctx, nested) => ({ evaluations: nested({ where: { status: "FINAL" as const }, orderBy: { periodEnd: "desc" as const }, take: 1 }) }),
      resolve: (p) => p.evaluations[0] ?? null,
    }),
    monitoringPlans: t.relation("monitoringPlans", { query: { where: { active: true }, orderBy: { nextDueAt: "asc" } } }),
    changes: t.relation("changes", { query: { orderBy: { createdAt: "desc" } } }),
  }),
});

/** The indicators one step is costed at (§6.4): a step has a few, where a list is assumed to hold ten. */
export const STEP_INDICATORS = 3;

export const ProcessStepNode = builder.prismaNode("ProcessStep", {
  id: { field: "id" },
  authScopes: readRule("process", (s: { processId: string }) => s.processId),
  description: "One step of a process, in order (§3).",
  fields: (t) => ({
    position: t.exposeInt("position"),
    name: t.exposeString("name"),
    nameEn: t.exposeString("nameEn"),
    description: t.exposeString("description"),
    archivedAt: t.expose("archivedAt", { type: "DateTime", nullable: true }),
    process: t.relation("process"),
    responsibleUnit: t.relation("responsibleUnit", { nullable: true }),
    informationRequirements: t.relation("informationRequirements", {
      description: "What the step collects: content, format and channel (§6.1.1).",
    }),
    indicators: t.relation("indicators", {
      // §6.4 cost: a step measures itself with a few indicators (the catalogue: 1-2), not the ten
      // a plain list is assumed to hold; at 10 the analysts' daily nested query (10 processes →
      // steps → indicators → 100 readings) cost 202,942 and was refused at the 150,000 budget.
      complexity: { field: 1, multiplier: STEP_INDICATORS },
      query: (_args, ctx) => ({ where: { AND: [indicatorWhere(ctx.viewer), { archivedAt: null }] }, orderBy: { code: "asc" } }),
    }),
  }),
});

builder.prismaObject("InformationRequirement", {
  description: "Information a step collects (§6.1.1).",
  fields: (t) => ({
    id: t.exposeID("id"),
    content: t.exposeString("content"),
    format: t.exposeString("format"),
    channel: t.exposeString("channel"),
  }),
});

builder.prismaNode("ProcessChange", {
  id: { field: "id" },
  authScopes: readRule("process", (c: { processId: string }) => c.processId),
  description: "A proposal to change a process: reviewed by the process office, approved by management when major (§2.1.1, §2.3.1).",
  fields: (t) => ({
    title: t.exposeString("title"),
    description: t.exposeString("description"),
    proposal: t.expose("proposal", { type: "JSON" }),
    status: t.expose("status", { type: ChangeStatusEnum }),
    process: t.relation("process"),
    proposedBy: t.relation("proposedBy"),
    reviewedBy: t.relation("reviewedBy", { nullable: true }),
    approvedBy: t.relation("approvedBy", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const ProcessOrderField = builder.enumType("ProcessOrderField", { values: ["CODE", "NAME", "CATEGORY", "UPDATED_AT"] as const });
const ProcessOrder = builder.inputType("ProcessOrder", {
  fields: (t) => ({
    field: t.field({ type: ProcessOrderField, required: true }),
    direction: t.field({ type: OrderDirection, defaultValue: "ASC" }),
  }),
});

const ProcessFilter = builder.inputType("ProcessFilter", {
  fields: (t) => ({
    category: t.field({ type: [ProcessCategoryEnum] }),
    unitId: t.id({ description: "Owner unit." }),
    status: t.field({ type: [ProcessStatusEnum] }),
    major: t.boolean(),
    search: t.string({ description: "Matches code, name or English name." }),
    includeArchived: t.boolean({ defaultValue: false }),
  }),
});

type ProcessFilterShape = typeof ProcessFilter.$inferInput;

function processFilterWhere(f: ProcessFilterShape | null | undefined): Prisma.ProcessWhereInput {
  if (!f) return { archivedAt: null };
  return {
    ...(f.includeArchived ? {} : { archivedAt: null }),
    ...(f.category?.length ? { category: { in: f.category } } : {}),
    ...(f.status?.length ? { status: { in: f.status } } : {}),
    ...(f.major != null ? { major: f.major } : {}),
    ...(f.unitId ? { ownerUnitId: parseId(f.unitId, "OrgUnit", "filter.unitId") } : {}),
    ...(f.search ? { OR: [{ code: { contains: f.search, mode: "insensitive" } }, { name: { contains: f.search } }, { nameEn: { contains: f.search, mode: "insensitive" } }] } : {}),
  };
}

const ORDER_COLUMN = { CODE: "code", NAME: "name", CATEGORY: "category", UPDATED_AT: "updatedAt" } as const;
/** `processes` for the planner (plan/planner.ts): the same visible set and order as the resolver below. */
const PROCESSES_PLAN = rootSpec("processes", "Process", "process", { CODE: "code", NAME: "name", CATEGORY: "category", UPDATED_AT: "updated_at" });

builder.queryFields((t) => ({
  processes: t.prismaConnection({
    type: "Process",
    cursor: "id",
    complexity: pageComplexity,
    description: "The process catalogue (§3), filtered to what the viewer may read.",
    authScopes: { reader: true },
    args: {
      filter: t.arg({ type: ProcessFilter }),
      orderBy: t.arg({ type: ProcessOrder }),
    },
    totalCount: (_c, args, ctx) => ctx.prisma.process.count({ where: { AND: [processWhere(ctx.viewer), processFilterWhere(args.filter)] } }),
    resolve: async (query, _root, args, ctx, info) =>
      ((await planConnection(ctx, info, PROCESSES_PLAN, args, query)) as never) ??
      ctx.prisma.process.findMany({
        ...query,
        where: { AND: [processWhere(ctx.viewer), processFilterWhere(args.filter)] },
        orderBy: [{ [ORDER_COLUMN[args.orderBy?.field ?? "CODE"]]: dir(args.orderBy?.direction ?? "ASC") }, { id: "asc" }],
      }),
  }),
  process: t.prismaField({
    type: "Process",
    nullable: true,
    description: "One process by its code, e.g. P-FIN.",
    authScopes: { reader: true },
    args: { code: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.process.findFirst({ ...query, where: { AND: [processWhere(ctx.viewer), { code: args.code }] } }),
  }),
}));

// ───────────── mutations ─────────────

const CreateProcessInput = builder.inputType("CreateProcessInput", {
  fields: (t) => ({
    code: t.string({ required: true, validate: CODE }),
    name: t.string({ required: true, validate: NAME }),
    nameEn: t.string({ required: true, validate: NAME }),
    category: t.field({ type: ProcessCategoryEnum, required: true }),
    goal: t.string({ required: true, validate: NAME }),
    goalEn: t.string({ validate: TEXT }),
    ownerUnitId: t.id({ required: true }),
    major: t.boolean({ defaultValue: false }),
    common: t.boolean({ defaultValue: false }),
    classification: t.field({ type: ClassificationEnum, defaultValue: "INTERNAL" }),
    status: t.field({ type: ProcessStatusEnum, defaultValue: "DRAFT" }),
  }),
});

const UpdateProcessInput = builder.inputType("UpdateProcessInput", {
  fields: (t) => ({
    id: t.id({ required: true }),
    code: t.string({ validate: CODE }),
    name: t.string({ validate: NAME }),
    nameEn: t.string({ validate: NAME }),
    category: t.field({ type: ProcessCategoryEnum }),
    goal: t.string({ validate: NAME }),
    goalEn: t.string({ validate: TEXT }),
    ownerUnitId: t.id(),
    major: t.boolean(),
    common: t.boolean(),
    classification: t.field({ type: ClassificationEnum }),
    status: t.field({ type: ProcessStatusEnum }),
  }),
});

const CreateProcessStepInput = builder.inputType("CreateProcessStepInput", {
  fields: (t) => ({
    processId: t.id({ required: true }),
    name: t.string({ required: true, validate: NAME }),
    nameEn: t.string({ required: true, validate: NAME }),
    description: t.string({ validate: TEXT }),
    responsibleUnitId: t.id(),
    position: t.int({ description: "1-based; defaults to the end.", validate: { min: 1 } }),
  }),
});

const UpdateProcessStepInput = builder.inputType("UpdateProcessStepInput", {
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string({ validate: NAME }),
    nameEn: t.string({ validate: NAME }),
    description: t.string({ validate: TEXT }),
    responsibleUnitId: t.id(),
    position: t.int({ validate: { min: 1 } }),
  }),
});

const UpdateProcessPayload = updatePayload("UpdateProcessPayload", "Process", "process");
const UpdateProcessStepPayload = updatePayload("UpdateProcessStepPayload", "ProcessStep", "step");

builder.mutationFields((t) => ({
  createProcess: t.prismaField({
    type: "Process",
    description: "Adds a process to the catalogue (§2.1.1, §2.2.1, §2.3.1).",
    authScopes: { editor: true },
    args: { input: t.arg({ type: CreateProcessInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const p = await createProcessService(ctx.prisma).create(ctx.viewer, {
        code: input.code.trim(),
        name: input.name.trim(),
        nameEn: input.nameEn.trim(),
        category: input.category,
        goal: input.goal.trim(),
        goalEn: input.goalEn?.trim() ?? "",
        ownerUnitId: parseId(input.ownerUnitId, "OrgUnit", "ownerUnitId"),
        major: input.major ?? false,
        common: input.common ?? false,
        classification: input.classification ?? "INTERNAL",
        status: input.status ?? "DRAFT",
      });
      return ctx.prisma.process.findUniqueOrThrow({ ...query, where: { id: p.id } });
    },
  }),
  updateProcess: t.field({
    type: UpdateProcessPayload,
    description: "Changes a process definition; its version goes up when anything changed.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: UpdateProcessInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createProcessService(ctx.prisma).update(ctx.viewer, parseId(input.id, "Process"), {
        ...given(input, ["code", "name", "nameEn", "category", "goal", "goalEn", "major", "common", "classification", "status"]),
        ...(input.ownerUnitId ? { ownerUnitId: parseId(input.ownerUnitId, "OrgUnit", "ownerUnitId") } : {}),
      } as never),
  }),
  archiveProcess: t.prismaField({
    type: "Process",
    description: "Archives a process; it leaves the catalogue but its history stays.",
    authScopes: { editor: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const p = await createProcessService(ctx.prisma).archive(ctx.viewer, parseId(args.id, "Process"));
      return ctx.prisma.process.findUniqueOrThrow({ ...query, where: { id: p.id } });
    },
  }),
  createProcessStep: t.prismaField({
    type: "ProcessStep",
    description: "Adds a step to a process, at `position` or at the end.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: CreateProcessStepInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const step = await createProcessService(ctx.prisma).createStep(ctx.viewer, parseId(input.processId, "Process", "processId"), {
        name: input.name.trim(),
        nameEn: input.nameEn.trim(),
        description: input.description?.trim() ?? "",
        responsibleUnitId: input.responsibleUnitId ? parseId(input.responsibleUnitId, "OrgUnit", "responsibleUnitId") : null,
        position: input.position ?? Number.MAX_SAFE_INTEGER,
      });
      return ctx.prisma.processStep.findUniqueOrThrow({ ...query, where: { id: step.id } });
    },
  }),
  updateProcessStep: t.field({
    type: UpdateProcessStepPayload,
    description: "Renames, re-describes or moves a step; the other steps renumber.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: UpdateProcessStepInput, required: true }) },
    resolve: (_root, { input }, ctx) =>
      createProcessService(ctx.prisma).updateStep(ctx.viewer, parseId(input.id, "ProcessStep"), {
        ...given(input, ["name", "nameEn", "description", "position"]),
        ...(input.responsibleUnitId ? { responsibleUnitId: parseId(input.responsibleUnitId, "OrgUnit", "responsibleUnitId") } : {}),
      } as never),
  }),
  archiveProcessStep: t.prismaField({
    type: "ProcessStep",
    description: "Archives a step; the remaining steps renumber.",
    authScopes: { editor: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const s = await createProcessService(ctx.prisma).archiveStep(ctx.viewer, parseId(args.id, "ProcessStep"));
      return ctx.prisma.processStep.findUniqueOrThrow({ ...query, where: { id: s.id } });
    },
  }),
}));

// ───────────── change proposals (§2.1.1, §2.3.1) ─────────────

const ProposedChangeInput = builder.inputType("ProposedProcessFields", {
  description: "The process fields a proposal would change; leave out what stays.",
  fields: (t) => ({
    name: t.string({ validate: NAME }),
    nameEn: t.string({ validate: NAME }),
    goal: t.string({ validate: NAME }),
    goalEn: t.string({ validate: TEXT }),
    category: t.field({ type: ProcessCategoryEnum }),
    classification: t.field({ type: ClassificationEnum }),
  }),
});

const ProposeProcessChangeInput = builder.inputType("ProposeProcessChangeInput", {
  fields: (t) => ({
    processId: t.id({ required: true }),
    title: t.string({ required: true, validate: NAME }),
    description: t.string({ validate: TEXT }),
    proposal: t.field({ type: ProposedChangeInput, required: true }),
  }),
});

builder.mutationFields((t) => ({
  proposeProcessChange: t.prismaField({
    type: "ProcessChange",
    description: "Proposes a change to a process (§2.2.1); the process office reviews it, management approves a major one (§2.1.1).",
    authScopes: { editor: true },
    args: { input: t.arg({ type: ProposeProcessChangeInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const change = await createChangeService(ctx.prisma).propose(ctx.viewer, parseId(input.processId, "Process", "processId"), {
        title: input.title.trim(),
        description: input.description?.trim() ?? "",
        proposal: given(input.proposal, ["name", "nameEn", "goal", "goalEn", "category", "classification"]) as ProposedFields,
      });
      return ctx.prisma.processChange.findUniqueOrThrow({ ...query, where: { id: change.id } });
    },
  }),
  reviewProcessChange: t.prismaField({
    type: "ProcessChange",
    description: "The process office's review (§2.3.1): accept (REVIEWED) or reject (REJECTED).",
    authScopes: { role: ["PROCESS_OFFICE"] },
    args: { id: t.arg.id({ required: true }), accept: t.arg.boolean({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const change = await createChangeService(ctx.prisma).review(ctx.viewer, parseId(args.id, "ProcessChange"), args.accept);
      return ctx.prisma.processChange.findUniqueOrThrow({ ...query, where: { id: change.id } });
    },
  }),
  approveProcessChange: t.prismaField({
    type: "ProcessChange",
    description: "Approves a reviewed proposal and applies it to the process (major processes: management only, §2.1.1).",
    authScopes: { role: ["MANAGEMENT", "PROCESS_OFFICE"] },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const change = await createChangeService(ctx.prisma).approve(ctx.viewer, parseId(args.id, "ProcessChange"));
      return ctx.prisma.processChange.findUniqueOrThrow({ ...query, where: { id: change.id } });
    },
  }),
}));

export { ProcessFilter };
