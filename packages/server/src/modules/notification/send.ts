/**
 * Sending one message to one contact point: email over SMTP (`lib/mail.ts`), a chat webhook
 * (`webhook.ts`), or the in-app inbox (`information/inbox.ts`, written in the caller's transaction).
 */
import type { Tx } from "../../lib/db.js";
import { type MailConfig, sendMail } from "../../lib/mail.js";
import type { NotificationMessage } from "../../lib/pubsub.js";
import type { AuditEntry } from "../../lib/audit.js";
import { notifyPeople, unitHeadsAndOffice } from "../information/inbox.js";
import { type AlertNotice, type Language, renderNotices } from "./message.js";
import { webhookAccepted, webhookRequest, type WebhookFormat } from "./webhook.js";

export interface ContactPointRow {
  id: string;
  name: string;
  kind: "EMAIL" | "WEBHOOK" | "IN_APP";
  language: Language;
  emailTo: string[];
  webhookUrl: string | null;
  webhookFormat: WebhookFormat | null;
  webhookSecret: string | null;
  inAppUserIds: string[];
}

export interface SendOptions {
  mail: MailConfig | null;
  /** How long a webhook may take to answer. */
  timeoutMs?: number;
}

/**
 * Sends an email or a webhook message; throws with a readable reason when it was not taken. IN_APP
 * is not sent here (see `deliverInApp`).
 */
export async function sendExternal(cp: ContactPointRow, notices: AlertNotice[], deliveryId: string, options: SendOptions, now = new Date()): Promise<void> {
  const message = renderNotices(notices, cp.language);
  if (cp.kind === "EMAIL") {
    await sendMail({ to: cp.emailTo, subject: message.title, text: message.text, headers: { "X-Delivery-Id": deliveryId } }, options.mail);
    return;
  }
  if (cp.kind === "WEBHOOK") {
    if (!cp.webhookUrl || !cp.webhookFormat) throw new Error("The webhook has no address or format.");
    const req = webhookRequest({ url: cp.webhookUrl, format: cp.webhookFormat, secret: cp.webhookSecret }, notices, message, deliveryId, now);
    const res = await fetch(req.url, { method: "POST", headers: req.headers, body: req.body, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000), redirect: "error" });
    const verdict = webhookAccepted(cp.webhookFormat, res.status, await res.text().catch(() => ""));
    if (!verdict.ok) throw new Error(verdict.error);
    return;
  }
  throw new Error(`${cp.kind} is delivered in the database, not sent.`);
}

/**
 * Puts the message in the inbox of the contact point's people (none named: the alert's owning
 * unit's head and the process office), in the caller's transaction: the inbox rows and the
 * delivery's SENT mark commit together, so the inbox gets it exactly once.
 */
export async function deliverInApp(
  tx: Tx,
  cp: ContactPointRow,
  notices: AlertNotice[],
  unitId: string | null,
  record: (e: AuditEntry) => void,
  now: Date,
): Promise<NotificationMessage[]> {
  // In the inbox each person reads it in their own language (`User.locale`), whatever the contact point's.
  const zh = renderNotices(notices, "ZH_HANT");
  const en = renderNotices(notices, "EN");
  const people =
    cp.inAppUserIds.length > 0
      ? await tx.user.findMany({ where: { id: { in: cp.inAppUserIds }, disabledAt: null }, select: { id: true, unitId: true }, orderBy: { id: "asc" } })
      : unitId
        ? await unitHeadsAndOffice(tx, unitId)
        : [];
  const alertId = notices.length === 1 && !notices[0]!.test ? notices[0]!.alert.id : null;
  return notifyPeople(tx, people, { subject: { zh: zh.title, en: en.title }, body: { zh: zh.text, en: en.text }, alertId }, record, now);
}
