/**
 * Where an alert sits in the graph, whatever raised it: a threshold rule's alert belongs to its
 * indicator's process; a condition's alert (an overdue plan or action, a risk without a plan)
 * to its subject's process, or to its risk, and to the unit answerable for the subject.
 */
import type { Context } from "../../context.js";
import type { Prisma } from "../../lib/db.js";
import type { AlertEventMessage } from "../../lib/pubsub.js";
import { ALERT_READ_RULE, type AlertPlace } from "../access/visible.js";
import type { AlertContext } from "./engine/events.js";

/** The columns `contextOfAlert` needs, as a Prisma `select`. */
export const ALERT_CONTEXT_SELECT = {
  source: true,
  indicatorId: true,
  processId: true,
  riskId: true,
  actionId: true,
  indicator: { select: { processId: true, process: { select: { ownerUnitId: true } } } },
  process: { select: { ownerUnitId: true } },
  action: { select: { ownerUnitId: true } },
  risk: { select: { ownerUnitId: true } },
} as const;

interface ContextRow {
  source: string;
  indicatorId: string | null;
  processId: string | null;
  riskId: string | null;
  actionId: string | null;
  indicator: { processId: string; process: { ownerUnitId: string } } | null;
  process: { ownerUnitId: string } | null;
  action: { ownerUnitId: string } | null;
  risk: { ownerUnitId: string } | null;
}

/** The context of an alert row loaded with ALERT_CONTEXT_SELECT. */
export function contextOfAlert(r: ContextRow): AlertContext {
  if (r.indicator) {
    return { indicatorId: r.indicatorId, processId: r.indicator.processId, unitId: r.indicator.process.ownerUnitId, riskId: null, actionId: null };
  }
  // An overdue action is the owner unit's to answer for (§4.4.2); a plan its process owner's.
  const unitId = r.action?.ownerUnitId ?? r.risk?.ownerUnitId ?? r.process?.ownerUnitId ?? "";
  return { indicatorId: null, processId: r.processId, unitId, riskId: r.riskId, actionId: r.actionId };
}

/** Alerts of these processes / units (as `contextOfAlert` places them); absent filters match all. */
export function subjectFilterWhere(filter: { processIds?: string[] | null; unitIds?: string[] | null }): Prisma.AlertWhereInput {
  const and: Prisma.AlertWhereInput[] = [];
  if (filter.processIds) {
    and.push({ OR: [{ indicator: { processId: { in: filter.processIds } } }, { indicatorId: null, processId: { in: filter.processIds } }] });
  }
  if (filter.unitIds) {
    const units = { in: filter.unitIds };
    and.push({
      OR: [
        { indicator: { process: { ownerUnitId: units } } },
        { indicatorId: null, action: { ownerUnitId: units } },
        { indicatorId: null, actionId: null, risk: { ownerUnitId: units } },
        { indicatorId: null, actionId: null, riskId: null, process: { ownerUnitId: units } },
      ],
    });
  }
  return and.length ? { AND: and } : {};
}

/** The type-level read rule of an alert (access/visible.ts), for a row or an event message. */
export const alertVisible = (ctx: Context, a: AlertPlace): boolean | Promise<boolean> => ALERT_READ_RULE(a, ctx);

/** An alert event message the viewer may receive. */
export const messageVisible = (ctx: Context, m: AlertEventMessage) => alertVisible(ctx, m);
