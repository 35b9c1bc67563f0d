/**
 * Scheduled checks (§5.3.1 real-time monitoring: a feed that stops reporting is itself a
 * warning). Every server replica may run them at the same moment (design: "Scale-out"): each
 * indicator changes in its own transaction under the lock on its rules, after a fresh check, and
 * the unique `openRuleId` backs that up, so a missing feed raises exactly one alert.
 */
import type { PrismaClient, Tx } from "../../lib/db.js";
import { type Periodic, startPeriodic } from "../../lib/periodic.js";
import type { AlertEventMessage, IndicatorStatusMessage } from "../../lib/pubsub.js";
import { expireAcknowledgements } from "./alerts.js";
import { checkConditions } from "./conditions.js";
import { appendAlertEvents, type AlertContext, type PendingEvent } from "./engine/events.js";
import { sortByEventId, type PublishFn } from "./publish.js";
import { isMissing } from "./rules.js";
import { lockIndicatorRules, monitoringTransaction, refreshIndicatorStatus } from "./engine/store.js";

/** The factor applied to an indicator that has an expected interval but no NO_DATA rule. */
export const DEFAULT_NO_DATA_FACTOR = 2;

export interface NoDataResult {
  fired: number;
  resolved: number;
  events: AlertEventMessage[];
  statusChanges: IndicatorStatusMessage[];
}

/**
 * Evaluates NO_DATA rules at `now`: an indicator with an expected interval whose last reading
 * (or creation, if it never reported) is older than interval × noDataFactor gets a NO_DATA alert
 * and status; one whose data is fresh again has that alert resolved. Indicators with an expected
 * interval but no NO_DATA rule get the NO_DATA status without an alert.
 */
export async function checkNoData(prisma: PrismaClient, now: Date = new Date()): Promise<NoDataResult> {
  const result: NoDataResult = { fired: 0, resolved: 0, events: [], statusChanges: [] };

  // A cheap read to find indicators worth a transaction; each is checked again under its lock.
  const rules = await prisma.thresholdRule.findMany({
    where: { kind: "NO_DATA", enabled: true, archivedAt: null, indicator: { archivedAt: null } },
    select: {
      noDataFactor: true,
      indicatorId: true,
      indicator: { select: { lastObservedAt: true, expectedIntervalMinutes: true, createdAt: true } },
      alerts: { where: { state: { in: ["FIRING", "ACKNOWLEDGED"] } }, select: { id: true } },
    },
  });
  const todo = new Set<string>();
  for (const r of rules) {
    const missing = isMissing(r.indicator.lastObservedAt, r.indicator.expectedIntervalMinutes, r.noDataFactor, now, r.indicator.createdAt);
    if (missing !== r.alerts.length > 0) todo.add(r.indicatorId);
  }
  const bare = await prisma.indicator.findMany({
    where: {
      archivedAt: null,
      expectedIntervalMinutes: { not: null },
      status: { not: "NO_DATA" },
      rules: { none: { kind: "NO_DATA", enabled: true, archivedAt: null } },
    },
    select: { id: true, lastObservedAt: true, expectedIntervalMinutes: true, createdAt: true },
  });
  const statusOnly = bare.filter((i) => isMissing(i.lastObservedAt, i.expectedIntervalMinutes, DEFAULT_NO_DATA_FACTOR, now, i.createdAt)).map((i) => i.id);

  for (const indicatorId of [...new Set([...todo, ...statusOnly])].sort()) {
    const r = await monitoringTransaction(prisma, (tx) => checkIndicator(tx, indicatorId, now));
    result.fired += r.fired;
    result.resolved += r.resolved;
    result.events.push(...r.events);
    if (r.statusChange) result.statusChanges.push(r.statusChange);
  }
  result.events = sortByEventId(result.events);
  return result;
}

async function checkIndicator(
  tx: Tx,
  indicatorId: string,
  now: Date,
): Promise<{ fired: number; resolved: number; events: AlertEventMessage[]; statusChange: IndicatorStatusMessage | null }> {
  await lockIndicatorRules(tx, indicatorId);
  const indicator = await tx.indicator.findUniqueOrThrow({
    where: { id: indicatorId },
    select: {
      code: true,
      processId: true,
      archivedAt: true,
      lastObservedAt: true,
      expectedIntervalMinutes: true,
      createdAt: true,
      process: { select: { ownerUnitId: true } },
    },
  });
  const ctx: AlertContext = { indicatorId, processId: indicator.processId, unitId: indicator.process.ownerUnitId };
  const rules = await tx.thresholdRule.findMany({
    where: { indicatorId, kind: "NO_DATA", enabled: true, archivedAt: null },
    orderBy: { id: "asc" },
  });
  const pending: PendingEvent[] = [];
  let fired = 0;
  let resolved = 0;
  if (!indicator.archivedAt) {
    for (const rule of rules) {
      const open = await tx.alert.findUnique({ where: { openRuleId: rule.id } });
      const missing = isMissing(indicator.lastObservedAt, indicator.expectedIntervalMinutes, rule.noDataFactor, now, indicator.createdAt);
      if (missing && !open) {
        const silence = await tx.silence.findFirst({
          where: { startsAt: { lte: now }, endsAt: { gt: now }, OR: [{ indicatorId }, { processId: indicator.processId }] },
          select: { id: true },
        });
        const since = indicator.lastObservedAt ? `since ${indicator.lastObservedAt.toISOString()}` : "yet";
        const message = `${indicator.code}: no reading ${since}; expected every ${indicator.expectedIntervalMinutes} min.`;
        const alert = await tx.alert.create({
          data: {
            ruleId: rule.id,
            openRuleId: rule.id,
            indicatorId,
            level: rule.level,
            state: "FIRING",
            value: null,
            message,
            silenced: silence !== null,
            startedAt: now,
            lastFiredAt: now,
          },
        });
        pending.push({ alertId: alert.id, type: "FIRED", level: alert.level, state: "FIRING", note: message, at: now });
        fired++;
      } else if (!missing && open) {
        await tx.alert.update({ where: { id: open.id }, data: { state: "RESOLVED", openRuleId: null, resolvedAt: now } });
        pending.push({ alertId: open.id, type: "RESOLVED", level: open.level, state: "RESOLVED", note: "Data received again.", at: now });
        resolved++;
      }
      await tx.thresholdRule.update({ where: { id: rule.id }, data: { lastEvaluatedAt: now } });
    }
  }
  const statusChange = await refreshIndicatorStatus(tx, indicatorId, (computed, locked) => {
    if (indicator.archivedAt || rules.length > 0) return computed;
    // No NO_DATA rule: the status alone says the feed stopped.
    return isMissing(locked.lastObservedAt, indicator.expectedIntervalMinutes, DEFAULT_NO_DATA_FACTOR, now, indicator.createdAt) ? "NO_DATA" : computed;
  });
  const events = await appendAlertEvents(tx, pending, () => ctx);
  return { fired, resolved, events, statusChange };
}

export interface SchedulerOptions {
  prisma: PrismaClient;
  /** Receives what each pass changed, after its transactions committed. */
  publish: PublishFn;
  /** Time between passes; default one minute. */
  intervalMs?: number;
  /** The clock (tests). */
  now?: () => Date;
  /** Called with an error a pass threw; the scheduler keeps running. */
  onError?: (error: unknown) => void;
}

/** Runs one pass now (`tick`, waiting for a running one) or stops the timer and waits for it (`stop`). */
export type Scheduler = Periodic;

/**
 * Runs `checkNoData`, `expireAcknowledgements` and `checkConditions` every `intervalMs`. Passes never overlap in one
 * process; across replicas the checks themselves act once.
 */
export function startScheduler(options: SchedulerOptions): Scheduler {
  const { prisma, publish, intervalMs = 60_000, now = () => new Date() } = options;
  const onError = options.onError ?? ((error: unknown) => console.error("monitoring scheduler pass failed", error));
  return startPeriodic(
    async () => {
      const at = now();
      const noData = await checkNoData(prisma, at);
      const acks = await expireAcknowledgements(prisma, at);
      const conditions = await checkConditions(prisma, at);
      const events = sortByEventId([...noData.events, ...acks.events, ...conditions.events]);
      if (events.length > 0 || noData.statusChanges.length > 0) {
        await publish({ events, statusChanges: noData.statusChanges });
      }
    },
    { everyMs: intervalMs, onError },
  );
}
