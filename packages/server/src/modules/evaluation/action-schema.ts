import { builder } from "../../builder.js";
import type { Context } from "../../context.js";
import * as Enums from "../../generated/prisma/enums.js";
import { parseId } from "../common/ids.js";
import { ActionKindEnum } from "../common/schema.js";
import { NAME, TEXT } from "../common/validation.js";
import { publishMessages } from "../alerting/publish.js";
import { type ActionWritten, createActionService } from "./actions.js";

const ActionUpdateKindEnum = builder.enumType(Enums.ActionUpdateKind, { name: "ActionUpdateKind" });

builder.prismaObject("ActionUpdate", {
  description: "One step in an action's history: progress with a note and evidence, completion, verification, reopening (§4.4.2).",
  fields: (t) => ({
    id: t.exposeID("id"),
    kind: t.expose("kind", { type: ActionUpdateKindEnum }),
    progress: t.exposeInt("progress"),
    note: t.exposeString("note"),
    evidence: t.exposeString("evidence"),
    author: t.relation("author"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectFields("Action", (t) => ({
  process: t.relation("process", { nullable: true }),
  indicator: t.relation("indicator", { nullable: true, description: "When linked: verification waits until it is back inside its thresholds." }),
  createdBy: t.relation("createdBy", { nullable: true }),
  createdAt: t.expose("createdAt", { type: "DateTime" }),
  updates: t.relation("updates", { description: "The history, oldest first.", query: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } }),
}));

const CreateActionInput = builder.inputType("CreateActionInput", {
  fields: (t) => ({
    kind: t.field({ type: ActionKindEnum, required: true }),
    title: t.string({ required: true, validate: NAME }),
    description: t.string({ validate: TEXT }),
    processId: t.id({ description: "By hand: the process concerned (else taken from the evaluation, finding or indicator)." }),
    evaluationId: t.id(),
    findingId: t.id({ description: "A finding to rectify; it becomes RECTIFYING." }),
    indicatorId: t.id({ description: "An indicator that must recover before verification." }),
    ownerUnitId: t.id({ required: true }),
    ownerId: t.id(),
    deadline: t.field({ type: "DateTime", description: "Required for a RECTIFICATION (§4.3.3)." }),
  }),
});
const UpdateActionProgressInput = builder.inputType("UpdateActionProgressInput", {
  fields: (t) => ({
    actionId: t.id({ required: true }),
    progress: t.int({ required: true, validate: { min: 0, max: 100 } }),
    note: t.string({ required: true, validate: TEXT }),
    evidence: t.string({ validate: TEXT }),
  }),
});
const CompleteActionInput = builder.inputType("CompleteActionInput", {
  fields: (t) => ({ actionId: t.id({ required: true }), note: t.string({ required: true, validate: TEXT }), evidence: t.string({ validate: TEXT }) }),
});
const ActionNoteInput = builder.inputType("ActionNoteInput", {
  fields: (t) => ({ actionId: t.id({ required: true }), note: t.string({ required: true, validate: TEXT }) }),
});

/** Publishes what an action change cleared, then loads the action with the client's selection. */
async function done(ctx: Context, query: object, w: ActionWritten) {
  publishMessages(ctx.pubsub, { events: w.events });
  return ctx.prisma.action.findUniqueOrThrow({ ...query, where: { id: w.id } });
}
const actions = (ctx: Context) => createActionService(ctx.prisma);

builder.mutationFields((t) => ({
  createAction: t.prismaField({
    type: "Action",
    description: "Opens a rectification or improvement (§4.3.3, §4.4.2) from an evaluation, a finding, an indicator, or by hand on a process.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: CreateActionInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) =>
      done(
        ctx,
        query,
        await actions(ctx).create(ctx.viewer, {
          kind: input.kind,
          title: input.title.trim(),
          description: input.description?.trim() ?? "",
          processId: input.processId ? parseId(input.processId, "Process", "processId") : null,
          evaluationId: input.evaluationId ? parseId(input.evaluationId, "Evaluation", "evaluationId") : null,
          findingId: input.findingId ? parseId(input.findingId, "Finding", "findingId") : null,
          indicatorId: input.indicatorId ? parseId(input.indicatorId, "Indicator", "indicatorId") : null,
          ownerUnitId: parseId(input.ownerUnitId, "OrgUnit", "ownerUnitId"),
          ownerId: input.ownerId ? parseId(input.ownerId, "User", "ownerId") : null,
          deadline: input.deadline ?? null,
        }),
      ),
  }),
  updateActionProgress: t.prismaField({
    type: "Action",
    description: "Reports progress (0-100) on an open action, with a note and evidence.",
    authScopes: { $any: { editor: true, role: ["EMPLOYEE"] } },
    args: { input: t.arg({ type: UpdateActionProgressInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) =>
      done(
        ctx,
        query,
        await actions(ctx).progress(ctx.viewer, {
          actionId: parseId(input.actionId, "Action", "actionId"),
          progress: input.progress,
          note: input.note,
          evidence: input.evidence ?? "",
        }),
      ),
  }),
  completeAction: t.prismaField({
    type: "Action",
    description: "Marks an open action DONE; the process office verifies it next.",
    authScopes: { $any: { editor: true, role: ["EMPLOYEE"] } },
    args: { input: t.arg({ type: CompleteActionInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) =>
      done(ctx, query, await actions(ctx).complete(ctx.viewer, { actionId: parseId(input.actionId, "Action", "actionId"), note: input.note, evidence: input.evidence ?? "" })),
  }),
  verifyAction: t.prismaField({
    type: "Action",
    description: "The process office verifies a DONE action (§4.4.2); one linked to an indicator only once the indicator is back inside its thresholds.",
    authScopes: { role: ["PROCESS_OFFICE"] },
    args: { input: t.arg({ type: ActionNoteInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) =>
      done(ctx, query, await actions(ctx).verify(ctx.viewer, { actionId: parseId(input.actionId, "Action", "actionId"), note: input.note })),
  }),
  reopenAction: t.prismaField({
    type: "Action",
    description: "The process office sends a DONE or VERIFIED action back to work.",
    authScopes: { role: ["PROCESS_OFFICE"] },
    args: { input: t.arg({ type: ActionNoteInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) =>
      done(ctx, query, await actions(ctx).reopen(ctx.viewer, { actionId: parseId(input.actionId, "Action", "actionId"), note: input.note })),
  }),
}));
