/**
 * The delivery worker (§6.2.2): takes due outbox rows, sends them, records each attempt, retries
 * with backoff, and gives up only at the row's `giveUpAt` (FAILED, with the last error).
 *
 * One sender per message across replicas: a row is claimed by one short transaction
 * (`FOR UPDATE SKIP LOCKED`, then SENDING with a lease); no transaction is held open while a
 * network send runs. A replica that dies while sending leaves a lapsed lease that another (or the
 * restarted one) takes over; the `X-Delivery-Id` header lets a receiver drop that one possible
 * repeat. IN_APP rows are written and marked SENT in one transaction: exactly once.
 */
import { audited } from "../../lib/audit.js";
import { Prisma, type PrismaClient } from "../../lib/db.js";
import type { MailConfig } from "../../lib/mail.js";
import { type Periodic, startPeriodic } from "../../lib/periodic.js";
import type { NotificationMessage } from "../../lib/pubsub.js";
import { ALERT_CONTEXT_SELECT, contextOfAlert } from "../alerting/subjects.js";
import { type AlertNotice, alertUrl } from "./message.js";
import { backoffMs } from "./routing.js";
import { type ContactPointRow, deliverInApp, sendExternal } from "./send.js";

export interface WorkerOptions {
  prisma: PrismaClient;
  mail: MailConfig | null;
  publicUrl: string;
  /** Publishes in-app notifications after commit. */
  publish: (messages: NotificationMessage[]) => void;
  /** Poll for due rows every this many ms (`DELIVERY_POLL_MS`, default 1000). */
  pollMs?: number;
  /** First retry after this many ms, doubling per attempt (`DELIVERY_RETRY_BASE_MS`, default 2000) up to `retryMaxMs`. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** How long a claimed row is this replica's before another may take it over. */
  leaseMs?: number;
  /** Rows taken per pass. */
  batch?: number;
  now?: () => Date;
  onError?: (error: unknown) => void;
  /** Runs after each pass (the repeat and escalation checks). */
  afterPass?: (now: Date) => Promise<void>;
}

/** Runs one pass now (`tick`, waiting for a running one) or stops polling and waits for it (`stop`). */
export type DeliveryWorker = Periodic;

interface Claimed {
  id: string;
  contact_point_id: string;
  alert_id: string | null;
  alert_event_id: bigint | null;
  group_key: string;
  policy_id: string | null;
  reason: string;
  attempts: number;
  give_up_at: Date;
}

const iso = (d: Date) => Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

/** Claims up to `limit` due rows (and SENDING rows whose lease has lapsed) for this sender. */
export async function claimDue(prisma: PrismaClient, now: Date, leaseMs: number, limit: number): Promise<Claimed[]> {
  return prisma.$queryRaw<Claimed[]>(Prisma.sql`
    UPDATE notification_delivery d
    SET status = 'SENDING', lease_until = ${iso(new Date(now.getTime() + leaseMs))}, attempts = d.attempts + 1
    WHERE d.id IN (
      SELECT id FROM notification_delivery
      WHERE (status = 'PENDING' AND next_attempt_at <= ${iso(now)})
         OR (status = 'SENDING' AND lease_until < ${iso(now)})
      ORDER BY next_attempt_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING d.id, d.contact_point_id, d.alert_id, d.alert_event_id, d.group_key, d.policy_id, d.reason, d.attempts, d.give_up_at`);
}

/** The notices of claimed rows, from the alert and event each names. */
export async function noticesOf(
  prisma: PrismaClient,
  rows: { id: string; alert_id: string | null; alert_event_id: bigint | null; reason: string }[],
  publicUrl: string,
  now: Date,
) {
  const alertIds = [...new Set(rows.map((r) => r.alert_id).filter((x): x is string => !!x))];
  const eventIds = rows.map((r) => r.alert_event_id).filter((x): x is bigint => x != null);
  const [alerts, events] = await Promise.all([
    prisma.alert.findMany({
      where: { id: { in: alertIds } },
      select: {
        id: true,
        level: true,
        state: true,
        message: true,
        value: true,
        ...ALERT_CONTEXT_SELECT,
        indicator: { select: { name: true, nameEn: true, processId: true, process: { select: { ownerUnitId: true, name: true, nameEn: true } } } },
        process: { select: { ownerUnitId: true, name: true, nameEn: true } },
      },
    }),
    prisma.alertEvent.findMany({ where: { id: { in: eventIds } }, select: { id: true, type: true, at: true, level: true, state: true } }),
  ]);
  const alertById = new Map(alerts.map((a) => [a.id, a]));
  const eventById = new Map(events.map((e) => [String(e.id), e]));
  const out = new Map<string, { notice: AlertNotice; unitId: string } | null>();
  for (const r of rows) {
    const a = r.alert_id ? alertById.get(r.alert_id) : undefined;
    if (!a) {
      out.set(r.id, null);
      continue;
    }
    const e = r.alert_event_id != null ? eventById.get(String(r.alert_event_id)) : undefined;
    const proc = a.indicator?.process ?? a.process;
    out.set(r.id, {
      unitId: contextOfAlert(a).unitId,
      notice: {
        alert: {
          id: a.id,
          level: e?.level ?? a.level,
          state: e?.state ?? a.state,
          source: a.source,
          message: a.message,
          value: a.value,
          subject: a.indicator ? { zh: a.indicator.name, en: a.indicator.nameEn } : proc ? { zh: proc.name, en: proc.nameEn } : null,
          process: proc ? { zh: proc.name, en: proc.nameEn } : null,
        },
        event: { id: e ? String(e.id) : `${r.reason}:${r.id}`, type: e?.type ?? r.reason, at: (e?.at ?? now).toISOString() },
        url: alertUrl(publicUrl, a.id),
      },
    });
  }
  return out;
}

/** Sends what is due, once: one message per (contact point, policy, group) of the claimed rows. */
export async function deliverDue(options: WorkerOptions, now: Date): Promise<number> {
  const { prisma } = options;
  const claimed = await claimDue(prisma, now, options.leaseMs ?? 60_000, options.batch ?? 50);
  if (claimed.length === 0) return 0;
  const notices = await noticesOf(prisma, claimed, options.publicUrl, now);
  const cps = await prisma.contactPoint.findMany({ where: { id: { in: [...new Set(claimed.map((c) => c.contact_point_id))] } } });
  const cpById = new Map(cps.map((c) => [c.id, c as ContactPointRow]));
  const groups = new Map<string, Claimed[]>();
  for (const c of claimed) {
    const k = `${c.contact_point_id}|${c.policy_id ?? ""}|${c.group_key}|${c.reason === "TEST" ? c.id : ""}`;
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(c);
  }
  for (const rows of groups.values()) {
    const cp = cpById.get(rows[0]!.contact_point_id)!;
    const items = rows.map((r) => notices.get(r.id)).filter((x): x is { notice: AlertNotice; unitId: string } => !!x);
    try {
      if (items.length === 0) throw new Error("The alert of this message no longer exists.");
      const list = items.map((i) => i.notice);
      if (cp.kind === "IN_APP") {
        const published = await audited(prisma, { actorId: null, tokenId: null }, "deliverNotification", async (tx, record) => {
          // Only rows still ours: a lapsed lease taken over by another sender is theirs now.
          const mine = await tx.notificationDelivery.updateMany({
            where: { id: { in: rows.map((r) => r.id) }, status: "SENDING", OR: rows.map((r) => ({ id: r.id, attempts: r.attempts })) },
            data: { status: "SENT", sentAt: now, leaseUntil: null, lastError: null },
          });
          if (mine.count !== rows.length) throw new LostLease();
          await tx.notificationAttempt.createMany({ data: rows.map((r) => ({ deliveryId: r.id, at: now, ok: true })) });
          return deliverInApp(tx, cp, list, items[0]!.unitId, record, now);
        });
        options.publish(published);
      } else {
        await sendExternal(cp, list, rows[0]!.id, { mail: options.mail }, now);
        await markSent(prisma, rows, now);
      }
    } catch (error) {
      if (error instanceof LostLease) continue;
      await markFailed(prisma, rows, error, now, options);
    }
  }
  return claimed.length;
}

class LostLease extends Error {}

async function markSent(prisma: PrismaClient, rows: Claimed[], now: Date) {
  await prisma.$transaction([
    ...rows.map((r) =>
      prisma.notificationDelivery.updateMany({
        where: { id: r.id, status: "SENDING", attempts: r.attempts },
        data: { status: "SENT", sentAt: now, leaseUntil: null, lastError: null },
      }),
    ),
    prisma.notificationAttempt.createMany({ data: rows.map((r) => ({ deliveryId: r.id, at: now, ok: true })) }),
  ]);
}

async function markFailed(prisma: PrismaClient, rows: Claimed[], error: unknown, now: Date, options: WorkerOptions) {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000) || "unknown error";
  await prisma.$transaction([
    ...rows.map((r) => {
      const givenUp = now.getTime() >= new Date(r.give_up_at).getTime();
      const next = new Date(now.getTime() + backoffMs(r.attempts, options.retryBaseMs ?? 2000, options.retryMaxMs ?? 300_000));
      return prisma.notificationDelivery.updateMany({
        where: { id: r.id, status: "SENDING", attempts: r.attempts },
        data: { status: givenUp ? "FAILED" : "PENDING", lastError: message, leaseUntil: null, nextAttemptAt: next },
      });
    }),
    prisma.notificationAttempt.createMany({ data: rows.map((r) => ({ deliveryId: r.id, at: now, ok: false, error: message })) }),
  ]);
}

/** Polls for due messages every `pollMs`; passes never overlap in one process. */
export function startDeliveryWorker(options: WorkerOptions): DeliveryWorker {
  const { pollMs = 1000, now = () => new Date(), onError = () => {} } = options;
  return startPeriodic(
    async (stopping) => {
      const at = now();
      // A full batch: more may be due at once; go on without waiting for the timer.
      while (!stopping.aborted && (await deliverDue(options, at)) >= (options.batch ?? 50));
      if (options.afterPass && !stopping.aborted) await options.afterPass(at);
    },
    { everyMs: pollMs, onError },
  );
}
