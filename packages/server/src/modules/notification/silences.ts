/**
 * Silences that can be listed, changed and ended (§6.2.2): the owning unit's head, the process
 * office and management, as for handling the alerts they mute. Audited.
 */
import { actorOf, type Viewer } from "../../context.js";
import { audited, diff } from "../../lib/audit.js";
import type { PrismaClient } from "../../lib/db.js";
import { badInput, forbidden, notFound } from "../../lib/errors.js";
import { silenceWhere } from "../access/visibility.js";
import { whyCannotHandleAlert } from "../alerting/permissions.js";

async function loadForChange(prisma: PrismaClient, viewer: Viewer, id: string) {
  const s = await prisma.silence.findFirst({
    where: { AND: [{ id }, silenceWhere(viewer)] },
    include: { indicator: { select: { process: { select: { ownerUnitId: true } } } }, process: { select: { ownerUnitId: true } } },
  });
  if (!s) throw notFound("Silence", id);
  const ownerUnitId = s.indicator?.process.ownerUnitId ?? s.process?.ownerUnitId ?? "";
  const why = whyCannotHandleAlert(viewer, { ownerUnitId });
  if (why) throw forbidden(why);
  return s;
}

export function createSilenceService(prisma: PrismaClient) {
  return {
    /** Changes a silence's end or reason; an end in the past is refused (end it instead). */
    async update(viewer: Viewer, id: string, input: { endsAt?: Date | null; reason?: string | null }, now = new Date()) {
      const s = await loadForChange(prisma, viewer, id);
      const next = { endsAt: input.endsAt ?? s.endsAt, reason: input.reason?.trim() ?? s.reason };
      if (!next.reason) throw badInput("reason must not be empty.", "reason");
      if (next.reason.length > 2000) throw badInput("reason may have at most 2000 characters.", "reason");
      if (next.endsAt.getTime() <= Math.max(now.getTime(), s.startsAt.getTime())) throw badInput("endsAt must lie in the future and after startsAt.", "endsAt");
      return audited(prisma, actorOf(viewer), "updateSilence", async (tx, record) => {
        const row = await tx.silence.update({ where: { id }, data: next });
        record({ entity: "Silence", entityId: id, changes: diff(s, row, ["endsAt", "reason"]) });
        return row;
      });
    },
    /** Ends a silence now; one already over is left as it is. */
    async end(viewer: Viewer, id: string, now = new Date()) {
      const s = await loadForChange(prisma, viewer, id);
      if (s.endsAt.getTime() <= now.getTime()) return s;
      return audited(prisma, actorOf(viewer), "endSilence", async (tx, record) => {
        const row = await tx.silence.update({ where: { id }, data: { endsAt: now, ...(s.startsAt > now ? { startsAt: now } : {}) } });
        record({ entity: "Silence", entityId: id, changes: { endsAt: { from: s.endsAt, to: now } } });
        return row;
      });
    },
  };
}
