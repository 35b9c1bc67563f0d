/**
 * The delivery outbox (§6.2.2): every message to send is a `notification_delivery` row written in
 * the same transaction as the alert event that causes it, so a committed event always has its
 * messages and a rolled-back one has none. The worker (`worker.ts`) sends them.
 */
import { Prisma } from "../../lib/db.js";
import type { Sql } from "../../lib/sql.js";
import { newAlertId } from "../alerting/engine/alert-changes.js";
import { epochMs } from "../alerting/engine/store.js";
import { inhibitorOf, inhibitorsFrom, markInhibited } from "./inhibition.js";
import { type MuteTiming, unmutedFrom } from "./mute.js";
import { dueAt, groupKey, matches, NOTIFIED_EVENT_TYPES, type RoutedEvent, type RoutingPolicy } from "./routing.js";

/** How long a message is retried before it is given up as FAILED: `DELIVERY_GIVE_UP_SECONDS`, default one day. */
export function giveUpSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.DELIVERY_GIVE_UP_SECONDS ?? 86_400);
  return Number.isFinite(v) && v > 0 ? v : 86_400;
}

type Policy = RoutingPolicy & { muteTimings: MuteTiming[] };

/** What routing reads, as JSON text, in the statement that appends the events (`outboxReadsSql`). */
export interface OutboxReads {
  /** The notified events with their alert's place: `RoutedEvent` tuples in id order. */
  routed: string;
  /** The open CRITICAL alerts of the indicators of the WARNING events among them, oldest first. */
  criticals: string;
  /** The enabled policies in order (none read when no event is worth a message). */
  policies: string;
}

const NOTIFIED = Prisma.join([...NOTIFIED_EVENT_TYPES].map((t) => Prisma.sql`${Prisma.raw(`'${t}'`)}`));

/**
 * The outbox's reads as columns of the statement that appends the events, over its CTE `events`
 * (id, alert_id, type, level of the rows it inserted): the events worth a message with their
 * alert's place (as `contextOfAlert` places it, alerting/subjects.ts), the open CRITICAL alerts
 * that inhibit their warnings (`inhibitingCriticals`, notification/inhibition.ts) and the
 * enabled policies (`loadPolicies`). One statement instead of three more round trips, under the
 * same snapshot the three had: the transaction's own writes are visible, the appended rows are
 * read from the CTE.
 */
export function outboxReadsSql(events: string): Prisma.Sql {
  const e = Prisma.raw(events);
  return Prisma.sql`
    (SELECT coalesce(json_agg(json_build_array(
              e.id::text, a.id, e.type::text, e.level::text, a.source::text,
              CASE WHEN i.id IS NOT NULL THEN a.indicator_id END,
              CASE WHEN i.id IS NOT NULL THEN i.process_id ELSE a.process_id END,
              CASE WHEN i.id IS NOT NULL THEN ip.owner_unit_id ELSE coalesce(ac.owner_unit_id, rk.owner_unit_id, p.owner_unit_id, '') END,
              rk.category::text, a.silenced) ORDER BY e.id), '[]')
     FROM ${e} e JOIN alert a ON a.id = e.alert_id
     LEFT JOIN indicator i ON i.id = a.indicator_id LEFT JOIN process ip ON ip.id = i.process_id
     LEFT JOIN process p ON p.id = a.process_id LEFT JOIN action ac ON ac.id = a.action_id LEFT JOIN risk rk ON rk.id = a.risk_id
     WHERE e.type::text IN (${NOTIFIED}))::text AS routed,
    (SELECT coalesce(json_agg(json_build_array(c.id, c.indicator_id) ORDER BY c.started_at, c.id), '[]')
     FROM alert c
     WHERE c.level = 'CRITICAL' AND c.state IN ('FIRING', 'ACKNOWLEDGED')
       AND c.indicator_id IN (SELECT a.indicator_id FROM ${e} e JOIN alert a ON a.id = e.alert_id JOIN indicator i ON i.id = a.indicator_id
                              WHERE e.level = 'WARNING' AND e.type::text IN (${NOTIFIED})))::text AS criticals,
    (SELECT coalesce(json_agg(json_build_array(n.id, n.contact_point_id, n.levels::text[], n.sources::text[], n.process_ids, n.unit_ids,
                                               n.risk_categories::text[], n.group_by, n.group_wait_seconds, n.group_interval_seconds,
                                               n.repeat_interval_seconds, n.mute_timings) ORDER BY n.position, n.created_at), '[]')
     FROM notification_policy n
     WHERE n.enabled AND EXISTS (SELECT 1 FROM ${e} e WHERE e.type::text IN (${NOTIFIED})))::text AS policies`;
}

type RoutedTuple = [string, string, string, string, string, string | null, string | null, string, string | null, boolean];
type PolicyTuple = [string, string, string[], string[], string[], string[], string[], string[], number, number, number, MuteTiming[] | null];

/**
 * Writes the outbox rows for the appended events whose routing reads are `reads`, in the caller's
 * transaction (the one that appended the events). Silenced alerts, inhibited warnings and events
 * not worth a message (acknowledgements, assignments) get none.
 */
export async function enqueueNotifications(sql: Sql, reads: OutboxReads, now = new Date()): Promise<number> {
  const routed: RoutedEvent[] = (JSON.parse(reads.routed) as RoutedTuple[]).map(
    ([eventId, alertId, type, level, source, indicatorId, processId, unitId, riskCategory, silenced]) => ({
      eventId,
      alertId,
      type,
      level,
      source,
      indicatorId,
      processId,
      unitId,
      riskCategory,
      silenced,
    }),
  );
  if (routed.length === 0) return 0;
  const critical = inhibitorsFrom((JSON.parse(reads.criticals) as [string, string][]).map(([id, indicatorId]) => ({ id, indicatorId })));
  // The decision is kept on the event: feeds and the wall show what routing decided (§6.2.2).
  const inhibitedBy = new Map(routed.map((e) => [e.eventId, inhibitorOf(e, critical)] as const));
  await markInhibited(sql, inhibitedBy);
  const policies: Policy[] = (JSON.parse(reads.policies) as PolicyTuple[]).map(
    ([id, contactPointId, levels, sources, processIds, unitIds, riskCategories, groupBy, groupWaitSeconds, groupIntervalSeconds, repeatIntervalSeconds, muteTimings]) => ({
      id,
      contactPointId,
      levels,
      sources,
      processIds,
      unitIds,
      riskCategories,
      groupBy,
      groupWaitSeconds,
      groupIntervalSeconds,
      repeatIntervalSeconds,
      muteTimings: muteTimings ?? [],
    }),
  );
  if (policies.length === 0) return 0;
  const rows: { policy: Policy; e: RoutedEvent; key: string; at: Date; giveUpAt: Date }[] = [];
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
        at = unmutedFrom(dueAt(p, await groupState(sql, p.id, key), now), p.muteTimings);
        groups.set(groupId, at);
      }
      rows.push({ policy: p, e, key, at, giveUpAt: new Date(Math.max(giveUp.getTime(), at.getTime() + giveUpSeconds() * 1000)) });
    }
  }
  if (rows.length === 0) return 0;
  // A second replica's or a retried transaction's copy of a row (same dedupe key) is dropped.
  const [{ n }] = await sql<{ n: number }>(Prisma.sql`
    WITH added AS (
      INSERT INTO notification_delivery (id, contact_point_id, policy_id, alert_id, alert_event_id, group_key, reason, next_attempt_at, give_up_at, dedupe_key)
      SELECT u.id, u.contact_point_id, u.policy_id, u.alert_id, u.alert_event_id::bigint, u.group_key, u.reason,
             (u.next_attempt_at::timestamptz AT TIME ZONE 'UTC'), (u.give_up_at::timestamptz AT TIME ZONE 'UTC'), u.dedupe_key
      FROM unnest(
        ${rows.map(() => newAlertId())}::text[],
        ${rows.map((r) => r.policy.contactPointId)}::text[],
        ${rows.map((r) => r.policy.id)}::text[],
        ${rows.map((r) => r.e.alertId)}::text[],
        ${rows.map((r) => r.e.eventId)}::text[],
        ${rows.map((r) => r.key)}::text[],
        ${rows.map((r) => r.e.type)}::text[],
        ${rows.map((r) => r.at.toISOString())}::text[],
        ${rows.map((r) => r.giveUpAt.toISOString())}::text[],
        ${rows.map((r) => `${r.policy.id}:${r.e.eventId}`)}::text[]
      ) AS u(id, contact_point_id, policy_id, alert_id, alert_event_id, group_key, reason, next_attempt_at, give_up_at, dedupe_key)
      ON CONFLICT DO NOTHING
      RETURNING 1
    )
    SELECT count(*)::int AS n FROM added`);
  return Number(n);
}

/** A group's waiting message and last sent one. */
async function groupState(sql: Sql, policyId: string, key: string) {
  const [row] = await sql<{ pending_at: number | null; sent_at: number | null }>(Prisma.sql`
    SELECT (SELECT ${epochMs("d.next_attempt_at")} FROM notification_delivery d
            WHERE d.policy_id = ${policyId} AND d.group_key = ${key} AND d.status = 'PENDING' AND d.attempts = 0
            ORDER BY d.next_attempt_at ASC LIMIT 1) AS pending_at,
           (SELECT ${epochMs("d.sent_at")} FROM notification_delivery d
            WHERE d.policy_id = ${policyId} AND d.group_key = ${key} AND d.status = 'SENT'
            ORDER BY d.sent_at DESC LIMIT 1) AS sent_at`);
  return { pendingAt: row.pending_at == null ? null : new Date(Number(row.pending_at)), lastSentAt: row.sent_at == null ? null : new Date(Number(row.sent_at)) };
}
