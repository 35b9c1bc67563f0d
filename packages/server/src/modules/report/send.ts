/**
 * Sending a unit report to contact points (§2.2.3, §6.3.1): by email with the PDF or CSV attached,
 * to a chat webhook and to the in-app inbox with a link to download it. Each contact point's
 * outcome is kept in the run's `results`; one failing does not stop the others.
 */
import type { AuditEntry } from "../../lib/audit.js";
import type { Tx } from "../../lib/db.js";
import { type MailConfig, sendMail } from "../../lib/mail.js";
import type { NotificationMessage } from "../../lib/pubsub.js";
import { notifyPeople, unitHeadsAndOffice } from "../information/inbox.js";
import type { ContactPointRow } from "../notification/send.js";
import { webhookAccepted, webhookRequest } from "../notification/webhook.js";
import { renderReportCsv } from "./csv.js";
import { renderReportPdf } from "./pdf.js";
import type { UnitReportData } from "./unit-report.js";

export type ReportFormatName = "PDF" | "CSV";

export interface SendResult {
  contactPointId: string;
  ok: boolean;
  error: string | null;
}

/** The report's title and text in both languages, with its download link. */
export function reportMessage(r: UnitReportData, url: string) {
  const w = r.warnings;
  return {
    zh: {
      title: `${r.unit.name} 部門報告 ${r.period}`,
      text: `警示 ${w.total} 則（警告 ${w.warning}，嚴重 ${w.critical}），未完成措施 ${r.actions.open}（逾期 ${r.actions.overdue}）。\n下載：${url}`,
    },
    en: {
      title: `${r.unit.nameEn} department report ${r.period}`,
      text: `${w.total} alerts (${w.warning} warning, ${w.critical} critical), ${r.actions.open} open actions (${r.actions.overdue} overdue).\nDownload: ${url}`,
    },
  };
}

/** The download address of a report. */
export function reportUrl(publicUrl: string, r: UnitReportData, format: ReportFormatName): string {
  return `${publicUrl.replace(/\/+$/, "")}/reports/units/${encodeURIComponent(r.unit.code)}/${r.period}.${format.toLowerCase()}`;
}

/** Sends by email and webhook (outside any transaction); IN_APP is left to `reportToInbox`. */
export async function sendReportExternal(
  cps: ContactPointRow[],
  r: UnitReportData,
  format: ReportFormatName,
  o: { publicUrl: string; mail: MailConfig | null; runId: string; now: Date },
): Promise<SendResult[]> {
  const url = reportUrl(o.publicUrl, r, format);
  const text = reportMessage(r, url);
  const out: SendResult[] = [];
  let file: Buffer | null = null;
  for (const cp of cps.filter((c) => c.kind !== "IN_APP")) {
    const message = cp.language === "EN" ? text.en : text.zh;
    try {
      if (cp.kind === "EMAIL") {
        file ??= format === "PDF" ? await renderReportPdf(r) : Buffer.from(renderReportCsv(r), "utf8");
        await sendMail(
          {
            to: cp.emailTo,
            subject: message.title,
            text: message.text,
            headers: { "X-Delivery-Id": `${o.runId}:${cp.id}` },
            attachments: [{ filename: `${r.unit.code}-${r.period}.${format.toLowerCase()}`, content: file, contentType: format === "PDF" ? "application/pdf" : "text/csv" }],
          },
          o.mail,
        );
      } else {
        if (!cp.webhookUrl || !cp.webhookFormat) throw new Error("The webhook has no address or format.");
        const generic = {
          report: {
            unit: { code: r.unit.code, name: r.unit.name },
            period: r.period,
            format,
            url,
            warnings: r.warnings,
            actions: { open: r.actions.open, overdue: r.actions.overdue },
          },
        };
        const req = webhookRequest({ url: cp.webhookUrl, format: cp.webhookFormat, secret: cp.webhookSecret }, [], message, `${o.runId}:${cp.id}`, o.now, { generic, url });
        const res = await fetch(req.url, { method: "POST", headers: req.headers, body: req.body, signal: AbortSignal.timeout(10_000), redirect: "error" });
        const verdict = webhookAccepted(cp.webhookFormat, res.status, await res.text().catch(() => ""));
        if (!verdict.ok) throw new Error(verdict.error);
      }
      out.push({ contactPointId: cp.id, ok: true, error: null });
    } catch (e) {
      out.push({ contactPointId: cp.id, ok: false, error: (e instanceof Error ? e.message : String(e)).slice(0, 500) || "unknown error" });
    }
  }
  return out;
}

/** The inbox messages of IN_APP contact points (their people, else the unit's head and the process office), in the caller's transaction. */
export async function reportToInbox(tx: Tx, cps: ContactPointRow[], r: UnitReportData, format: ReportFormatName, publicUrl: string, record: (e: AuditEntry) => void, now: Date) {
  const text = reportMessage(r, reportUrl(publicUrl, r, format));
  const published: NotificationMessage[] = [];
  const results: SendResult[] = [];
  for (const cp of cps.filter((c) => c.kind === "IN_APP")) {
    const people =
      cp.inAppUserIds.length > 0
        ? await tx.user.findMany({ where: { id: { in: cp.inAppUserIds }, disabledAt: null }, select: { id: true, unitId: true }, orderBy: { id: "asc" } })
        : await unitHeadsAndOffice(tx, r.unit.id);
    published.push(...(await notifyPeople(tx, people, { subject: { zh: text.zh.title, en: text.en.title }, body: { zh: text.zh.text, en: text.en.text } }, record, now)));
    results.push({ contactPointId: cp.id, ok: true, error: null });
  }
  return { published, results };
}
