/** The API of contingency plans (§5.2.2); the service is `plans.ts`. */
import { builder } from "../../builder.js";
import type { Context } from "../../context.js";
import { parseId } from "../common/ids.js";
import { RoleEnum } from "../common/schema.js";
import { NAME, TEXT } from "../common/validation.js";
import { publishMessages } from "../alerting/publish.js";
import { createPlanService, type PlanWritten } from "./plans.js";

builder.prismaObject("ContingencyPlanStep", {
  description: "A step of a contingency plan with its responsible unit or role (§5.2.2).",
  fields: (t) => ({
    position: t.exposeInt("position"),
    title: t.exposeString("title"),
    unit: t.relation("unit", { nullable: true }),
    role: t.expose("role", { type: RoleEnum, nullable: true }),
  }),
});

builder.prismaObjectFields("ContingencyPlan", (t) => ({
  activationCriteria: t.exposeString("activationCriteria", { description: "When the plan is activated (§5.2.2)." }),
  submittedAt: t.expose("submittedAt", { type: "DateTime", nullable: true }),
  retiredAt: t.expose("retiredAt", { type: "DateTime", nullable: true }),
  steps: t.relation("steps", { query: { orderBy: { position: "asc" } } }),
  incidents: t.relation("incidents", { query: { orderBy: { occurredAt: "desc" } } }),
}));

const PlanStepInput = builder.inputType("ContingencyPlanStepInput", {
  fields: (t) => ({
    title: t.string({ required: true, validate: NAME }),
    unitId: t.id({ description: "The responsible unit; or give a role." }),
    role: t.field({ type: RoleEnum }),
  }),
});

const CreateContingencyPlanInput = builder.inputType("CreateContingencyPlanInput", {
  fields: (t) => ({
    riskId: t.id({ required: true }),
    title: t.string({ required: true, validate: NAME }),
    measures: t.string({ required: true, validate: TEXT }),
    responsibilities: t.string({ validate: TEXT }),
    activationCriteria: t.string({ validate: TEXT }),
    steps: t.field({ type: [PlanStepInput], required: true, validate: { maxLength: 100 } }),
  }),
});

const PlanIdInput = builder.inputType("ContingencyPlanIdInput", { fields: (t) => ({ planId: t.id({ required: true }) }) });

async function done(ctx: Context, query: object, w: PlanWritten) {
  publishMessages(ctx.pubsub, { events: w.events });
  return ctx.prisma.contingencyPlan.findUniqueOrThrow({ ...query, where: { id: w.id } });
}
const plans = (ctx: Context) => createPlanService(ctx.prisma);

builder.mutationFields((t) => ({
  createContingencyPlan: t.prismaField({
    type: "ContingencyPlan",
    description: "Drafts a contingency plan with its steps (§5.2.2).",
    authScopes: { editor: true },
    args: { input: t.arg({ type: CreateContingencyPlanInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) =>
      done(
        ctx,
        query,
        await plans(ctx).create(ctx.viewer, parseId(input.riskId, "Risk", "riskId"), {
          title: input.title.trim(),
          measures: input.measures.trim(),
          responsibilities: input.responsibilities?.trim() ?? "",
          activationCriteria: input.activationCriteria?.trim() ?? "",
          steps: input.steps.map((s, i) => ({ title: s.title.trim(), unitId: s.unitId ? parseId(s.unitId, "OrgUnit", `steps.${i}.unitId`) : null, role: s.role ?? null })),
        }),
      ),
  }),
  submitContingencyPlan: t.prismaField({
    type: "ContingencyPlan",
    description: "Submits a draft plan for management's approval (§5.2.2).",
    authScopes: { editor: true },
    args: { input: t.arg({ type: PlanIdInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => done(ctx, query, await plans(ctx).submit(ctx.viewer, parseId(input.planId, "ContingencyPlan", "planId"))),
  }),
  approveContingencyPlan: t.prismaField({
    type: "ContingencyPlan",
    description: "Management approves a submitted plan (§5.2.2); the risk's earlier plan retires and its 'without plan' warning resolves.",
    authScopes: { role: ["MANAGEMENT"] },
    args: { input: t.arg({ type: PlanIdInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => done(ctx, query, await plans(ctx).approve(ctx.viewer, parseId(input.planId, "ContingencyPlan", "planId"))),
  }),
  retireContingencyPlan: t.prismaField({
    type: "ContingencyPlan",
    description: "Retires a plan; a high risk left without an approved plan warns again (§5.2.2).",
    authScopes: { editor: true },
    args: { input: t.arg({ type: PlanIdInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => done(ctx, query, await plans(ctx).retire(ctx.viewer, parseId(input.planId, "ContingencyPlan", "planId"))),
  }),
}));
