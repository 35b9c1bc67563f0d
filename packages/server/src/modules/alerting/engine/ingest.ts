/**
 * The hot path (design: "Flow of a reading"; §2.3.3 run data, §4.2.4 data analysis, §5.3.1
 * real-time monitoring, §5.3.2 early warning): a batch of readings is validated, inserted
 * set-based, and every affected indicator's rules are evaluated under a row lock on their state,
 * all in one transaction. The caller publishes the returned messages after commit.
 *
 * The transaction's statements do not depend on how many indicators or rules a batch touches:
 * insert (with the indicator lookup); lock the rules and the indicators and load them with their
 * alerts / TREND windows / silences; write the results and the audit row; append the AlertEvents
 * (with the outbox rows, notification/outbox.ts). The rules
 * are evaluated in memory in between (evaluate-batch.ts `evaluateBatch`, over rules.ts).
 */
import { Prisma, type PrismaClient } from "../../../lib/db.js";
import type { Sql } from "../../../lib/sql.js";
import { auditInsertSql } from "../../../lib/audit.js";
import { DomainError } from "../../../lib/errors.js";
import { dateProblem, measureProblem } from "../../common/validation.js";
import type { AlertEventMessage, IndicatorStatusMessage, ReadingMessage } from "../../../lib/pubsub.js";
import { appendAlertEvents } from "./events.js";
import type { PendingWithContext } from "./alert-changes.js";
import { loadBatchState, writeBatch } from "./batch-store.js";
import { keyedReadingInsert } from "./reading-keys.js";
import { evaluateBatch, type IndicatorBatch, type IndicatorInfo, type InsertedReading } from "./evaluate-batch.js";
import { driverTransaction, epochMs } from "./store.js";

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

export interface NormalizedReading {
  index: number;
  indicatorId: string;
  value: number;
  observedAt: Date;
  key: string | null;
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

  // On the driver, not through Prisma's client (lib/sql.ts): its runtime and query compiler were a
  // quarter of the batch's CPU (docs/bench/ingest.md).
  return driverTransaction(prisma, async (tx) => {
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
    const result = { accepted: inserted.length, duplicates: rows.length - inserted.length, events: [] as AlertEventMessage[], readings: [] as ReadingMessage[] };
    // The batch's audit row (§6.4) goes in with the evaluation's writes, as one of their CTEs: it
    // needs only the number of alert events the evaluation decided (one per pending change).
    const audit = (alertEvents: number) => {
      if (!options.audit || result.accepted === 0) return [];
      const { action, ...actor } = options.audit;
      const changes = { accepted: result.accepted, duplicates: result.duplicates, indicatorIds, alertEvents };
      return [auditInsertSql(actor, action, [{ entity: "ReadingBatch", entityId: indicatorIds.join(","), changes }])];
    };
    const { pending, statusChanges } = await evaluateIndicators(tx, batches, now, audit);
    for (const { info, batch } of batches) {
      for (const r of batch) result.readings.push({ indicatorId: info.id, processId: info.processId, value: r.value, observedAt: r.observedAt.toISOString() });
    }
    const ctx = new Map(pending.map((p) => [p.alertId, p.ctx]));
    result.events = await appendAlertEvents(
      tx,
      pending.map(({ ctx: _ctx, ...e }) => e),
      (alertId) => ctx.get(alertId)!,
    );
    return { ...result, statusChanges };
  });
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The batch's indicators (with their process's owner unit) and one set-based INSERT of its
 * readings, in one statement. Readings whose (indicator, key) exists are skipped through
 * `reading_key` (reading-keys.ts); no reading is inserted unless all `indicatorIds` exist and are not archived (the caller
 * then refuses the batch). The rows go in as four typed arrays (`unnest`: PostgreSQL reads them in
 * about half the time of one JSON parameter) and come back as one JSON value (one string for the
 * client instead of a thousand rows).
 */
async function insertReadings(
  tx: Sql,
  rows: NormalizedReading[],
  indicatorIds: string[],
): Promise<{ found: (IndicatorInfo & { archivedAt: Date | null })[]; inserted: InsertedReading[] }> {
  // Times as ISO strings, read as UTC: the columns are `timestamp(3)` holding UTC, whatever the
  // session zone. Numbers go as the shortest text that reads back as the same double.
  const n = rows.length;
  const ids = new Array<string>(n);
  const values = new Array<number>(n);
  const times = new Array<string>(n);
  const keys = new Array<string | null>(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    ids[i] = r.indicatorId;
    values[i] = r.value;
    times[i] = r.observedAt.toISOString();
    keys[i] = r.key;
  }
  const result = await tx<{ found: string; inserted: string }>(Prisma.sql`
    WITH found AS (
      SELECT i.id, i.code, i.unit, i.process_id, p.owner_unit_id, ${epochMs("i.archived_at")} AS archived_at,
             ${epochMs("i.last_observed_at")} AS last_observed_at, i.expected_interval_minutes
      FROM indicator i JOIN process p ON p.id = i.process_id
      WHERE i.id = ANY(${indicatorIds}::text[])
    ), src AS (
      SELECT u.indicator_id, u.value, (u.observed_at AT TIME ZONE 'UTC') AS observed_at, u.key, u.n
      FROM unnest(${ids}::text[], ${values}::float8[], ${times}::timestamptz[], ${keys}::text[]) WITH ORDINALITY AS u(indicator_id, value, observed_at, key, n)
      WHERE (SELECT count(*) FROM found WHERE found.archived_at IS NULL) = ${indicatorIds.length}
    ), ${keyedReadingInsert}
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

/**
 * Load → evaluate → write, with the rules of every indicator of the batch locked: a fixed number
 * of statements whatever the number of indicators and rules.
 *
 * 1. Lock the rules of all the indicators ((indicator, id) order), then their indicator rows, and
 *    read the rules, open alerts, TREND windows and active silences (one statement).
 * 2. `evaluateBatch` in memory (evaluate-batch.ts).
 * 3. Write rule states, alerts, the indicators' status and last value, and the batch's audit row
 *    (one statement; two when a rule resolved its alert and opened a new one in the batch).
 */
async function evaluateIndicators(
  tx: Sql,
  batches: IndicatorBatch[],
  now: Date,
  audit: (alertEvents: number) => Prisma.Sql[],
): Promise<{ pending: PendingWithContext[]; statusChanges: IndicatorStatusMessage[] }> {
  if (batches.length === 0) return { pending: [], statusChanges: [] };
  const ids = batches.map((b) => b.info.id);
  const processIds = [...new Set(batches.map((b) => b.info.processId))].sort();
  const { rules, state } = await loadBatchState(tx, ids, processIds, now);
  const result = evaluateBatch({ ...state, rules }, batches, now);
  await writeBatch(tx, { rules: result.rules, alerts: result.alerts, created: result.created, indicators: result.indicators }, result.freedRuleIds, audit(result.pending.length));
  return { pending: result.pending, statusChanges: result.statusChanges };
}
