/**
 * Warnings from conditions, not readings (§4.2.2 an overdue inspection, §4.3.3 / §4.4.2 an
 * overdue rectification or improvement, §5.2.2 a high risk without an approved contingency plan).
 * Such an alert has a source and a subject instead of a rule and an indicator, and goes through
 * the same lifecycle, event log and subscriptions as a reading's.
 *
 * Every server replica may run the checks at the same moment: opening is an
 * `INSERT ... ON CONFLICT (open_subject_key) DO NOTHING` and clearing an
 * `UPDATE ... WHERE open_subject_key = ... RETURNING`, so each alert fires once and resolves once
 * whoever gets there first; the loser changes nothing and publishes nothing.
 */
import { PLAN_REQUIRED_LEVELS } from "../risk/matrix.js";
import { randomUUID } from "node:crypto";
import type { AlertSource } from "../../generated/prisma/enums.js";
import { Prisma, type PrismaClient, type Tx } from "../../lib/db.js";
import type { AlertEventMessage } from "../../lib/pubsub.js";
import { alertContexts, appendAlertEvents, type PendingEvent } from "./engine/events.js";
import { sortByEventId } from "./publish.js";
import type { AlertLevel } from "./rules.js";
import { TX_OPTIONS } from "./engine/store.js";
import { overdueReviews } from "../risk/cadence.js";

/** A condition that holds for one subject: what its alert says and where it belongs. */
export interface Condition {
  source: Exclude<AlertSource, "THRESHOLD_RULE">;
  /** The plan, action or risk the condition is about; with `source`, the open alert's key. */
  subjectId: string;
  level: AlertLevel;
  message: string;
  processId?: string | null;
  planId?: string | null;
  actionId?: string | null;
  riskId?: string | null;
}

/** A time for a `timestamp(3)` (UTC) column, whatever the session's time zone. */
const utc = (d: Date) => Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

/** The unique key of the open alert of a condition: one open alert per (source, subject). */
export const conditionKey = (source: Condition["source"], subjectId: string) => `${source}:${subjectId}`;

/**
 * Opens the condition's alert unless one is open; returns the FIRED event to append, or null.
 * The alert is marked silenced while a silence covers its process.
 */
export async function openCondition(tx: Tx, c: Condition, now: Date): Promise<PendingEvent | null> {
  const silenced = c.processId ? (await tx.silence.count({ where: { processId: c.processId, startsAt: { lte: now }, endsAt: { gt: now } } })) > 0 : false;
  const rows = await tx.$queryRaw<{ id: string }[]>(Prisma.sql`
    INSERT INTO alert (id, source, open_subject_key, process_id, plan_id, action_id, risk_id, level, state, message,
                       silenced, started_at, last_fired_at, updated_at)
    VALUES (${randomUUID()}, ${c.source}::"AlertSource", ${conditionKey(c.source, c.subjectId)}, ${c.processId ?? null},
            ${c.planId ?? null}, ${c.actionId ?? null}, ${c.riskId ?? null}, ${c.level}::"AlertLevel", 'FIRING', ${c.message},
            ${silenced}, ${utc(now)}, ${utc(now)}, ${utc(now)})
    ON CONFLICT (open_subject_key) DO NOTHING
    RETURNING id`);
  if (rows.length === 0) return null;
  return { alertId: rows[0].id, type: "FIRED", level: c.level, state: "FIRING", note: c.message, at: now };
}

/** Resolves the open alert of (source, subject), if any; returns the RESOLVED event to append. */
export async function clearCondition(tx: Tx, source: Condition["source"], subjectId: string, now: Date, note: string): Promise<PendingEvent | null> {
  const rows = await tx.$queryRaw<{ id: string; level: AlertLevel }[]>(Prisma.sql`
    UPDATE alert SET state = 'RESOLVED', open_subject_key = NULL, resolved_at = ${utc(now)}, updated_at = ${utc(now)}
    WHERE open_subject_key = ${conditionKey(source, subjectId)}
    RETURNING id, level::text AS level`);
  if (rows.length === 0) return null;
  return { alertId: rows[0].id, type: "RESOLVED", level: rows[0].level, state: "RESOLVED", note, at: now };
}

/** Appends the events (none: nothing) with their graph context; call last in the transaction. */
export async function appendConditionEvents(tx: Tx, events: (PendingEvent | null)[]): Promise<AlertEventMessage[]> {
  const pending = events.filter((e): e is PendingEvent => e !== null);
  if (pending.length === 0) return [];
  const ctx = await alertContexts(
    tx,
    pending.map((e) => e.alertId),
  );
  return appendAlertEvents(tx, pending, (id) => ctx.get(id)!);
}

const fmt = (d: Date) => d.toISOString().slice(0, 10);

/** Active plans past their due date (§4.2.2). */
async function overduePlans(prisma: PrismaClient, now: Date): Promise<Condition[]> {
  const plans = await prisma.monitoringPlan.findMany({
    where: { active: true, nextDueAt: { lt: now }, process: { archivedAt: null } },
    select: { id: true, processId: true, method: true, nextDueAt: true, process: { select: { code: true } } },
  });
  return plans.map((p) => ({
    source: "MONITORING_PLAN_OVERDUE",
    subjectId: p.id,
    level: "WARNING",
    processId: p.processId,
    planId: p.id,
    message: `${p.process.code}: the ${p.method.toLowerCase().replace(/_/g, " ")} due ${fmt(p.nextDueAt!)} has not been recorded.`,
  }));
}

/** Open actions past their deadline (§4.3.3, §4.4.2). */
async function overdueActions(prisma: PrismaClient, now: Date): Promise<Condition[]> {
  const actions = await prisma.action.findMany({
    where: { status: { in: ["OPEN", "IN_PROGRESS"] }, deadline: { lt: now } },
    select: { id: true, kind: true, title: true, deadline: true, processId: true, review: { select: { incident: { select: { riskId: true } } } } },
  });
  return actions.map((a) => ({
    source: "ACTION_OVERDUE",
    subjectId: a.id,
    level: a.kind === "RECTIFICATION" ? "CRITICAL" : "WARNING",
    processId: a.processId,
    actionId: a.id,
    riskId: a.processId ? null : (a.review?.incident.riskId ?? null),
    message: `${a.kind === "RECTIFICATION" ? "Rectification" : "Improvement"} "${a.title}" was due ${fmt(a.deadline!)} and is not done.`,
  }));
}

/** High and extreme risks without an approved contingency plan (§5.2.2). */
async function risksWithoutPlan(prisma: PrismaClient): Promise<Condition[]> {
  const risks = await prisma.risk.findMany({
    where: {
      archivedAt: null,
      status: { not: "CLOSED" },
      currentLevel: { in: [...PLAN_REQUIRED_LEVELS] },
      contingencyPlans: { none: { status: "APPROVED" } },
    },
    select: { id: true, code: true, currentLevel: true },
  });
  return risks.map((r) => ({
    source: "RISK_WITHOUT_PLAN",
    subjectId: r.id,
    level: r.currentLevel === "EXTREME" ? "CRITICAL" : "WARNING",
    riskId: r.id,
    message: `${r.code}: a ${r.currentLevel!.toLowerCase()} risk without an approved contingency plan (§5.2.2).`,
  }));
}

const CLEARED: Record<Condition["source"], string> = {
  MONITORING_PLAN_OVERDUE: "The inspection was recorded, or the plan changed; no longer overdue.",
  ACTION_OVERDUE: "The action is done, or its deadline moved; no longer overdue.",
  RISK_WITHOUT_PLAN: "The risk has an approved contingency plan, or is no longer high.",
  RISK_REVIEW_OVERDUE: "The risk was reviewed.",
};

/** The sources this module checks (RISK_REVIEW_OVERDUE: the risk module's review cadence). */
const CHECKED: Condition["source"][] = ["MONITORING_PLAN_OVERDUE", "ACTION_OVERDUE", "RISK_WITHOUT_PLAN", "RISK_REVIEW_OVERDUE"];

/**
 * One pass of the condition checks at `now`: opens the alert of every condition that holds and
 * has none, resolves every open condition alert whose condition no longer holds. Returns the
 * events appended (in id order) for the caller to publish after commit.
 */
export async function checkConditions(prisma: PrismaClient, now: Date = new Date()): Promise<{ events: AlertEventMessage[] }> {
  const holding = [...(await overduePlans(prisma, now)), ...(await overdueActions(prisma, now)), ...(await risksWithoutPlan(prisma)), ...(await overdueReviews(prisma, now))];
  const held = new Set(holding.map((c) => conditionKey(c.source, c.subjectId)));
  const open = await prisma.alert.findMany({
    where: { source: { in: CHECKED }, openSubjectKey: { not: null } },
    select: { openSubjectKey: true },
  });
  const openKeys = new Set(open.map((a) => a.openSubjectKey!));
  const events: AlertEventMessage[] = [];
  for (const c of holding) {
    if (openKeys.has(conditionKey(c.source, c.subjectId))) continue;
    events.push(...(await prisma.$transaction(async (tx) => appendConditionEvents(tx, [await openCondition(tx, c, now)]), TX_OPTIONS)));
  }
  for (const key of openKeys) {
    if (held.has(key)) continue;
    const [source, subjectId] = key.split(/:(.*)/s) as [Condition["source"], string];
    events.push(...(await prisma.$transaction(async (tx) => appendConditionEvents(tx, [await clearCondition(tx, source, subjectId, now, CLEARED[source])]), TX_OPTIONS)));
  }
  return { events: sortByEventId(events) };
}
