/**
 * The daily digest (§6.3.1, issue 12 item 5): a person who opts in gets one email a day, at the
 * hour they chose in their own time zone, listing the open warnings they may read (their alert
 * read rule, as `alerts` applies it), in their language, each with its link in the dashboard.
 *
 * Once per person and local day across replicas: a replica claims the day's row (unique per
 * person and day) by one INSERT … ON CONFLICT DO UPDATE that only takes a row not yet sent whose
 * lease has lapsed; a refused mail is retried at the next check, up to `MAX_ATTEMPTS`.
 */
import { type Viewer, viewerOfUser } from "../../context.js";
import { audited } from "../../lib/audit.js";
import { Prisma, type PrismaClient } from "../../lib/db.js";
import { type MailConfig, sendMail } from "../../lib/mail.js";
import { newAlertId } from "../alerting/engine/alert-changes.js";
import { alertWhere } from "../access/visibility.js";
import { languageOfLocale } from "../information/notice-text.js";
import { inhibitedWhere } from "./inhibition.js";
import { alertUrl } from "./message.js";

export const MAX_ATTEMPTS = 5;
const LEASE_MS = 120_000;
/** The most warnings one digest lists (the rest are counted). */
const LIST_LIMIT = 100;

export interface DigestDeps {
  mail: MailConfig | null;
  publicUrl: string;
}

const iso = (d: Date) => Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

/** The local date (YYYY-MM-DD) and hour of `now` in `timeZone`. */
export function localDayAndHour(now: Date, timeZone: string): { day: string; hour: number } {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", hourCycle: "h23" }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return { day: `${get("year")}-${get("month")}-${get("day")}`, hour: Number(get("hour")) };
}

type DigestAlert = {
  id: string;
  level: "WARNING" | "CRITICAL";
  state: string;
  message: string;
  startedAt: Date;
  indicator: { name: string; nameEn: string; process: { name: string; nameEn: string } } | null;
  process: { name: string; nameEn: string } | null;
};

const WORDS = {
  zh: {
    subject: (n: number, day: string) => `Control Room 每日摘要 ${day}：${n} 則未解除警示`,
    intro: (n: number) => `您可查看的未解除警示共 ${n} 則（嚴重在前）：`,
    level: { CRITICAL: "嚴重", WARNING: "警告" },
    state: { FIRING: "觸發中", ACKNOWLEDGED: "已確認" } as Record<string, string>,
    since: "起始",
    more: (n: number) => `另有 ${n} 則未列出，請至儀表板查看。`,
    settings: "不想再收到？請在「個人設定」關閉每日摘要：",
  },
  en: {
    subject: (n: number, day: string) => `Control Room daily digest ${day}: ${n} open warning${n === 1 ? "" : "s"}`,
    intro: (n: number) => `Open warnings you may read: ${n} (critical first):`,
    level: { CRITICAL: "Critical", WARNING: "Warning" },
    state: { FIRING: "firing", ACKNOWLEDGED: "acknowledged" } as Record<string, string>,
    since: "since",
    more: (n: number) => `${n} more not listed: see the dashboard.`,
    settings: "To stop these, turn the daily digest off in your settings:",
  },
} as const;

/** The digest's subject and plain text in the person's language (`zh` or `en`). */
export function renderDigest(alerts: DigestAlert[], total: number, language: "zh" | "en", day: string, publicUrl: string, timeZone: string) {
  const w = WORDS[language];
  const fmt = new Intl.DateTimeFormat(language === "en" ? "en-GB" : "zh-TW", { timeZone, dateStyle: "medium", timeStyle: "short" });
  const lines = alerts.map((a) => {
    const subject = a.indicator ? (language === "en" ? a.indicator.nameEn : a.indicator.name) : a.process ? (language === "en" ? a.process.nameEn : a.process.name) : a.message;
    const proc = a.indicator?.process ?? a.process;
    const where = proc && a.indicator ? ` (${language === "en" ? proc.nameEn : proc.name})` : "";
    return [
      `- [${w.level[a.level]}] ${subject}${where}: ${w.state[a.state] ?? a.state}, ${w.since} ${fmt.format(a.startedAt)}`,
      `  ${a.message}`,
      `  ${alertUrl(publicUrl, a.id)}`,
    ].join("\n");
  });
  const text = [
    w.intro(total),
    "",
    ...lines,
    ...(total > alerts.length ? ["", w.more(total - alerts.length)] : []),
    "",
    w.settings,
    `${publicUrl.replace(/\/+$/, "")}/settings`,
  ].join("\n");
  return { subject: w.subject(total, day), text };
}

/** The open warnings a viewer may read, critical first then oldest first; inhibited and silenced ones left out (one per indicator, as the wall). */
async function openWarnings(prisma: PrismaClient, viewer: Viewer) {
  const where: Prisma.AlertWhereInput = { AND: [alertWhere(viewer), { state: { in: ["FIRING", "ACKNOWLEDGED"] }, silenced: false }, inhibitedWhere(false)] };
  const [total, alerts] = await Promise.all([
    prisma.alert.count({ where }),
    prisma.alert.findMany({
      where,
      orderBy: [{ level: "asc" }, { startedAt: "asc" }, { id: "asc" }],
      take: LIST_LIMIT,
      select: {
        id: true,
        level: true,
        state: true,
        message: true,
        startedAt: true,
        indicator: { select: { name: true, nameEn: true, process: { select: { name: true, nameEn: true } } } },
        process: { select: { name: true, nameEn: true } },
      },
    }),
  ]);
  // CRITICAL before WARNING whatever the enum's order in the database.
  alerts.sort((a, b) => (a.level === b.level ? 0 : a.level === "CRITICAL" ? -1 : 1));
  return { total, alerts: alerts as DigestAlert[] };
}

/** Claims one person's digest of `day` for this replica; null when it is sent, given up, or another replica holds it. */
async function claim(prisma: PrismaClient, userId: string, day: string, now: Date): Promise<{ id: string; attempts: number } | null> {
  const lease = new Date(now.getTime() + LEASE_MS);
  const rows = await prisma.$queryRaw<{ id: string; attempts: number }[]>(Prisma.sql`
    INSERT INTO daily_digest (id, user_id, day, status, attempts, lease_until)
    VALUES (${newAlertId()}, ${userId}, ${day}, 'PENDING', 1, ${iso(lease)})
    ON CONFLICT (user_id, day) DO UPDATE SET attempts = daily_digest.attempts + 1, lease_until = EXCLUDED.lease_until
      WHERE daily_digest.status = 'PENDING' AND daily_digest.lease_until < ${iso(now)} AND daily_digest.attempts < ${MAX_ATTEMPTS}
    RETURNING id, attempts`);
  return rows[0] ?? null;
}

/**
 * Sends the digests due at `now`: every opted-in, enabled person whose local hour has reached
 * their digest hour and whose digest of that local day is not sent. Returns how many this
 * process sent (a digest with nothing open is recorded EMPTY and sends no mail).
 */
export async function sendDueDigests(prisma: PrismaClient, deps: DigestDeps, now: Date): Promise<number> {
  const people = (
    await prisma.digestSubscription.findMany({
      where: { enabled: true, user: { disabledAt: null } },
      select: { hour: true, user: { select: { id: true, name: true, email: true, roles: true, unitId: true, locale: true, timeZone: true } } },
      orderBy: { userId: "asc" },
    })
  ).map((s) => ({ ...s.user, digestHour: s.hour }));
  // Who is done for their local day already (sent, empty or given up): not claimed again, no statement each minute.
  const done = new Set(
    (
      await prisma.dailyDigest.findMany({
        where: { userId: { in: people.map((u) => u.id) }, status: { not: "PENDING" }, createdAt: { gte: new Date(now.getTime() - 2 * 86_400_000) } },
        select: { userId: true, day: true },
      })
    ).map((d) => `${d.userId}|${d.day}`),
  );
  let sent = 0;
  for (const u of people) {
    const { day, hour } = localDayAndHour(now, u.timeZone);
    if (hour < u.digestHour || done.has(`${u.id}|${day}`)) continue;
    const claimed = await claim(prisma, u.id, day, now);
    if (!claimed) continue;
    const { total, alerts } = await openWarnings(prisma, viewerOfUser(u, "daily-digest"));
    let status = "EMPTY";
    let error: string | null = null;
    if (total > 0) {
      try {
        const { subject, text } = renderDigest(alerts, total, languageOfLocale(u.locale), day, deps.publicUrl, u.timeZone);
        await sendMail({ to: [u.email], subject, text, headers: { "X-Digest-Id": claimed.id } }, deps.mail);
        status = "SENT";
        sent++;
      } catch (e) {
        error = (e instanceof Error ? e.message : String(e)).slice(0, 1000) || "unknown error";
        // Retried at a later check (5, 10, 15 … minutes on) while attempts remain; then FAILED.
        status = claimed.attempts >= MAX_ATTEMPTS ? "FAILED" : "PENDING";
      }
    }
    await audited(prisma, { actorId: null, tokenId: null }, "sendDailyDigest", async (tx, record) => {
      await tx.dailyDigest.update({
        where: { id: claimed.id },
        data: {
          status,
          alertCount: total,
          lastError: error,
          sentAt: status === "SENT" ? now : null,
          ...(status === "PENDING" ? { leaseUntil: new Date(now.getTime() + claimed.attempts * 300_000) } : {}),
        },
      });
      record({ entity: "DailyDigest", entityId: claimed.id, changes: { userId: u.id, day, status, alertCount: total, attempts: claimed.attempts } });
    });
  }
  return sent;
}
