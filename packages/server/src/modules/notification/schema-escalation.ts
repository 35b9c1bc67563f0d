import { builder } from "../../builder.js";
import { silenceWhere } from "../access/visibility.js";
import { parseId } from "../common/ids.js";
import { ProcessCategoryEnum } from "../common/schema.js";
import { NAME } from "../common/validation.js";
import { notificationAdminWhere } from "./permissions.js";
import { createEscalationPolicy, deleteEscalationPolicy } from "./service.js";
import { createSilenceService } from "./silences.js";

const ADMINS = { configurer: true };

const StepRef = builder.objectRef<{ afterMinutes: number; contactPointId: string }>("EscalationStep").implement({
  fields: (t) => ({
    afterMinutes: t.exposeInt("afterMinutes", { description: "Minutes after the alert became CRITICAL, unacknowledged." }),
    contactPoint: t.prismaField({
      type: "ContactPoint",
      nullable: true,
      resolve: (query, s, _a, ctx) => ctx.prisma.contactPoint.findUnique({ ...query, where: { id: s.contactPointId } }),
    }),
  }),
});

const EscalationPolicyRef = builder.prismaObject("EscalationPolicy", {
  description: "§2.1.2: a CRITICAL alert not acknowledged in time goes to each step in turn until acknowledged.",
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    category: t.expose("category", { type: ProcessCategoryEnum, nullable: true, description: "Null: processes of every category without a policy of their own." }),
    steps: t.field({ type: [StepRef], resolve: (p) => p.steps as never }),
    enabled: t.exposeBoolean("enabled"),
  }),
});

const StepInput = builder.inputType("EscalationStepInput", {
  fields: (t) => ({ afterMinutes: t.int({ required: true }), contactPointId: t.id({ required: true }) }),
});

const CreateEscalationPolicyInput = builder.inputType("CreateEscalationPolicyInput", {
  fields: (t) => ({
    name: t.string({ required: true, validate: NAME }),
    category: t.field({ type: ProcessCategoryEnum }),
    steps: t.field({ type: [StepInput], required: true, validate: { maxLength: 10 } }),
  }),
});

const UpdateSilenceInput = builder.inputType("UpdateSilenceInput", {
  fields: (t) => ({ id: t.id({ required: true }), endsAt: t.field({ type: "DateTime" }), reason: t.string({ validate: { maxLength: 2000 } }) }),
});

builder.queryFields((t) => ({
  escalationPolicies: t.prismaField({
    type: [EscalationPolicyRef],
    description: "Enabled escalation policies (§2.1.2).",
    authScopes: ADMINS,
    resolve: (query, _r, _a, ctx) =>
      ctx.prisma.escalationPolicy.findMany({ ...query, where: { AND: [notificationAdminWhere(ctx.viewer), { enabled: true }] }, orderBy: [{ createdAt: "asc" }], take: 100 }),
  }),
  silences: t.prismaField({
    type: ["Silence"],
    description: "Silences the viewer may read; `active` only those in force now.",
    authScopes: { reader: true },
    args: { active: t.arg.boolean() },
    resolve: (query, _r, args, ctx) => {
      const now = new Date();
      return ctx.prisma.silence.findMany({
        ...query,
        where: { AND: [silenceWhere(ctx.viewer), args.active ? { startsAt: { lte: now }, endsAt: { gt: now } } : {}] },
        orderBy: [{ endsAt: "desc" }, { id: "asc" }],
        take: 500,
      });
    },
  }),
}));

builder.mutationFields((t) => ({
  createEscalationPolicy: t.prismaField({
    type: EscalationPolicyRef,
    description: "Sets the escalation steps for a process category (replacing its current policy) (§2.1.2).",
    authScopes: ADMINS,
    args: { input: t.arg({ type: CreateEscalationPolicyInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const row = await createEscalationPolicy(ctx.prisma, ctx.viewer, {
        name: input.name,
        category: input.category ?? null,
        steps: input.steps.map((s, i) => ({ afterMinutes: s.afterMinutes, contactPointId: parseId(s.contactPointId, "ContactPoint", `steps.${i}.contactPointId`) })),
      });
      return ctx.prisma.escalationPolicy.findUniqueOrThrow({ ...query, where: { id: row.id } });
    },
  }),
  deleteEscalationPolicy: t.field({
    type: builder.objectRef<{ id: string }>("DeletedEscalationPolicy").implement({ fields: (f) => ({ id: f.exposeID("id") }) }),
    description: "Stops a category's escalation policy (§2.1.2); to change one, create its replacement.",
    authScopes: ADMINS,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => deleteEscalationPolicy(ctx.prisma, ctx.viewer, String(args.id)),
  }),
  updateSilence: t.prismaField({
    type: "Silence",
    description: "Changes a silence's end or reason.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: UpdateSilenceInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const row = await createSilenceService(ctx.prisma).update(ctx.viewer, parseId(input.id, "Silence"), { endsAt: input.endsAt, reason: input.reason });
      return ctx.prisma.silence.findUniqueOrThrow({ ...query, where: { id: row.id } });
    },
  }),
  endSilence: t.prismaField({
    type: "Silence",
    description: "Ends a silence now.",
    authScopes: { editor: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const row = await createSilenceService(ctx.prisma).end(ctx.viewer, parseId(args.id, "Silence"));
      return ctx.prisma.silence.findUniqueOrThrow({ ...query, where: { id: row.id } });
    },
  }),
}));
