/**
 * The in-app inbox (§4.4.1 results are fed back to the departments and people concerned): one
 * notification per person, so each reads it on their own; published live after commit.
 */
import { actorOf, type Viewer } from "../../context.js";
import { audited, type AuditEntry } from "../../lib/audit.js";
import { Prisma, type PrismaClient, type Tx } from "../../lib/db.js";
import { forbidden, notFound } from "../../lib/errors.js";
import type { NotificationMessage, PubSub } from "../../lib/pubsub.js";
import { type InboxText, textFor } from "./notice-text.js";

export interface InboxMessage {
  /** A text in both languages is written in each recipient's `User.locale`. */
  subject: InboxText;
  body: InboxText;
  evaluationId?: string | null;
  actionId?: string | null;
  alertId?: string | null;
  /** The feedback the message is about (§2.4.3). */
  feedbackId?: string | null;
}

/**
 * Puts a message in the inbox of the heads of `unitId` and of the process office's staff, in the
 * caller's transaction. Returns what to publish after commit.
 */
export async function notifyUnitHeadAndOffice(tx: Tx, unitId: string, message: InboxMessage, record: (entry: AuditEntry) => void, now: Date): Promise<NotificationMessage[]> {
  return notifyPeople(tx, await unitHeadsAndOffice(tx, unitId), message, record, now);
}

/** The heads of `unitId` and the process office's staff (enabled accounts). */
export function unitHeadsAndOffice(tx: Tx, unitId: string): Promise<{ id: string; unitId: string }[]> {
  // Enum arrays are filtered in SQL (the PGlite adapter cannot bind them).
  return tx.$queryRaw<{ id: string; unitId: string }[]>(Prisma.sql`
    SELECT id, unit_id AS "unitId" FROM app_user
    WHERE disabled_at IS NULL
      AND (('DEPARTMENT_HEAD' = ANY(roles) AND unit_id = ${unitId}) OR 'PROCESS_OFFICE' = ANY(roles))
    ORDER BY id`);
}

/** Puts a message in these people's inboxes, in the caller's transaction; returns what to publish after commit. */
export async function notifyPeople(
  tx: Tx,
  people: { id: string; unitId: string }[],
  message: InboxMessage,
  record: (entry: AuditEntry) => void,
  now: Date,
): Promise<NotificationMessage[]> {
  const out: NotificationMessage[] = [];
  const localised = typeof message.subject !== "string" || typeof message.body !== "string";
  const locales = localised
    ? new Map((await tx.user.findMany({ where: { id: { in: people.map((p) => p.id) } }, select: { id: true, locale: true } })).map((u) => [u.id, u.locale]))
    : new Map<string, string>();
  for (const p of people) {
    const subject = textFor(message.subject, locales.get(p.id));
    const n = await tx.notification.create({
      data: {
        userId: p.id,
        unitId: p.unitId,
        channel: "IN_APP",
        status: "SENT",
        sentAt: now,
        subject,
        body: textFor(message.body, locales.get(p.id)),
        evaluationId: message.evaluationId ?? null,
        actionId: message.actionId ?? null,
        alertId: message.alertId ?? null,
        feedbackId: message.feedbackId ?? null,
      },
    });
    record({
      entity: "Notification",
      entityId: n.id,
      changes: { userId: p.id, subject, evaluationId: n.evaluationId, actionId: n.actionId, alertId: n.alertId, feedbackId: n.feedbackId },
    });
    out.push({ id: n.id, userId: p.id });
  }
  return out;
}

/** Publishes inbox messages after commit. */
export function publishNotifications(pubsub: Pick<PubSub, "publish">, messages: NotificationMessage[]): void {
  for (const m of messages) pubsub.publish("notification", m);
}

/** What a person may read and mark in the inbox: their own, and their unit's unaddressed ones. */
export function inboxWhere(viewer: Viewer): Prisma.NotificationWhereInput {
  if (viewer.kind !== "user") return { id: { in: [] } };
  return { OR: [{ userId: viewer.user.id }, { unitId: viewer.user.unitId, userId: null }] };
}

export function createInboxService(prisma: PrismaClient) {
  return {
    /** Marks notifications read; ids outside the viewer's inbox are NOT_FOUND and nothing is written. */
    async markRead(viewer: Viewer, ids: string[], now = new Date()): Promise<{ ids: string[] }> {
      if (viewer.kind !== "user") throw forbidden("Only a person has an inbox.");
      const unique = [...new Set(ids)];
      const mine = await prisma.notification.findMany({ where: { AND: [{ id: { in: unique } }, inboxWhere(viewer)] }, select: { id: true, readAt: true } });
      const missing = unique.find((id) => !mine.some((n) => n.id === id));
      if (missing) throw notFound("Notification", missing);
      const unread = mine.filter((n) => !n.readAt).map((n) => n.id);
      if (unread.length === 0) return { ids: unique };
      return audited(prisma, actorOf(viewer), "markNotificationsRead", async (tx, record) => {
        await tx.notification.updateMany({ where: { id: { in: unread }, readAt: null }, data: { readAt: now } });
        for (const id of unread) record({ entity: "Notification", entityId: id, changes: { readAt: { from: null, to: now } } });
        return { ids: unique };
      });
    },
  };
}
