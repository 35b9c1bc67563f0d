/**
 * Who may handle what (§5.3.2, §2.1.2): the checks in front of the alert workflow (`alerts.ts`).
 * A warning or silence target the viewer cannot read is as unknown as a missing one (§6.4); one
 * the viewer reads but may not handle is FORBIDDEN with the reason from `permissions.ts`.
 */
import type { Context } from "../../context.js";
import { DomainError, forbidden, notFound } from "../../lib/errors.js";
import { isVisible } from "../access/visible.js";
import { whyCannotHandleAlert } from "./permissions.js";
import { ALERT_CONTEXT_SELECT, alertVisible, contextOfAlert } from "./subjects.js";

/** The alert `id` (named by `globalId` in errors) if the viewer, a person, may handle it. */
export async function alertToHandle(ctx: Context, id: string, globalId: string): Promise<{ id: string; actorId: string }> {
  const alert = await ctx.prisma.alert.findUnique({ where: { id }, select: ALERT_CONTEXT_SELECT });
  if (!alert) throw notFound("Alert", globalId);
  const where = contextOfAlert(alert);
  if (!(await alertVisible(ctx, where))) throw notFound("Alert", globalId);
  const why = whyCannotHandleAlert(ctx.viewer, { ownerUnitId: where.unitId });
  if (why) throw forbidden(why);
  if (ctx.viewer.kind !== "user") throw forbidden("Only a person can handle a warning.");
  return { id, actorId: ctx.viewer.user.id };
}

/**
 * The person who may silence the indicator or process named (exactly one, readable and existing;
 * the indicator wins when both are given): returns their id.
 */
export async function silencer(ctx: Context, target: { indicatorId: string | null; processId: string | null }): Promise<string> {
  if (ctx.viewer.kind !== "user") throw forbidden();
  const { indicatorId, processId } = target;
  const owner = indicatorId
    ? (await ctx.prisma.indicator.findUnique({ where: { id: indicatorId }, include: { process: true } }))?.process
    : processId
      ? await ctx.prisma.process.findUnique({ where: { id: processId } })
      : null;
  const readable = indicatorId ? await isVisible(ctx, "indicator", indicatorId) : !!processId && (await isVisible(ctx, "process", processId));
  if (!owner || !readable) throw new DomainError("BAD_USER_INPUT", "Name exactly one indicatorId or processId that exists.", { field: "indicatorId" });
  const why = whyCannotHandleAlert(ctx.viewer, owner);
  if (why) throw forbidden(why);
  return ctx.viewer.user.id;
}
