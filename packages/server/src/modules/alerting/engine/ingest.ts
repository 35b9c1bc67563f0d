/**
 * The hot path (design: "Flow of a reading"; §2.3.3 run data, §4.2.4 data analysis, §5.3.1
 * real-time monitoring, §5.3.2 early warning): a batch of readings is validated, inserted
 * set-based, and every affected indicator's rules are evaluated under a row lock on their state,
 * all in one transaction. The caller publishes the returned messages after commit.
 *
 * The transaction's statements do not depend on how many indicators or rules a batch touches:
 * insert (with the indicator lookup), lock and load the rules, lock the indicators and load their
 * alerts / TREND windows / silences, write the results, append the AlertEvents, audit. The rules
 * are evaluated in memory in between (rules.ts).
 */
import { randomBytes } from "node:crypto";
import { Prisma, type PrismaClient, type Tx } from "../../../lib/db.js";
import { writeAudit } from "../../../lib/audit.js";
import { DomainError } from "../../../lib/errors.js";
import { dateProblem, measureProblem } from "../../common/validation.js";
import type { AlertEventMessage, IndicatorStatusMessage, ReadingMessage } from "../../../lib/pubsub.js";
import { appendAlertEvents, type AlertContext, type PendingEvent } from "./events.js";
import { loadBatchState, writeBatch, type AlertPatch, type IndicatorUpdate, type NewAlert, type RuleStateUpdate } from "./batch-store.js";
import {
  byLevel,
  describeBreach,
  evaluateThreshold,
  evaluateTrend,
  isComparable,
  isMissing,
  levelRank,
  maxLevel,
  statusFromOpenAlerts,
  type AlertLevel,
  type IndicatorStatus,
  type RuleKind,
  type RuleState,
} from "../rules.js";
import { epochMs, lockRulesOfIndicators, monitoringTransaction, type LockedRule } from "./store.js";

export const MAX_READINGS_PER_BATCH = 10_000;
/** How far in the future an observation time may lie (clock skew between sender and server). */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
export const MAX_KEY_LENGTH = 200;

export interface ReadingInput {
  indicatorId: string;
  value: number;
  /** When the value was observed; defaults to the time of the call. */
  observedAt?: Date | null;
  /** Idempotency key: a second reading with the same (indicator, key) is skipped. */
  key?: string | null;
}

export interface RecordReadingsInput {
  readings: ReadingInput[];
}

export interface RecordReadingsOptions {
  /** When set (an INGEST token's indicators), readings for any other indicator are refused. */
  allowedIndicatorIds?: string[] | null;
  /** The current time (tests); defaults to the clock. */
  now?: Date;
  /**
   * Who to name in the audit log (§6.4): one row per batch, written in the batch's transaction.
   * Without it nothing is audited (internal callers such as the seed).
   */
  audit?: { actorId: string | null; tokenId: string | null; action: string };
}

export interface RecordReadingsResult {
  /** Readings written. */
  accepted: number;
  /** Readings skipped because their (indicator, key) was already stored or repeated in the batch. */
  duplicates: number;
  /** AlertEvents appended, in id order: publish on `alertEvent` after commit. */
  events: AlertEventMessage[];
  /** The readings written, per indicator in observation order: publish on `reading`. */
  readings: ReadingMessage[];
  /** Indicators whose status changed: publish on `indicatorStatus`. */
  statusChanges: IndicatorStatusMessage[];
}

interface IndicatorInfo {
  id: string;
  code: string;
  unit: string;
  processId: string;
  unitId: string;
  lastObservedAt: Date | null;
  expectedIntervalMinutes: number | null;
}

export interface NormalizedReading {
  index: number;
  indicatorId: string;
  value: number;
  observedAt: Date;
  key: string | null;
}

interface InsertedReading {
  id: bigint;
  indicatorId: string;
  value: number;
  observedAt: Date;
}

const bad = (message: string, index?: number, field?: string) =>
  new DomainError("BAD_USER_INPUT", message, index === undefined ? undefined : { index, ...(field ? { field: `readings.${index}.${field}` } : {}) });

/** Checks a batch without touching the database; returns the normalised rows. */
export function validateReadings(input: RecordReadingsInput, now: Date): NormalizedReading[] {
  const readings = input?.readings;
  if (!Array.isArray(readings)) throw bad("readings must be a list of readings.");
  if (readings.length > MAX_READINGS_PER_BATCH) {
    throw bad(`A batch may hold at most ${MAX_READINGS_PER_BATCH} readings; this one has ${readings.length}. Split it.`);
  }
  const latest = now.getTime() + MAX_FUTURE_SKEW_MS;
  return readings.map((r, index) => {
    if (!r || typeof r.indicatorId !== "string" || r.indicatorId.length === 0) {
      throw bad(`Reading ${index}: indicatorId is required.`, index);
    }
    const valueProblem = typeof r.value === "number" ? measureProblem(r.value) : "must be a number";
    if (valueProblem) throw bad(`Reading ${index}: value ${valueProblem}, not ${String(r.value)}.`, index, "value");
    const observedAt = r.observedAt ?? now;
    const timeProblem = dateProblem(observedAt);
    if (timeProblem) throw bad(`Reading ${index}: observedAt ${timeProblem}.`, index, "observedAt");
    if (observedAt.getTime() > latest) {
      throw bad(`Reading ${index}: observedAt ${observedAt.toISOString()} is more than 5 minutes in the future.`, index, "observedAt");
    }
    const key = r.key ?? null;
    if (key !== null && (typeof key !== "string" || key.length === 0 || key.length > MAX_KEY_LENGTH)) {
      throw bad(`Reading ${index}: key must be a non-empty string of at most ${MAX_KEY_LENGTH} characters.`, index);
    }
    return { index, indicatorId: r.indicatorId, value: r.value, observedAt, key };
  });
}

/**
 * Records a batch of readings and evaluates the rules of every indicator it touches (§5.3.2).
 * Either the whole batch is written with its alert changes, or (on a validation error) nothing.
 */
export async function recordReadings(prisma: PrismaClient, input: RecordReadingsInput, options: RecordReadingsOptions = {}): Promise<RecordReadingsResult> {
  const now = options.now ?? new Date();
  const rows = validateReadings(input, now);
  const empty: RecordReadingsResult = { accepted: 0, duplicates: 0, events: [], readings: [], statusChanges: [] };
  if (rows.length === 0) return empty;

  // Access first (it needs no database and says nothing about which indicators exist).
  if (options.allowedIndicatorIds != null) {
    const allowed = new Set(options.allowedIndicatorIds);
    const denied = rows.find((r) => !allowed.has(r.indicatorId));
    if (denied) {
      throw new DomainError("FORBIDDEN", `Reading ${denied.index}: you may not send readings for indicator ${denied.indicatorId}.`, {
        index: denied.index,
      });
    }
  }

  const indicatorIds = [...new Set(rows.map((r) => r.indicatorId))].sort();

  // Duplicates inside the batch: the first reading with a key wins.
  const seen = new Set<string>();
  const unique: NormalizedReading[] = [];
  for (const r of rows) {
    if (r.key !== null) {
      const k = `${r.indicatorId}\u0000${r.key}`;
      if (seen.has(k)) continue;
      seen.add(k);
    }
    unique.push(r);
  }
  // Insert in (indicator, key) order so concurrent batches with the same keys wait on each other
  // in the same order instead of deadlocking on the unique index.
  unique.sort((a, b) => cmp(a.indicatorId, b.indicatorId) || (a.key === null ? (b.key === null ? 0 : 1) : b.key === null ? -1 : cmp(a.key, b.key)) || a.index - b.index);

  return monitoringTransaction(prisma, async (tx) => {
    // The indicators are looked up by the statement that inserts the readings, which inserts
    // nothing unless every one exists and is not archived: an unknown indicator is NOT_FOUND and
    // nothing of the batch is written.
    const { found, inserted } = await insertReadings(tx, unique, indicatorIds);
    const indicators = new Map<string, IndicatorInfo>();
    for (const i of found) if (!i.archivedAt) indicators.set(i.id, i);
    const unknown = rows.find((r) => !indicators.has(r.indicatorId));
    if (unknown) {
      throw new DomainError("NOT_FOUND", `Reading ${unknown.index}: indicator ${unknown.indicatorId} does not exist or is archived.`, {
        index: unknown.index,
      });
    }
    const byIndicator = new Map<string, InsertedReading[]>();
    for (const r of inserted) {
      const list = byIndicator.get(r.indicatorId) ?? [];
      list.push(r);
      byIndicator.set(r.indicatorId, list);
    }
    const batches = [...byIndicator.keys()].sort().map((id) => ({
      info: indicators.get(id)!,
      batch: byIndicator.get(id)!.sort((a, b) => a.observedAt.getTime() - b.observedAt.getTime() || (a.id < b.id ? -1 : 1)),
    }));
    const { pending, statusChanges } = await evaluateIndicators(tx, batches, now);
    const readings: ReadingMessage[] = [];
    for (const { info, batch } of batches) {
      for (const r of batch) readings.push({ indicatorId: info.id, processId: info.processId, value: r.value, observedAt: r.observedAt.toISOString() });
    }
    const ctx = new Map(pending.map((p) => [p.alertId, p.ctx]));
    const events = await appendAlertEvents(
      tx,
      pending.map(({ ctx: _ctx, ...e }) => e),
      (alertId) => ctx.get(alertId)!,
    );
    const result = { accepted: inserted.length, duplicates: rows.length - inserted.length, events, readings, statusChanges };
    if (options.audit && result.accepted > 0) {
      const { action, ...actor } = options.audit;
      await writeAudit(tx, actor, action, [
        {
          entity: "ReadingBatch",
          entityId: indicatorIds.join(","),
          changes: { accepted: result.accepted, duplicates: result.duplicates, indicatorIds, alertEvents: events.length },
        },
      ]);
    }
    return result;
  });
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

let idCounter = 0;
const fingerprint = randomBytes(2).toString("hex").slice(0, 4);

/**
 * A collision-resistant id in the shape of Prisma's `cuid()` (c + time + counter + host print +
 * random, base 36), made here so new alerts can be written in one INSERT.
 */
export function newAlertId(): string {
  const time = Date.now().toString(36).padStart(8, "0").slice(-8);
  idCounter = (idCounter + 1) % 36 ** 4;
  const counter = idCounter.toString(36).padStart(4, "0");
  const random = BigInt(`0x${randomBytes(6).toString("hex")}`)
    .toString(36)
    .padStart(8, "0")
    .slice(-8);
  return `c${time}${counter}${fingerprint}${random}`;
}

/**
 * The batch's indicators (with their process's owner unit) and one set-based INSERT of its
 * readings, in one statement. Readings whose (indicator, key) exists are skipped by the unique
 * index; no reading is inserted unless all `indicatorIds` exist and are not archived (the caller
 * then refuses the batch). The rows go in as one JSON parameter and come back as one JSON value:
 * one string each way for the client instead of four arrays in and a thousand rows out (the
 * client's CPU was most of the batch's cost).
 */
async function insertReadings(
  tx: Tx,
  rows: NormalizedReading[],
  indicatorIds: string[],
): Promise<{ found: (IndicatorInfo & { archivedAt: Date | null })[]; inserted: InsertedReading[] }> {
  // Times as ISO strings, read as UTC: the columns are `timestamp(3)` holding UTC, whatever the
  // session zone. JSON numbers are the shortest text that reads back as the same double.
  const payload = JSON.stringify(rows.map((r) => [r.indicatorId, r.value, r.observedAt.toISOString(), r.key]));
  const result = await tx.$queryRaw<{ found: string; inserted: string }[]>(Prisma.sql`
    WITH found AS (
      SELECT i.id, i.code, i.unit, i.process_id, p.owner_unit_id, ${epochMs("i.archived_at")} AS archived_at,
             ${epochMs("i.last_observed_at")} AS last_observed_at, i.expected_interval_minutes
      FROM indicator i JOIN process p ON p.id = i.process_id
      WHERE i.id = ANY(${indicatorIds}::text[])
    ), inserted AS (
      INSERT INTO reading (indicator_id, value, observed_at, key)
      SELECT u.e->>0, (u.e->>1)::float8, ((u.e->>2)::timestamptz AT TIME ZONE 'UTC'), u.e->>3
      FROM json_array_elements(${payload}::json) WITH ORDINALITY AS u(e, n)
      WHERE (SELECT count(*) FROM found WHERE found.archived_at IS NULL) = ${indicatorIds.length}
      ORDER BY u.n
      ON CONFLICT (indicator_id, key) DO NOTHING
      RETURNING id, indicator_id, value, observed_at
    )
    SELECT (SELECT coalesce(json_agg(found), '[]') FROM found)::text AS found,
           (SELECT coalesce(json_agg(json_build_array(id::text, indicator_id, value, extract(epoch FROM observed_at) * 1000)), '[]')
            FROM inserted)::text AS inserted`);
  type FoundRow = {
    id: string;
    code: string;
    unit: string;
    process_id: string;
    owner_unit_id: string;
    archived_at: number | null;
    last_observed_at: number | null;
    expected_interval_minutes: number | null;
  };
  const found = (JSON.parse(result[0].found) as FoundRow[]).map((i) => ({
    id: i.id,
    code: i.code,
    unit: i.unit,
    processId: i.process_id,
    unitId: i.owner_unit_id,
    archivedAt: i.archived_at == null ? null : new Date(i.archived_at),
    lastObservedAt: i.last_observed_at == null ? null : new Date(i.last_observed_at),
    expectedIntervalMinutes: i.expected_interval_minutes,
  }));
  const inserted = (JSON.parse(result[0].inserted) as [string, string, number, number][]).map(([id, indicatorId, value, observedAt]) => ({
    id: BigInt(id),
    indicatorId,
    value: Number(value),
    observedAt: new Date(observedAt),
  }));
  return { found, inserted };
}

type OpenAlertRow = { id: string; ruleId: string; level: AlertLevel; state: "FIRING" | "ACKNOWLEDGED" | "RESOLVED" };
type PendingWithContext = PendingEvent & { ctx: AlertContext };

interface IndicatorBatch {
  info: IndicatorInfo;
  /** The indicator's new readings in observation order (then id). */
  batch: InsertedReading[];
}

/**
 * Evaluates the rules of every indicator of the batch with their rules locked, set-based: a fixed
 * number of statements whatever the number of indicators and rules.
 *
 * 1. Lock and load the rules of all the indicators (one statement, (indicator, id) order), then
 *    lock their indicator rows and read their open alerts, TREND windows and active silences
 *    (one statement).
 * 2. Evaluate in memory, indicator by indicator in id order, each one's readings in observation
 *    order: exactly what evaluating one indicator at a time did, with its state held in memory.
 * 3. Write rule states, alerts and the indicators' status and last value (one statement; two when
 *    a rule resolved its alert and opened a new one in the batch).
 *
 * Returns the events in the order they happened (indicator by indicator) and the status changes
 * in indicator order.
 */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: known debt (issue 9 item 2): evaluateIndicators still mixes load, evaluation and write
async function evaluateIndicators(tx: Tx, batches: IndicatorBatch[], now: Date): Promise<{ pending: PendingWithContext[]; statusChanges: IndicatorStatusMessage[] }> {
  const pending: PendingWithContext[] = [];
  const statusChanges: IndicatorStatusMessage[] = [];
  if (batches.length === 0) return { pending, statusChanges };
  const ids = batches.map((b) => b.info.id);

  const rulesOf = new Map<string, LockedRule[]>(ids.map((id) => [id, []]));
  for (const rule of await lockRulesOfIndicators(tx, ids)) rulesOf.get(rule.indicatorId)?.push(rule);

  const activeOf = new Map<string, LockedRule[]>();
  const windowOf = new Map<string, number>();
  for (const id of ids) {
    const active = rulesOf
      .get(id)!
      .filter((r) => r.enabled && !r.archivedAt)
      .sort((a, b) => byLevel(a, b) || cmp(a.id, b.id));
    activeOf.set(id, active);
    const trends = active.filter((r) => r.kind === "TREND" && isComparable(r));
    if (trends.length > 0) windowOf.set(id, Math.max(...trends.map((r) => Math.max(2, r.trendWindow ?? 10))));
  }
  const processIds = [...new Set(batches.map((b) => b.info.processId))].sort();
  const loaded = await loadBatchState(tx, ids, processIds, windowOf, now);
  const openOf = loaded.openAlerts;
  const windows = loaded.latest;

  // Buffered writes of the whole batch. A flapping series costs nothing more than a steady one:
  // an alert opened and resolved inside the batch is inserted once, already resolved.
  const ruleUpdates: RuleStateUpdate[] = [];
  const created = new Map<string, NewAlert>();
  const updated = new Map<string, AlertPatch>();
  /** Rules whose alert open before the batch resolved in it (their `open_rule_id` is freed). */
  const freedRuleIds = new Set<string>();
  const statusOf = new Map<string, IndicatorStatus>();

  for (const { info, batch } of batches) {
    const ctx: AlertContext = { indicatorId: info.id, processId: info.processId, unitId: info.unitId };
    const rules = rulesOf.get(info.id)!;
    const kindOf = new Map(rules.map((r) => [r.id, r.kind]));
    const openRows = openOf.get(info.id) ?? [];
    const openByRule = new Map<string, OpenAlertRow>(openRows.map((a) => [a.ruleId, { id: a.id, ruleId: a.ruleId, level: a.level, state: a.state }]));
    // Every open alert of the indicator (what its status is computed from).
    const openAlerts = new Map<string, { level: AlertLevel; ruleKind: RuleKind }>(openRows.map((a) => [a.id, { level: a.level, ruleKind: a.ruleKind }]));
    const active = activeOf.get(info.id)!;
    const latest = batch[batch.length - 1];
    const push = (e: PendingEvent) => pending.push({ ...e, at: e.at ?? now, ctx });

    /** Open alerts of value rules (THRESHOLD / TREND) other than `exceptRuleId`. */
    const otherValueAlerts = (exceptRuleId: string) => [...openByRule.values()].filter((a) => a.ruleId !== exceptRuleId && kindOf.get(a.ruleId) !== "NO_DATA");

    const change = (alertId: string, data: AlertPatch) => {
      const fresh = created.get(alertId);
      if (fresh) Object.assign(fresh, data);
      else updated.set(alertId, { ...updated.get(alertId), ...data });
    };

    const fire = (rule: LockedRule, value: number, observedAt: Date, message: string, predictedAt: Date | null = null) => {
      const before = maxLevel(otherValueAlerts(rule.id).map((a) => a.level));
      const alert: OpenAlertRow = { id: newAlertId(), ruleId: rule.id, level: rule.level, state: "FIRING" };
      created.set(alert.id, {
        id: alert.id,
        ruleId: rule.id,
        openRuleId: rule.id,
        indicatorId: info.id,
        level: rule.level,
        state: "FIRING",
        value,
        message,
        predictedAt,
        // Raised during an active silence on the indicator or its process: recorded, marked silenced.
        silenced: loaded.silences.some((s) => s.indicatorId === info.id || (s.processId !== null && s.processId === info.processId)),
        startedAt: observedAt,
        lastFiredAt: observedAt,
      });
      push({ alertId: alert.id, type: "FIRED", level: alert.level, state: "FIRING", value, note: message });
      // Escalation: the indicator's highest open level went up; the lower alerts hear of it.
      if (before && levelRank(alert.level) > levelRank(before)) {
        for (const other of otherValueAlerts(rule.id)) {
          if (levelRank(other.level) < levelRank(alert.level)) {
            push({
              alertId: other.id,
              type: "ESCALATED",
              level: alert.level,
              state: other.state,
              value,
              note: `Escalated to ${alert.level}: alert ${alert.id} fired.`,
            });
          }
        }
      }
      openByRule.set(rule.id, alert);
      openAlerts.set(alert.id, { level: alert.level, ruleKind: rule.kind });
    };

    const resolve = (rule: LockedRule, alert: OpenAlertRow, value: number | null, at: Date, note: string) => {
      change(alert.id, { state: "RESOLVED", openRuleId: null, resolvedAt: at, ...(value !== null ? { value } : {}) });
      if (!created.has(alert.id)) freedRuleIds.add(rule.id);
      openByRule.delete(rule.id);
      openAlerts.delete(alert.id);
      push({ alertId: alert.id, type: "RESOLVED", level: alert.level, state: "RESOLVED", value, note });
      if (kindOf.get(rule.id) === "NO_DATA") return;
      const remaining = otherValueAlerts(rule.id);
      const after = maxLevel(remaining.map((a) => a.level));
      if (after && levelRank(after) < levelRank(alert.level)) {
        for (const other of remaining) {
          push({
            alertId: other.id,
            type: "DEESCALATED",
            level: other.level,
            state: other.state,
            value,
            note: `De-escalated to ${after}: ${alert.level} alert ${alert.id} resolved.`,
          });
        }
      }
    };

    // 1. Data arrived: an open NO_DATA alert resolves once the indicator is no longer missing.
    const newest = info.lastObservedAt && info.lastObservedAt > latest.observedAt ? info.lastObservedAt : latest.observedAt;
    for (const rule of active.filter((r) => r.kind === "NO_DATA")) {
      const open = openByRule.get(rule.id);
      if (open && !isMissing(newest, info.expectedIntervalMinutes, rule.noDataFactor, now)) {
        resolve(rule, open, latest.value, latest.observedAt, "Data received again.");
      }
    }

    // 2. THRESHOLD rules, reading by reading in observation order; WARNING before CRITICAL so a
    //    jump straight to critical fires the warning first and then escalates.
    const thresholds = active.filter((r) => r.kind === "THRESHOLD" && isComparable(r));
    const states = new Map<string, { state: RuleState; watermark: Date | null; changed: boolean }>(
      thresholds.map((r) => {
        const open = openByRule.get(r.id);
        return [
          r.id,
          {
            state: {
              breachCount: r.breachCount,
              breachSince: r.breachSince,
              clearSince: r.clearSince,
              open: open && open.state !== "RESOLVED" ? { level: open.level, state: open.state } : null,
            },
            watermark: r.lastEvaluatedAt,
            changed: false,
          },
        ];
      }),
    );
    for (const reading of batch) {
      for (const rule of thresholds) {
        const st = states.get(rule.id)!;
        // A reading older than what this rule already evaluated (late or backfilled data) is
        // stored and charted but does not move the rule's state backwards.
        if (st.watermark && reading.observedAt < st.watermark) continue;
        const res = evaluateThreshold(rule, st.state, reading);
        st.state = res.state;
        st.watermark = reading.observedAt;
        st.changed = true;
        if (res.decision === "fire") {
          fire(rule, reading.value, reading.observedAt, `${info.code}: ${describeBreach(rule, reading.value, info.unit)}.`);
        } else if (res.decision === "resolve") {
          const open = openByRule.get(rule.id);
          if (open) resolve(rule, open, reading.value, reading.observedAt, "Value back within the clear threshold.");
        } else if (res.decision === "keep") {
          const open = openByRule.get(rule.id);
          if (open) change(open.id, { value: reading.value, ...(res.breaching ? { lastFiredAt: reading.observedAt } : {}) });
        }
      }
    }
    for (const rule of thresholds) {
      const st = states.get(rule.id)!;
      if (!st.changed) continue;
      ruleUpdates.push({
        id: rule.id,
        state: { breachCount: st.state.breachCount, breachSince: st.state.breachSince, clearSince: st.state.clearSince },
        lastEvaluatedAt: st.watermark!,
      });
    }

    // 3. TREND rules: one fit over the latest window after the batch (§4.2.4).
    const trends = active.filter((r) => r.kind === "TREND" && isComparable(r));
    if (trends.length > 0) {
      const samples = (windows.get(info.id) ?? []).slice(-windowOf.get(info.id)!);
      const last = samples[samples.length - 1];
      for (const rule of trends) {
        const open = openByRule.get(rule.id) ?? null;
        const res = evaluateTrend(rule, samples, open && open.state !== "RESOLVED" ? { level: open.level, state: open.state } : null);
        if (res.decision === "fire" && res.predictedAt) {
          fire(
            rule,
            last.value,
            last.observedAt,
            `${info.code}: the trend of the last ${samples.length} readings reaches the ${rule.level.toLowerCase()} threshold (${describeLimit(rule)}) at ${res.predictedAt.toISOString()}.`,
            res.predictedAt,
          );
        } else if (res.decision === "resolve" && open) {
          resolve(rule, open, last.value, last.observedAt, "Projection no longer crosses the threshold.");
        } else if (res.decision === "keep" && open) {
          change(open.id, { value: last.value, predictedAt: res.predictedAt });
        }
        ruleUpdates.push({ id: rule.id, lastEvaluatedAt: last.observedAt });
      }
    }

    statusOf.set(info.id, statusFromOpenAlerts([...openAlerts.values()]));
  }

  const indicatorUpdates: IndicatorUpdate[] = [];
  for (const { info, batch } of batches) {
    const row = loaded.indicators.get(info.id);
    if (!row) continue;
    const status = statusOf.get(info.id)!;
    const changed = row.status !== status;
    if (changed) statusChanges.push({ indicatorId: info.id, processId: row.processId, status, previous: row.status });
    const latest = batch[batch.length - 1];
    indicatorUpdates.push({ id: info.id, status: changed ? status : null, lastValue: latest.value, lastObservedAt: latest.observedAt });
  }
  await writeBatch(tx, { rules: ruleUpdates, alerts: updated, created: [...created.values()], indicators: indicatorUpdates }, freedRuleIds);
  return { pending, statusChanges };
}

/** "above 80", "below 10", "outside [10, 20]". */
function describeLimit(rule: { comparator: string | null; value: number | null; upperValue: number | null }): string {
  if (rule.comparator === "OUTSIDE") return `outside [${rule.value}, ${rule.upperValue}]`;
  return `${String(rule.comparator).toLowerCase()} ${rule.value}`;
}
