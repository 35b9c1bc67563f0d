import { builder } from "../../builder.js";
import type { Context } from "../../context.js";
import { parseId } from "../common/ids.js";
import { DATE } from "../common/validation.js";
import { acknowledgeAlert, assignAlert, createSilence, resolveAlert } from "./alerts.js";
import { alertToHandle, silencer } from "./handling.js";
import { publishMessages } from "./publish.js";

// ───────────── alert actions (§5.3.2, §2.1.2) ─────────────

/** Parses the alert's global id and checks that the viewer may handle it (`handling.ts`). */
function handleable(ctx: Context, alertGlobalId: string | number) {
  return alertToHandle(ctx, parseId(alertGlobalId, "Alert", "alertId"), String(alertGlobalId));
}

const AcknowledgeAlertInput = builder.inputType("AcknowledgeAlertInput", {
  fields: (t) => ({
    alertId: t.id({ required: true }),
    note: t.string({ required: true, description: "What is being done about it." }),
    expiresAt: t.field({ type: "DateTime", validate: DATE, description: "When the acknowledgement lapses: still firing then, the warning fires again." }),
  }),
});
const AssignAlertInput = builder.inputType("AssignAlertInput", {
  fields: (t) => ({ alertId: t.id({ required: true }), assigneeId: t.id({ description: "The person to handle it; null unassigns." }) }),
});
const ResolveAlertInput = builder.inputType("ResolveAlertInput", {
  fields: (t) => ({ alertId: t.id({ required: true }), note: t.string() }),
});
const CreateSilenceInput = builder.inputType("CreateSilenceInput", {
  fields: (t) => ({
    indicatorId: t.id(),
    processId: t.id(),
    startsAt: t.field({ type: "DateTime", validate: DATE }),
    endsAt: t.field({ type: "DateTime", required: true, validate: DATE }),
    reason: t.string({ required: true }),
  }),
});

builder.mutationFields((t) => ({
  acknowledgeAlert: t.prismaField({
    type: "Alert",
    description: "FIRING → ACKNOWLEDGED, with a note and an optional expiry.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: AcknowledgeAlertInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const { id, actorId } = await handleable(ctx, input.alertId);
      const change = await acknowledgeAlert(ctx.prisma, { alertId: id, actorId, note: input.note, expiresAt: input.expiresAt ?? null });
      publishMessages(ctx.pubsub, change);
      return ctx.prisma.alert.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  assignAlert: t.prismaField({
    type: "Alert",
    description: "Assigns a warning to a person.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: AssignAlertInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const { id, actorId } = await handleable(ctx, input.alertId);
      const assigneeId = input.assigneeId ? parseId(input.assigneeId, "User", "assigneeId") : null;
      const change = await assignAlert(ctx.prisma, { alertId: id, actorId, assigneeId });
      publishMessages(ctx.pubsub, change);
      return ctx.prisma.alert.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  resolveAlert: t.prismaField({
    type: "Alert",
    description: "Resolves a warning by hand.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: ResolveAlertInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const { id, actorId } = await handleable(ctx, input.alertId);
      const change = await resolveAlert(ctx.prisma, { alertId: id, actorId, note: input.note ?? null });
      publishMessages(ctx.pubsub, change);
      return ctx.prisma.alert.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  createSilence: t.prismaField({
    type: "Silence",
    description: "Mutes an indicator or a process for a window, with a reason; alerts are still recorded, and marked.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: CreateSilenceInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const indicatorId = input.indicatorId ? parseId(input.indicatorId, "Indicator", "indicatorId") : null;
      const processId = input.processId ? parseId(input.processId, "Process", "processId") : null;
      const actorId = await silencer(ctx, { indicatorId, processId });
      const silence = await createSilence(ctx.prisma, {
        indicatorId,
        processId,
        startsAt: input.startsAt ?? null,
        endsAt: input.endsAt,
        reason: input.reason,
        actorId,
      });
      return ctx.prisma.silence.findUniqueOrThrow({ ...query, where: { id: silence.id } });
    },
  }),
}));
