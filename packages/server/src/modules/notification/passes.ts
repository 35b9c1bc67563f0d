/**
 * Messages not caused by a new alert event, written by the worker's timer: repeats of alerts still
 * firing (a policy's repeat interval) and escalation steps of unacknowledged CRITICAL alerts
 * (§2.1.2). Each row's `dedupeKey` names what caused it, so replicas running the same pass write
 * it once.
 */
import { Prisma, type PrismaClient } from "../../lib/db.js";
import { giveUpSeconds } from "./outbox.js";
import { type EscalationStep, policyFor, stepsDue } from "./escalation.js";
import { repeatDue } from "./routing.js";

const iso = (d: Date) => Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

/** Repeats the latest message of each (policy, alert) still FIRING once its repeat interval has passed. */
export async function enqueueRepeats(prisma: PrismaClient, now: Date): Promise<number> {
  const rows = await prisma.$queryRaw<{ id: string; contact_point_id: string; policy_id: string; alert_id: string; group_key: string; sent_at: Date; repeat: number }[]>(Prisma.sql`
    SELECT d.id, d.contact_point_id, d.policy_id, d.alert_id, d.group_key, d.sent_at, p.repeat_interval_seconds AS repeat
    FROM notification_delivery d
    JOIN notification_policy p ON p.id = d.policy_id AND p.enabled AND p.repeat_interval_seconds > 0
    JOIN alert a ON a.id = d.alert_id AND a.state = 'FIRING' AND NOT a.silenced
    WHERE d.status = 'SENT' AND d.reason <> 'RESOLVED' AND d.sent_at IS NOT NULL
      AND d.sent_at <= ${iso(now)} - make_interval(secs => p.repeat_interval_seconds)
      AND NOT EXISTS (SELECT 1 FROM notification_delivery n WHERE n.policy_id = d.policy_id AND n.alert_id = d.alert_id AND (n.created_at, n.id) > (d.created_at, d.id))
    LIMIT 500`);
  const due = rows.filter((r) => repeatDue(new Date(r.sent_at), r.repeat, now));
  if (due.length === 0) return 0;
  const { count } = await prisma.notificationDelivery.createMany({
    data: due.map((r) => ({
      contactPointId: r.contact_point_id,
      policyId: r.policy_id,
      alertId: r.alert_id,
      groupKey: r.group_key,
      reason: "REPEAT",
      nextAttemptAt: now,
      giveUpAt: new Date(now.getTime() + giveUpSeconds() * 1000),
      dedupeKey: `repeat:${r.id}`,
    })),
    skipDuplicates: true,
  });
  return count;
}

/** Writes the escalation steps that have come due for CRITICAL alerts nobody acknowledged (§2.1.2). */
export async function enqueueEscalations(prisma: PrismaClient, now: Date): Promise<number> {
  const policies = (await prisma.escalationPolicy.findMany({ where: { enabled: true }, orderBy: { createdAt: "asc" } })).map((p) => ({
    ...p,
    steps: p.steps as unknown as EscalationStep[],
  }));
  if (policies.length === 0) return 0;
  // Since when each open CRITICAL, unacknowledged alert has been critical: its first CRITICAL event.
  const alerts = await prisma.$queryRaw<{ id: string; category: string | null; since: Date }[]>(Prisma.sql`
    SELECT a.id, COALESCE(ip.category, p.category)::text AS category, MIN(e.at) AS since
    FROM alert a
    JOIN alert_event e ON e.alert_id = a.id AND e.level = 'CRITICAL' AND e.type IN ('FIRED', 'ESCALATED', 'REFIRED')
    LEFT JOIN indicator i ON i.id = a.indicator_id
    LEFT JOIN process ip ON ip.id = i.process_id
    LEFT JOIN process p ON p.id = a.process_id
    WHERE a.state = 'FIRING' AND a.level = 'CRITICAL' AND NOT a.silenced AND e.at >= a.started_at
    GROUP BY a.id, ip.category, p.category
    LIMIT 1000`);
  const data: Prisma.NotificationDeliveryCreateManyInput[] = [];
  for (const a of alerts) {
    const policy = policyFor(policies, a.category);
    if (!policy) continue;
    const since = new Date(a.since);
    for (const i of stepsDue(policy.steps, since, now)) {
      data.push({
        contactPointId: policy.steps[i]!.contactPointId,
        alertId: a.id,
        groupKey: `escalation=${a.id}`,
        reason: "ESCALATION",
        nextAttemptAt: now,
        giveUpAt: new Date(now.getTime() + giveUpSeconds() * 1000),
        dedupeKey: `escalation:${a.id}:${since.toISOString()}:${i}`,
      });
    }
  }
  if (data.length === 0) return 0;
  const { count } = await prisma.notificationDelivery.createMany({ data, skipDuplicates: true });
  return count;
}
