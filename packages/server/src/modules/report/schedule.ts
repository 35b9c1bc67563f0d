/**
 * Report schedules (§2.2.3, §6.3.1): a unit's report sent on a cron expression (croner) to contact
 * points, and "send now". Configured by the people who configure notifications (the process office,
 * management, administrators); the report is computed with the read rules of the person who set the
 * schedule up (or asked to send it), never more than they may see.
 *
 * Once across replicas: a run claims its slot by moving the schedule's `nextRunAt` on (compare-and-
 * set on the old value) in the same transaction that writes the run row, which is unique per
 * (schedule, slot); a second replica's claim changes nothing and it sends nothing.
 */
import { Cron } from "croner";
import { actorOf, type Viewer, viewerOfUser } from "../../context.js";
import { audited } from "../../lib/audit.js";
import type { PrismaClient } from "../../lib/db.js";
import { badInput, forbidden, notFound } from "../../lib/errors.js";
import type { MailConfig } from "../../lib/mail.js";
import { startPeriodic } from "../../lib/periodic.js";
import type { NotificationMessage } from "../../lib/pubsub.js";
import { isNotificationAdmin } from "../notification/permissions.js";
import type { ContactPointRow } from "../notification/send.js";
import { previousPeriod, type ReportPeriodKind } from "./period.js";
import { type ReportFormatName, reportToInbox, type SendResult, sendReportExternal } from "./send.js";
import { computeUnitReport, findReportUnit, whyCannotReadReport } from "./unit-report.js";

export interface SendDeps {
  publicUrl: string;
  mail: MailConfig | null;
  publish: (messages: NotificationMessage[]) => void;
}

export interface ScheduleInput {
  unitId: string;
  cron: string;
  timeZone?: string | null;
  periodKind?: ReportPeriodKind | null;
  format?: ReportFormatName | null;
  contactPointIds: string[];
}

const MIN_GAP_MS = 3_600_000;

/** The next run of a cron expression after `after`; BAD_USER_INPUT (naming `cron` or `timeZone`) when it is not a usable one. */
export function nextRun(cron: string, timeZone: string, after: Date): Date {
  const pattern = cron.trim();
  if (pattern.split(/\s+/).length !== 5) throw badInput("cron must have five fields: minute hour day-of-month month day-of-week (e.g. 0 8 1 * *).", "cron");
  try {
    new Intl.DateTimeFormat("en", { timeZone }).format(after);
  } catch {
    throw badInput(`timeZone: "${timeZone.slice(0, 60)}" is not an IANA time zone.`, "timeZone");
  }
  let job: Cron;
  try {
    job = new Cron(pattern, { timezone: timeZone, paused: true });
  } catch (e) {
    throw badInput(`cron: ${(e as Error).message}`.slice(0, 300), "cron");
  }
  const [first, second] = job.nextRuns(2, after);
  if (!first) throw badInput("cron never fires.", "cron");
  // A report is not a heartbeat: at most one an hour.
  if (second && second.getTime() - first.getTime() < MIN_GAP_MS) throw badInput("cron fires more often than once an hour.", "cron");
  return first;
}

function requireAdmin(viewer: Viewer) {
  if (!isNotificationAdmin(viewer)) throw forbidden("Report schedules are set by the process office, management and administrators.");
}

async function contactPoints(prisma: PrismaClient, ids: string[]): Promise<ContactPointRow[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw badInput("contactPointIds must name at least one contact point.", "contactPointIds");
  if (unique.length > 20) throw badInput("contactPointIds may name at most 20 contact points.", "contactPointIds");
  const rows = (await prisma.contactPoint.findMany({ where: { id: { in: unique }, deletedAt: null } })) as ContactPointRow[];
  const missing = unique.find((id) => !rows.some((r) => r.id === id));
  if (missing) throw notFound("ContactPoint", missing);
  return unique.map((id) => rows.find((r) => r.id === id)!);
}

/** The person a schedule runs as: its creator, as a viewer (null when gone or disabled). */
async function creatorViewer(prisma: PrismaClient, userId: string): Promise<Viewer | null> {
  const u = await prisma.user.findUnique({ where: { id: userId } });
  if (!u || u.disabledAt) return null;
  return viewerOfUser(u, "report-schedule");
}

export function createReportScheduleService(prisma: PrismaClient) {
  return {
    async create(viewer: Viewer, input: ScheduleInput, now = new Date()) {
      requireAdmin(viewer);
      const unit = await findReportUnit(prisma, { id: input.unitId });
      const why = whyCannotReadReport(viewer, unit.id);
      if (why) throw forbidden(why);
      const timeZone = input.timeZone?.trim() || "Asia/Taipei";
      const nextRunAt = nextRun(input.cron, timeZone, now);
      const cps = await contactPoints(prisma, input.contactPointIds);
      const data = {
        unitId: unit.id,
        cron: input.cron.trim(),
        timeZone,
        periodKind: input.periodKind ?? "MONTH",
        format: input.format ?? "PDF",
        contactPointIds: cps.map((c) => c.id),
        createdById: viewer.kind === "user" ? viewer.user.id : "",
        nextRunAt,
      };
      return audited(prisma, actorOf(viewer), "createReportSchedule", async (tx, record) => {
        const row = await tx.reportSchedule.create({ data });
        record({ entity: "ReportSchedule", entityId: row.id, changes: data });
        return row;
      });
    },

    async remove(viewer: Viewer, id: string) {
      requireAdmin(viewer);
      const row = await prisma.reportSchedule.findUnique({ where: { id } });
      if (!row?.enabled) throw notFound("ReportSchedule", id);
      return audited(prisma, actorOf(viewer), "deleteReportSchedule", async (tx, record) => {
        // Disabled, not deleted: its runs still name it.
        await tx.reportSchedule.update({ where: { id }, data: { enabled: false } });
        record({ entity: "ReportSchedule", entityId: id, changes: { enabled: { from: true, to: false } } });
        return { id };
      });
    },

    /** "Send now": the report of a unit and period to contact points, as the asking person reads it. */
    async sendNow(viewer: Viewer, input: { unitId: string; period: string; format?: ReportFormatName | null; contactPointIds: string[] }, deps: SendDeps, now = new Date()) {
      requireAdmin(viewer);
      const cps = await contactPoints(prisma, input.contactPointIds);
      const report = await computeUnitReport(prisma, viewer, { id: input.unitId }, input.period, now);
      const run = await audited(prisma, actorOf(viewer), "sendUnitReport", async (tx, record) => {
        const row = await tx.reportRun.create({
          data: { unitId: report.unit.id, period: report.period, format: input.format ?? "PDF", dueAt: now, requestedById: viewer.kind === "user" ? viewer.user.id : null },
        });
        record({ entity: "ReportRun", entityId: row.id, changes: { unitId: row.unitId, period: row.period, format: row.format, contactPointIds: cps.map((c) => c.id) } });
        return row;
      });
      return deliver(prisma, { actor: actorOf(viewer), action: "sendUnitReport" }, run.id, cps, report, run.format, deps, now);
    },
  };
}

/** Sends a claimed run's report and records how each contact point took it. */
async function deliver(
  prisma: PrismaClient,
  by: { actor: { actorId: string | null; tokenId: string | null }; action: string },
  runId: string,
  cps: ContactPointRow[],
  report: Awaited<ReturnType<typeof computeUnitReport>>,
  format: ReportFormatName,
  deps: SendDeps,
  now: Date,
) {
  const external = await sendReportExternal(cps, report, format, { publicUrl: deps.publicUrl, mail: deps.mail, runId, now });
  const { published, results } = await audited(prisma, by.actor, by.action, async (tx, record) => {
    const inbox = await reportToInbox(tx, cps, report, format, deps.publicUrl, record, now);
    const all: SendResult[] = cps.map((c) => [...external, ...inbox.results].find((r) => r.contactPointId === c.id)!);
    await tx.reportRun.update({ where: { id: runId }, data: { results: all as never, ok: all.every((r) => r.ok) } });
    record({ entity: "ReportRun", entityId: runId, changes: { results: all } });
    return { published: inbox.published, results: all };
  });
  deps.publish(published);
  return prisma.reportRun.findUniqueOrThrow({ where: { id: runId }, select: { id: true, ok: true, results: true, period: true } }).then((r) => ({ ...r, results }));
}

/**
 * Runs the schedules that are due at `now`, each slot once across replicas; returns how many this
 * process ran. A schedule whose creator is gone or whose report fails records a failed run.
 */
export async function runDueSchedules(prisma: PrismaClient, deps: SendDeps, now: Date): Promise<number> {
  const due = await prisma.reportSchedule.findMany({ where: { enabled: true, nextRunAt: { lte: now } }, orderBy: { nextRunAt: "asc" }, take: 20 });
  let ran = 0;
  for (const s of due) {
    const period = previousPeriod(s.periodKind, s.nextRunAt);
    const claim = await audited(prisma, { actorId: null, tokenId: null }, "runReportSchedule", async (tx, record) => {
      const moved = await tx.reportSchedule.updateMany({
        where: { id: s.id, enabled: true, nextRunAt: s.nextRunAt },
        data: { nextRunAt: nextRun(s.cron, s.timeZone, now), lastRunAt: now },
      });
      if (moved.count === 0) return null; // another replica has it
      const run = await tx.reportRun.create({ data: { scheduleId: s.id, unitId: s.unitId, period, format: s.format, dueAt: s.nextRunAt, requestedById: s.createdById } });
      record({ entity: "ReportRun", entityId: run.id, changes: { scheduleId: s.id, period, dueAt: s.nextRunAt } });
      return run;
    }).catch(() => null); // a unique violation: the slot's run exists already
    if (!claim) continue;
    ran++;
    try {
      const viewer = await creatorViewer(prisma, s.createdById);
      if (!viewer) throw new Error("The person who set up this schedule is disabled or gone.");
      const cps = (await prisma.contactPoint.findMany({ where: { id: { in: s.contactPointIds } } })) as ContactPointRow[];
      const report = await computeUnitReport(prisma, viewer, { id: s.unitId }, period, now);
      await deliver(prisma, { actor: { actorId: null, tokenId: null }, action: "runReportSchedule" }, claim.id, cps, report, s.format, deps, now);
    } catch (e) {
      const error = (e instanceof Error ? e.message : String(e)).slice(0, 500);
      await prisma.reportRun.update({ where: { id: claim.id }, data: { ok: false, results: [{ contactPointId: null, ok: false, error }] } });
    }
  }
  return ran;
}

/** Checks for due schedules on a cron pattern (every minute by default); returns its stop, which waits for a running check. */
export function startReportScheduler(prisma: PrismaClient, deps: SendDeps, onError: (e: unknown) => void, pattern = "* * * * *"): () => Promise<void> {
  const loop = startPeriodic(() => runDueSchedules(prisma, deps, new Date()).then(() => undefined), { cron: pattern, onError });
  return () => loop.stop();
}
