/**
 * Transaction building blocks shared by ingest, the scheduler and alert actions: the lock order
 * (an indicator's rules, then its alerts, then the indicator row, then the AlertEvent append
 * lock), status recomputation, and retrying a transaction that lost a deadlock.
 */
import { Prisma, type PrismaClient, type Tx } from "../../../lib/db.js";
import type { IndicatorStatusMessage } from "../../../lib/pubsub.js";
import { type Sql, transactionOf } from "../../../lib/sql.js";
import { statusFromOpenAlerts, type AlertLevel, type Comparator, type IndicatorStatus, type RuleKind, type RuleSpec } from "../rules.js";

/** Options of every monitoring transaction. */
export const TX_OPTIONS = { timeout: 60_000, maxWait: 20_000 } as const;

/**
 * Locks every rule of an indicator (in id order, so two transactions never wait on each other in
 * a cycle). This is the row lock on the indicator's rule state: whoever holds it is the only one
 * opening, changing or resolving that indicator's alerts.
 *
 * `FOR NO KEY UPDATE`, not `FOR UPDATE`, here and on the indicator row: inserting a reading or an
 * alert takes a KEY SHARE lock on the row it references, and a concurrent ingest that has
 * inserted its readings and now waits for these rules must not block us from updating the
 * indicator (that cycle is a deadlock with FOR UPDATE).
 */
export async function lockIndicatorRules(tx: Tx, indicatorId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM threshold_rule WHERE indicator_id = ${indicatorId} ORDER BY id FOR NO KEY UPDATE`;
  return rows.map((r) => r.id);
}

/** A rule as the batch evaluation reads it: what evaluation needs, plus its identity and state. */
export interface LockedRule extends RuleSpec {
  id: string;
  indicatorId: string;
  enabled: boolean;
  archivedAt: Date | null;
  breachCount: number;
  breachSince: Date | null;
  clearSince: Date | null;
  lastEvaluatedAt: Date | null;
}

const num = (v: unknown): number | null => (v == null ? null : Number(v));
const date = (v: unknown): Date | null => (v == null ? null : new Date(Number(v)));

/**
 * A `timestamp(3)` column (UTC) as milliseconds since the epoch, for raw reads: a raw `timestamp`
 * value reaches the client as a zone-less text that a driver may read in the process's zone.
 */
export const epochMs = (column: string) => Prisma.raw(`(extract(epoch FROM ${column}) * 1000)::float8`);

/**
 * The set-based form of `lockIndicatorRules` for a batch over many indicators: the locking SELECT
 * of every rule of all the given indicators, in (indicator, id) order, as a fragment for the
 * statement that loads the batch's state (batch-store.ts `loadBatchState` runs it as its first,
 * materialised CTE). The order is the one `lockIndicatorRules` keeps per indicator, extended over
 * indicators, so a batch never waits in a cycle with another batch, the scheduler (one
 * indicator's rules) or an alert action (one rule). It is taken before any indicator row lock:
 * rules first, then indicator rows, then the AlertEvent append lock.
 *
 * A locking read returns the newest committed version of each row it waited for, so the state
 * read here is the state the lock protects. `lockedRuleOf` reads one of its rows.
 */
export function lockRulesOfIndicatorsSql(indicatorIds: string[]): Prisma.Sql {
  return Prisma.sql`
      SELECT id, indicator_id, kind::text AS kind, level::text AS level, comparator::text AS comparator,
             value, upper_value, clear_value, clear_upper_value, consecutive, pending_minutes, keep_firing_minutes,
             no_data_factor, trend_window, trend_horizon_minutes, enabled, ${epochMs("archived_at")} AS archived_at,
             breach_count, ${epochMs("breach_since")} AS breach_since, ${epochMs("clear_since")} AS clear_since,
             ${epochMs("last_evaluated_at")} AS last_evaluated_at
      FROM threshold_rule
      WHERE indicator_id = ANY(${indicatorIds}::text[])
      ORDER BY indicator_id, id
      FOR NO KEY UPDATE`;
}

/** A row of `lockRulesOfIndicatorsSql` (read back from JSON) as a rule. */
export function lockedRuleOf(r: Record<string, unknown>): LockedRule {
  return {
    id: String(r.id),
    indicatorId: String(r.indicator_id),
    kind: r.kind as RuleKind,
    level: r.level as AlertLevel,
    comparator: (r.comparator as Comparator | null) ?? null,
    value: num(r.value),
    upperValue: num(r.upper_value),
    clearValue: num(r.clear_value),
    clearUpperValue: num(r.clear_upper_value),
    consecutive: Number(r.consecutive),
    pendingMinutes: Number(r.pending_minutes),
    keepFiringMinutes: Number(r.keep_firing_minutes),
    noDataFactor: Number(r.no_data_factor),
    trendWindow: num(r.trend_window),
    trendHorizonMinutes: num(r.trend_horizon_minutes),
    enabled: r.enabled === true,
    archivedAt: date(r.archived_at),
    breachCount: Number(r.breach_count),
    breachSince: date(r.breach_since),
    clearSince: date(r.clear_since),
    lastEvaluatedAt: date(r.last_evaluated_at),
  };
}

/** Locks one rule (alert actions lock the rule of the alert they change). */
export async function lockRule(tx: Tx, ruleId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM threshold_rule WHERE id = ${ruleId} FOR NO KEY UPDATE`;
}

/**
 * Recomputes an indicator's status from the open alerts of its rules and stores it when it
 * changed. Call with the indicator's rules locked. `override` replaces the computed status (the
 * scheduler sets NO_DATA for an indicator without a NO_DATA rule).
 */
export async function refreshIndicatorStatus(
  tx: Tx,
  indicatorId: string,
  override?: (computed: IndicatorStatus, locked: { lastObservedAt: Date | null }) => IndicatorStatus,
): Promise<IndicatorStatusMessage | null> {
  const locked = await tx.$queryRaw<{ status: string; process_id: string; last_observed_at: Date | null }[]>`
    SELECT status::text AS status, process_id, last_observed_at FROM indicator WHERE id = ${indicatorId} FOR NO KEY UPDATE`;
  if (locked.length === 0) return null;
  const open = await tx.alert.findMany({
    where: { indicatorId, state: { in: ["FIRING", "ACKNOWLEDGED"] } },
    select: { level: true, rule: { select: { kind: true } } },
  });
  const computed = statusFromOpenAlerts(open.map((a) => ({ level: a.level, ruleKind: a.rule!.kind })));
  const lastObservedAt = locked[0].last_observed_at ? new Date(locked[0].last_observed_at) : null;
  const status = override ? override(computed, { lastObservedAt }) : computed;
  const previous = locked[0].status;
  if (previous === status) return null;
  await tx.indicator.update({ where: { id: indicatorId }, data: { status } });
  return { indicatorId, processId: locked[0].process_id, status, previous };
}

/** Deadlocks, serialisation failures and a lost race on a unique key are worth one more try. */
export function isRetryable(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; meta?: Record<string, unknown>; cause?: unknown } | null;
  if (!e || typeof e !== "object") return false;
  if (e.code === "P2034") return true;
  const text = [
    String(e.message ?? ""),
    JSON.stringify(e.meta ?? {}),
    String((e as { constraint?: unknown }).constraint ?? ""),
    String((e.cause as { message?: string })?.message ?? ""),
  ].join(" ");
  if (/40P01|40001|deadlock detected|could not serialize/i.test(text)) return true;
  // Prisma's unique-violation code, or PostgreSQL's on the driver (lib/sql.ts).
  if ((e.code === "P2002" || e.code === "23505") && /open_rule_id|openRuleId/.test(text)) return true;
  return false;
}

/** Runs `fn` (one whole transaction) again when it failed for a retryable reason. */
export async function withRetry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}

/** An interactive transaction with the monitoring options, retried on deadlock. */
export function monitoringTransaction<T>(prisma: PrismaClient, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return withRetry(() => prisma.$transaction((tx) => fn(tx), TX_OPTIONS));
}

/**
 * The ingest's transaction: on the driver, without Prisma's client (lib/sql.ts; its statements are
 * built with `Prisma.sql` and return text, numbers and JSON text only), retried on deadlock.
 */
export function driverTransaction<T>(prisma: PrismaClient, fn: (sql: Sql) => Promise<T>): Promise<T> {
  const transaction = transactionOf(prisma);
  return withRetry(() => transaction(fn));
}
