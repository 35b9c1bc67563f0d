/**
 * The delivery outbox (§6.2.2): every message to send is a `notification_delivery` row written in
 * the same transaction as the alert event that causes it, so a committed event always has its
 * messages and a rolled-back one has none. The worker (`worker.ts`) sends them.
 */
import type { Prisma, Tx } from "../../lib/db.js";
import { ALERT_CONTEXT_SELECT, contextOfAlert } from "../alerting/subjects.js";
import { inhibitingCriticals, inhibitorOf, markInhibited } from "./inhibition.js";
import { type MuteTiming, unmutedFrom } from "./mute.js";
import { dueAt, groupKey, matches, NOTIFIED_EVENT_TYPES, type RoutedEvent, type RoutingPolicy } from "./routing.js";

/** How long a message is retried before it is given up as FAILED: `DELIVERY_GIVE_UP_SECONDS`, default one day. */
export function giveUpSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.DELIVERY_GIVE_UP_SECONDS ?? 86_400);
  return Number.isFinite(v) && v > 0 ? v : 86_400;
}

const POLICY_SELECT = {
  id: true,
  contactPointId: true,
  levels: true,
  sources: true,
  processIds: true,
  unitIds: true,
  riskCategories: true,
  groupBy: true,
  groupWaitSeconds: true,
  groupIntervalSeconds: true,
  repeatIntervalSeconds: true,
  muteTimings: true,
} as const;

/** The enabled policies, in order. */
export async function loadPolicies(tx: Tx): Promise<(RoutingPolicy & { muteTimings: MuteTiming[] })[]> {
  const rows = await tx.notificationPolicy.findMany({ where: { enabled: true }, orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: POLICY_SELECT });
  return rows.map((r) => ({ ...r, muteTimings: (r.muteTimings ?? []) as MuteTiming[] }));
}

/**
 * Writes the outbox rows for the alert events with these ids, in the caller's transaction (the
 * one that appended the events). Silenced alerts, inhibited warnings and events not worth a
 * message (acknowledgements, assignments) get none.
 */
export async function enqueueNotifications(tx: Tx, eventIds: bigint[], now = new Date()): Promise<number> {
  if (eventIds.length === 0) return 0;
  const events = await tx.alertEvent.findMany({
    where: { id: { in: eventIds }, type: { in: [...NOTIFIED_EVENT_TYPES] as never } },
    orderBy: { id: "asc" },
    select: {
      id: true,
      type: true,
      level: true,
      alert: { select: { id: true, silenced: true, ...ALERT_CONTEXT_SELECT, risk: { select: { ownerUnitId: true, category: true } } } },
    },
  });
  const routed: RoutedEvent[] = events.map((e) => {
    const ctx = contextOfAlert(e.alert);
    return {
      eventId: String(e.id),
      alertId: e.alert.id,
      type: e.type,
      level: e.level,
      source: e.alert.source,
      indicatorId: ctx.indicatorId,
      processId: ctx.processId,
      unitId: ctx.unitId,
      riskCategory: e.alert.risk?.category ?? null,
      silenced: e.alert.silenced,
    };
  });
  const critical = await inhibitingCriticals(
    tx,
    routed.filter((e) => e.level === "WARNING" && e.indicatorId).map((e) => e.indicatorId!),
  );
  // The decision is kept on the event: feeds and the wall show what routing decided (§6.2.2).
  const inhibitedBy = new Map(routed.map((e) => [e.eventId, inhibitorOf(e, critical)] as const));
  await markInhibited(tx, inhibitedBy);
  const policies = await loadPolicies(tx);
  if (policies.length === 0) return 0;
  const rows: Prisma.NotificationDeliveryCreateManyInput[] = [];
  const groups = new Map<string, Date>();
  const giveUp = new Date(now.getTime() + giveUpSeconds() * 1000);
  for (const e of routed) {
    if (e.silenced || inhibitedBy.get(e.eventId)) continue;
    for (const p of policies) {
      if (!matches(p, e)) continue;
      const key = groupKey(p.groupBy, e);
      const groupId = `${p.id}|${key}`;
      let at = groups.get(groupId);
      if (!at) {
        // Mute timings: a message due in quiet hours, a weekend or a holiday waits for their end.
        at = unmutedFrom(dueAt(p, await groupState(tx, p.id, key), now), p.muteTimings);
        groups.set(groupId, at);
      }
      rows.push({
        contactPointId: p.contactPointId,
        policyId: p.id,
        alertId: e.alertId,
        alertEventId: BigInt(e.eventId),
        groupKey: key,
        reason: e.type,
        nextAttemptAt: at,
        giveUpAt: new Date(Math.max(giveUp.getTime(), at.getTime() + giveUpSeconds() * 1000)),
        dedupeKey: `${p.id}:${e.eventId}`,
      });
    }
  }
  if (rows.length === 0) return 0;
  const { count } = await tx.notificationDelivery.createMany({ data: rows, skipDuplicates: true });
  return count;
}

/** A group's waiting message and last sent one. */
async function groupState(tx: Tx, policyId: string, key: string) {
  const [pending, sent] = await Promise.all([
    tx.notificationDelivery.findFirst({ where: { policyId, groupKey: key, status: "PENDING", attempts: 0 }, orderBy: { nextAttemptAt: "asc" }, select: { nextAttemptAt: true } }),
    tx.notificationDelivery.findFirst({ where: { policyId, groupKey: key, status: "SENT" }, orderBy: { sentAt: "desc" }, select: { sentAt: true } }),
  ]);
  return { pendingAt: pending?.nextAttemptAt ?? null, lastSentAt: sent?.sentAt ?? null };
}
