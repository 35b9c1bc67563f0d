/**
 * The AlertEvent log (§5.3.2): append-only, its bigint id is the cursor a subscriber resumes
 * from. Appending takes one transaction-scoped advisory lock so that events commit in id order
 * across concurrent transactions: a reader that has seen id X never later finds a committed event
 * with an id below X that it missed.
 */
import { Prisma, type PrismaClient, type Tx } from "../../../lib/db.js";
import { badInput } from "../../../lib/errors.js";
import type { AlertEventMessage } from "../../../lib/pubsub.js";
import type { AlertLevel, AlertState } from "../rules.js";
import { ALERT_CONTEXT_SELECT, contextOfAlert, subjectFilterWhere } from "../subjects.js";
import { prismaSql, type Sql } from "../../../lib/sql.js";
import { enqueueNotifications, type OutboxReads, outboxReadsSql } from "../../notification/outbox.js";

export type AlertEventType = "FIRED" | "ESCALATED" | "DEESCALATED" | "ACKNOWLEDGED" | "ACK_EXPIRED" | "ASSIGNED" | "RESOLVED" | "REFIRED";

/** The advisory lock key that serialises AlertEvent appends (arbitrary, fixed, "CRAE"). */
export const ALERT_EVENT_LOCK_KEY = 0x43524145;

/** Where an alert sits in the graph: what a subscriber filters on. */
export interface AlertContext {
  indicatorId: string | null;
  processId: string | null;
  unitId: string;
  riskId?: string | null;
  actionId?: string | null;
}

/** An event to append, before it has an id. */
export interface PendingEvent {
  alertId: string;
  type: AlertEventType;
  level: AlertLevel;
  state: AlertState;
  value?: number | null;
  actorId?: string | null;
  note?: string | null;
  at?: Date;
}

/**
 * Appends events in the given order under the append lock and returns their messages in id
 * order. Call it last in a transaction, after every row lock the transaction needs, so the
 * global lock is held only for the insert and the commit.
 *
 * The lock (`pg_advisory_xact_lock`, held until the end of the transaction) is taken by the
 * statement that inserts the events, in a materialised CTE every inserted row is joined with:
 * no event row, and so no id from the sequence, exists before the lock is held. The same
 * statement reads what the outbox routes the events by (notification/outbox.ts `outboxReadsSql`:
 * the events' alerts and their place, the open criticals that inhibit them, the enabled
 * policies), so a batch whose events match no policy appends them in one round trip.
 *
 * `on`: the transaction's statements on the driver (the ingest's, lib/sql.ts) or a Prisma
 * interactive transaction (the scheduler's, alert actions').
 */
export async function appendAlertEvents(on: Sql | Tx, events: PendingEvent[], contextOf: (alertId: string) => AlertContext): Promise<AlertEventMessage[]> {
  if (events.length === 0) return [];
  const sql = typeof on === "function" ? on : prismaSql(on);
  // One set-based INSERT: the global lock is held for as short a time as possible.
  const [row] = await sql<{ appended: string } & OutboxReads>(Prisma.sql`
    WITH append_lock AS MATERIALIZED (SELECT pg_advisory_xact_lock(${Prisma.raw(String(ALERT_EVENT_LOCK_KEY))}) AS locked
    ), appended AS (
    INSERT INTO alert_event (alert_id, type, at, level, state, value, actor_id, note)
    SELECT u.alert_id, u.type::"AlertEventType", (u.at::timestamptz AT TIME ZONE 'UTC'), u.level::"AlertLevel",
           u.state::"AlertState", u.value, u.actor_id, u.note
    FROM append_lock CROSS JOIN unnest(
      ${events.map((e) => e.alertId)}::text[],
      ${events.map((e) => e.type)}::text[],
      ${events.map((e) => (e.at ?? new Date()).toISOString())}::text[],
      ${events.map((e) => e.level)}::text[],
      ${events.map((e) => e.state)}::text[],
      ${events.map((e) => e.value ?? null)}::float8[],
      ${events.map((e) => e.actorId ?? null)}::text[],
      ${events.map((e) => e.note ?? null)}::text[]
    ) WITH ORDINALITY AS u(alert_id, type, at, level, state, value, actor_id, note, n)
    ORDER BY u.n
    RETURNING id, alert_id, type, level)
    SELECT (SELECT coalesce(json_agg(json_build_array(id::text, alert_id, level::text) ORDER BY id), '[]') FROM appended)::text AS appended,
           ${outboxReadsSql("appended")}`);
  // §6.2.2: the messages these events cause are written in this same transaction (the outbox).
  await enqueueNotifications(sql, row);
  return (JSON.parse(row.appended) as [string, string, AlertLevel][]).map(([id, alertId, level]) => toAlertEventMessage({ id, alertId, level, ...contextOf(alertId) }));
}

/** The pub/sub message of an AlertEvent: it carries everything a subscriber's filter needs. */
export function toAlertEventMessage(e: { id: bigint | string; alertId: string; level: AlertLevel } & AlertContext): AlertEventMessage {
  return {
    id: String(e.id),
    alertId: e.alertId,
    indicatorId: e.indicatorId,
    processId: e.processId,
    unitId: e.unitId,
    riskId: e.riskId ?? null,
    actionId: e.actionId ?? null,
    level: e.level,
  };
}

/** Loads the graph context (indicator, process, owner unit) of alerts by id. */
export async function alertContexts(tx: Tx, alertIds: string[]): Promise<Map<string, AlertContext>> {
  const rows = await tx.alert.findMany({ where: { id: { in: [...new Set(alertIds)] } }, select: { id: true, ...ALERT_CONTEXT_SELECT } });
  return new Map(rows.map((r) => [r.id, contextOfAlert(r)]));
}

export interface AlertEventFilter {
  processIds?: string[] | null;
  unitIds?: string[] | null;
  /**
   * Levels of the events (an escalation of a warning is a CRITICAL event), the same live and on
   * replay (§5.3.2).
   */
  levels?: AlertLevel[] | null;
}

/** A replayed AlertEvent with its place in the graph. */
export interface AlertEventRecord extends AlertContext {
  id: bigint;
  alertId: string;
  type: AlertEventType;
  at: Date;
  level: AlertLevel;
  state: AlertState;
  value: number | null;
  actorId: string | null;
  note: string | null;
  alertLevel: AlertLevel;
}

export const MAX_REPLAY = 1000;

/**
 * The AlertEvent log after a cursor, in id order (§5.3.2: no warning is lost across a
 * reconnect). `afterId` null starts at the beginning. Filters select events by process, by the
 * process owner unit, and by event level, as `messageMatches` does for live events; empty arrays
 * match nothing, absent filters match all.
 */
export async function alertEventsAfter(prisma: PrismaClient | Tx, afterId: bigint | null, filter: AlertEventFilter = {}, limit = 100): Promise<AlertEventRecord[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_REPLAY) {
    throw badInput(`limit must be an integer between 1 and ${MAX_REPLAY}.`, "limit");
  }
  if (afterId != null && afterId < 0n) throw badInput("The cursor must not be negative.", "afterId");
  const rows = await prisma.alertEvent.findMany({
    where: {
      ...(afterId != null ? { id: { gt: afterId } } : {}),
      ...(filter.levels ? { level: { in: filter.levels } } : {}),
      alert: {
        ...subjectFilterWhere(filter),
      },
    },
    orderBy: { id: "asc" },
    take: limit,
    include: {
      alert: { select: { level: true, ...ALERT_CONTEXT_SELECT } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    alertId: r.alertId,
    type: r.type,
    at: r.at,
    level: r.level,
    state: r.state,
    value: r.value,
    actorId: r.actorId,
    note: r.note,
    alertLevel: r.alert.level,
    ...contextOfAlert(r.alert),
  }));
}

/**
 * Whether an event passes a subscriber's filter: the one predicate for live and replayed events
 * (§5.3.2), on what the message carries, with no query per event.
 */
export function messageMatches(message: AlertEventMessage, filter: AlertEventFilter): boolean {
  if (filter.processIds && (message.processId == null || !filter.processIds.includes(message.processId))) return false;
  if (filter.unitIds && !filter.unitIds.includes(message.unitId)) return false;
  if (filter.levels && !filter.levels.includes(message.level)) return false;
  return true;
}

/** The largest id a bigint column holds. */
const MAX_EVENT_ID = 2n ** 63n - 1n;

/** Parses a cursor given as a decimal string (as messages carry it). */
export function parseCursor(cursor: string | null | undefined): bigint | null {
  if (cursor == null || cursor === "") return null;
  if (!/^\d{1,19}$/.test(cursor) || BigInt(cursor) > MAX_EVENT_ID) {
    throw badInput(`after: the event cursor must be an integer between 0 and ${MAX_EVENT_ID} (the id of an event you saw).`, "after");
  }
  return BigInt(cursor);
}
