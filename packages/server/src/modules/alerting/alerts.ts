/**
 * What people do with warnings (§5.3.2 "warn the departments and people concerned", §2.1.2
 * management coordinates, §2.2.2 department heads correct deviations): acknowledge, assign,
 * resolve, silence. State machine FIRING → ACKNOWLEDGED → RESOLVED (FIRING → RESOLVED too);
 * anything else is a CONFLICT. Every change appends an AlertEvent and an audit row.
 */
import type { Alert, Silence } from "../../generated/prisma/client.js";
import { audited } from "../../lib/audit.js";
import type { PrismaClient, Tx } from "../../lib/db.js";
import { DomainError, notFound } from "../../lib/errors.js";
import type { AlertEventMessage, IndicatorStatusMessage } from "../../lib/pubsub.js";
import { alertContexts, appendAlertEvents, type PendingEvent } from "./engine/events.js";
import { isClear, isMissing } from "./rules.js";
import { lockRule, monitoringTransaction, refreshIndicatorStatus, withRetry } from "./engine/store.js";

export const MAX_NOTE_LENGTH = 2000;

export interface AlertChange {
  alert: Alert;
  /** AlertEvents appended: publish on `alertEvent` after commit. */
  events: AlertEventMessage[];
  /** The indicator's status change, when there was one: publish on `indicatorStatus`. */
  statusChanges: IndicatorStatusMessage[];
}

const bad = (message: string, field?: string) => new DomainError("BAD_USER_INPUT", message, field ? { field } : undefined);

function cleanNote(note: string | null | undefined, required: boolean): string | null {
  const n = (note ?? "").trim();
  if (required && n.length === 0) throw bad("A note is required.", "note");
  if (n.length > MAX_NOTE_LENGTH) throw bad(`A note may have at most ${MAX_NOTE_LENGTH} characters.`, "note");
  return n.length > 0 ? n : null;
}

/**
 * Locks the alert's rule (the same row lock ingest takes, so an alert never changes under a
 * running evaluation) and returns the alert as it is now.
 */
async function lockAlert(tx: Tx, alertId: string): Promise<Alert> {
  const first = await tx.alert.findUnique({ where: { id: alertId }, select: { ruleId: true } });
  if (!first) throw notFound("Alert", alertId);
  // A condition's alert has no rule: its own row is the lock the scheduled check takes too.
  if (first.ruleId) await lockRule(tx, first.ruleId);
  else await tx.$queryRaw`SELECT id FROM alert WHERE id = ${alertId} FOR UPDATE`;
  return (await tx.alert.findUnique({ where: { id: alertId } }))!;
}

async function finish(tx: Tx, alert: Alert, events: PendingEvent[], statusChanges: IndicatorStatusMessage[] = []): Promise<AlertChange> {
  const ctx = await alertContexts(tx, [alert.id]);
  const messages = await appendAlertEvents(tx, events, (id) => ctx.get(id)!);
  return { alert, events: messages, statusChanges };
}

const actorOf = (actorId: string | null | undefined) => ({ actorId: actorId ?? null, tokenId: null });

/**
 * FIRING → ACKNOWLEDGED: someone has seen the warning and is on it. With `expiresAt`, the
 * acknowledgement lapses then and the alert fires again if its condition still holds.
 */
export async function acknowledgeAlert(
  prisma: PrismaClient,
  input: { alertId: string; actorId: string; note?: string | null; expiresAt?: Date | null; now?: Date },
): Promise<AlertChange> {
  const now = input.now ?? new Date();
  const note = cleanNote(input.note, false);
  if (input.expiresAt != null && !(input.expiresAt instanceof Date && input.expiresAt.getTime() > now.getTime())) {
    throw bad("expiresAt must lie in the future.", "expiresAt");
  }
  return withRetry(() =>
    audited(prisma, actorOf(input.actorId), "acknowledgeAlert", async (tx, record) => {
      const alert = await lockAlert(tx, input.alertId);
      if (alert.state !== "FIRING") {
        throw new DomainError("CONFLICT", `Alert ${alert.id} is ${alert.state}; only a FIRING alert can be acknowledged.`, {
          state: alert.state,
        });
      }
      const updated = await tx.alert.update({
        where: { id: alert.id },
        data: { state: "ACKNOWLEDGED", acknowledgedAt: now, acknowledgedById: input.actorId, ackNote: note, ackExpiresAt: input.expiresAt ?? null },
      });
      record({
        entity: "Alert",
        entityId: alert.id,
        changes: { state: { from: alert.state, to: updated.state }, ackNote: note, ackExpiresAt: input.expiresAt ?? null },
      });
      return finish(tx, updated, [
        { alertId: alert.id, type: "ACKNOWLEDGED", level: alert.level, state: "ACKNOWLEDGED", value: alert.value, actorId: input.actorId, note, at: now },
      ]);
    }),
  );
}

/** Gives an open alert to a person (or to nobody with `assigneeId: null`). */
export async function assignAlert(prisma: PrismaClient, input: { alertId: string; actorId: string; assigneeId: string | null; now?: Date }): Promise<AlertChange> {
  const now = input.now ?? new Date();
  return withRetry(() =>
    audited(prisma, actorOf(input.actorId), "assignAlert", async (tx, record) => {
      const alert = await lockAlert(tx, input.alertId);
      if (alert.state === "RESOLVED") {
        throw new DomainError("CONFLICT", `Alert ${alert.id} is resolved; it cannot be assigned.`, { state: alert.state });
      }
      if (input.assigneeId !== null) {
        const assignee = await tx.user.findUnique({ where: { id: input.assigneeId }, select: { id: true, disabledAt: true } });
        if (!assignee || assignee.disabledAt) throw notFound("User", input.assigneeId);
      }
      const updated = await tx.alert.update({ where: { id: alert.id }, data: { assigneeId: input.assigneeId } });
      record({ entity: "Alert", entityId: alert.id, changes: { assigneeId: { from: alert.assigneeId, to: input.assigneeId } } });
      return finish(tx, updated, [
        {
          alertId: alert.id,
          type: "ASSIGNED",
          level: alert.level,
          state: alert.state,
          value: alert.value,
          actorId: input.actorId,
          note: input.assigneeId ? `Assigned to ${input.assigneeId}.` : "Unassigned.",
          at: now,
        },
      ]);
    }),
  );
}

/**
 * Resolves an open alert by hand. The rule's breach count starts over, so a condition that still
 * holds raises a new alert with the next readings.
 */
export async function resolveAlert(prisma: PrismaClient, input: { alertId: string; actorId: string; note?: string | null; now?: Date }): Promise<AlertChange> {
  const now = input.now ?? new Date();
  const note = cleanNote(input.note, false);
  return withRetry(() =>
    audited(prisma, actorOf(input.actorId), "resolveAlert", async (tx, record) => {
      const alert = await lockAlert(tx, input.alertId);
      if (alert.state === "RESOLVED") {
        throw new DomainError("CONFLICT", `Alert ${alert.id} is already resolved.`, { state: alert.state });
      }
      const updated = await tx.alert.update({
        where: { id: alert.id },
        data: { state: "RESOLVED", openRuleId: null, openSubjectKey: null, resolvedAt: now },
      });
      if (alert.ruleId) await tx.thresholdRule.update({ where: { id: alert.ruleId }, data: { breachCount: 0, breachSince: null, clearSince: null } });
      record({ entity: "Alert", entityId: alert.id, changes: { state: { from: alert.state, to: "RESOLVED" }, note } });
      const change = alert.indicatorId ? await refreshIndicatorStatus(tx, alert.indicatorId) : null;
      return finish(
        tx,
        updated,
        [{ alertId: alert.id, type: "RESOLVED", level: alert.level, state: "RESOLVED", value: alert.value, actorId: input.actorId, note: note ?? "Resolved by hand.", at: now }],
        change ? [change] : [],
      );
    }),
  );
}

export interface CreateSilenceInput {
  /** Exactly one of indicatorId and processId. */
  indicatorId?: string | null;
  processId?: string | null;
  startsAt?: Date | null;
  endsAt: Date;
  reason: string;
  actorId: string;
  now?: Date;
}

/**
 * Mutes an indicator or a whole process for a window: alerts raised while it is active are still
 * recorded, marked `silenced` (notification routing skips them).
 */
export async function createSilence(prisma: PrismaClient, input: CreateSilenceInput): Promise<Silence> {
  const now = input.now ?? new Date();
  const startsAt = input.startsAt ?? now;
  const reason = (input.reason ?? "").trim();
  const targets = [input.indicatorId, input.processId].filter((x) => x != null && x !== "");
  if (targets.length !== 1) throw bad("A silence covers exactly one indicator or one process.", "indicatorId");
  if (reason.length === 0) throw bad("A silence needs a reason.", "reason");
  if (reason.length > MAX_NOTE_LENGTH) throw bad(`The reason may have at most ${MAX_NOTE_LENGTH} characters.`, "reason");
  if (!(startsAt instanceof Date) || Number.isNaN(startsAt.getTime())) throw bad("startsAt is not a valid time.", "startsAt");
  if (!(input.endsAt instanceof Date) || Number.isNaN(input.endsAt.getTime())) throw bad("endsAt is not a valid time.", "endsAt");
  if (input.endsAt.getTime() <= startsAt.getTime()) throw bad("endsAt must come after startsAt.", "endsAt");
  if (input.endsAt.getTime() <= now.getTime()) throw bad("endsAt must lie in the future.", "endsAt");
  return audited(prisma, actorOf(input.actorId), "createSilence", async (tx, record) => {
    if (input.indicatorId) {
      const i = await tx.indicator.findUnique({ where: { id: input.indicatorId }, select: { archivedAt: true } });
      if (!i || i.archivedAt) throw notFound("Indicator", input.indicatorId);
    } else {
      const p = await tx.process.findUnique({ where: { id: input.processId! }, select: { archivedAt: true } });
      if (!p || p.archivedAt) throw notFound("Process", input.processId!);
    }
    const silence = await tx.silence.create({
      data: {
        indicatorId: input.indicatorId || null,
        processId: input.indicatorId ? null : input.processId!,
        startsAt,
        endsAt: input.endsAt,
        reason,
        createdById: input.actorId,
      },
    });
    record({
      entity: "Silence",
      entityId: silence.id,
      changes: { indicatorId: silence.indicatorId, processId: silence.processId, startsAt, endsAt: silence.endsAt, reason },
    });
    return silence;
  });
}

/**
 * ACKNOWLEDGED alerts whose acknowledgement lapsed (`ackExpiresAt <= now`) go back to FIRING with
 * an ACK_EXPIRED event when their condition still holds (THRESHOLD: the last value is not past
 * the clear value; NO_DATA: data still missing; TREND: the alert is open, so the projection
 * still crosses). Each alert changes in its own transaction under its rule's lock, after a fresh
 * check, so replicas running this at once change each alert once.
 */
export async function expireAcknowledgements(prisma: PrismaClient, now: Date = new Date()): Promise<{ alerts: Alert[]; events: AlertEventMessage[] }> {
  const candidates = await prisma.alert.findMany({
    where: { state: "ACKNOWLEDGED", ackExpiresAt: { lte: now } },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  const alerts: Alert[] = [];
  const events: AlertEventMessage[] = [];
  for (const { id } of candidates) {
    const done = await monitoringTransaction(prisma, async (tx) => {
      const alert = await lockAlert(tx, id);
      if (alert.state !== "ACKNOWLEDGED" || !alert.ackExpiresAt || alert.ackExpiresAt > now) return null;
      if (!alert.ruleId || !alert.indicatorId) {
        // A condition's alert is open only while its condition holds (the checks resolve it).
        const updated = await tx.alert.update({ where: { id: alert.id }, data: { state: "FIRING", ackExpiresAt: null, lastFiredAt: now } });
        return finish(tx, updated, [
          {
            alertId: alert.id,
            type: "ACK_EXPIRED",
            level: alert.level,
            state: "FIRING",
            note: "The acknowledgement expired while the condition still holds; firing again.",
            at: now,
          },
        ]);
      }
      const rule = await tx.thresholdRule.findUniqueOrThrow({ where: { id: alert.ruleId } });
      const indicator = await tx.indicator.findUniqueOrThrow({
        where: { id: alert.indicatorId },
        select: { lastValue: true, lastObservedAt: true, expectedIntervalMinutes: true, createdAt: true },
      });
      let holds: boolean;
      if (rule.kind === "NO_DATA") {
        holds = isMissing(indicator.lastObservedAt, indicator.expectedIntervalMinutes, rule.noDataFactor, now, indicator.createdAt);
      } else if (rule.kind === "THRESHOLD") {
        holds = indicator.lastValue != null && !isClear(rule, indicator.lastValue);
      } else {
        holds = true;
      }
      if (!holds) return null; // it resolves with the next reading
      const updated = await tx.alert.update({
        where: { id: alert.id },
        data: { state: "FIRING", ackExpiresAt: null, lastFiredAt: now },
      });
      const change = await finish(tx, updated, [
        {
          alertId: alert.id,
          type: "ACK_EXPIRED",
          level: alert.level,
          state: "FIRING",
          value: indicator.lastValue,
          note: "The acknowledgement expired while the condition still holds; firing again.",
          at: now,
        },
      ]);
      return change;
    });
    if (done) {
      alerts.push(done.alert);
      events.push(...done.events);
    }
  }
  return { alerts, events };
}
