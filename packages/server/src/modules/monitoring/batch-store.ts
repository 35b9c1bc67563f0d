/**
 * Set-based reads and writes of the ingest transaction (§2.3.3, §5.3.2): each function is one SQL
 * statement for all the indicators of a batch, so the statements per batch do not grow with the
 * number of indicators or rules. Call them with the indicators' rules locked
 * (`lockRulesOfIndicators`), the lock that makes the caller the only writer of their state.
 *
 * Times go to PostgreSQL as ISO strings read as UTC (`::timestamptz AT TIME ZONE 'UTC'`): the
 * columns are `timestamp(3)` holding UTC, whatever the session zone.
 */
import { Prisma, type Tx } from "../../lib/db.js";
import type { AlertLevel, AlertState, IndicatorStatus, RuleKind, Sample } from "./rules.js";

const iso = (d: Date | null | undefined) => (d == null ? null : d.toISOString());
const date = (v: unknown): Date => new Date(v as string | Date);

/** An open (FIRING or ACKNOWLEDGED) alert with the kind of its rule. */
export interface OpenAlertRecord {
  id: string;
  ruleId: string;
  indicatorId: string;
  level: AlertLevel;
  state: "FIRING" | "ACKNOWLEDGED";
  ruleKind: RuleKind;
}

/** The open alerts of the indicators, per indicator in the order they were created. */
export async function loadOpenAlerts(tx: Tx, indicatorIds: string[]): Promise<Map<string, OpenAlertRecord[]>> {
  const out = new Map<string, OpenAlertRecord[]>(indicatorIds.map((id) => [id, []]));
  if (indicatorIds.length === 0) return out;
  const rows = await tx.$queryRaw<{ id: string; rule_id: string; indicator_id: string; level: string; state: string; rule_kind: string }[]>(
    Prisma.sql`
    SELECT a.id, a.rule_id, a.indicator_id, a.level::text AS level, a.state::text AS state, r.kind::text AS rule_kind
    FROM alert a JOIN threshold_rule r ON r.id = a.rule_id
    WHERE a.indicator_id = ANY(${indicatorIds}::text[]) AND a.state IN ('FIRING', 'ACKNOWLEDGED')
    ORDER BY a.indicator_id, a.created_at, a.id`,
  );
  for (const r of rows) {
    const list = out.get(r.indicator_id) ?? [];
    list.push({
      id: r.id,
      ruleId: r.rule_id,
      indicatorId: r.indicator_id,
      level: r.level as AlertLevel,
      state: r.state as "FIRING" | "ACKNOWLEDGED",
      ruleKind: r.rule_kind as RuleKind,
    });
    out.set(r.indicator_id, list);
  }
  return out;
}

/**
 * The latest `size` readings of each indicator (by observation time, then id), oldest first: the
 * TREND windows of a batch in one statement (a LATERAL top-n per indicator on the
 * (indicator_id, observed_at) index).
 */
export async function loadLatestReadings(tx: Tx, sizes: Map<string, number>): Promise<Map<string, Sample[]>> {
  const out = new Map<string, Sample[]>([...sizes.keys()].map((id) => [id, []]));
  if (sizes.size === 0) return out;
  const ids = [...sizes.keys()];
  const limits = ids.map((id) => sizes.get(id)!);
  const rows = await tx.$queryRaw<{ indicator_id: string; value: number; observed_at: Date | string }[]>(Prisma.sql`
    SELECT u.indicator_id, w.value, w.observed_at
    FROM unnest(${ids}::text[], ${limits}::int[]) AS u(indicator_id, n)
    CROSS JOIN LATERAL (
      SELECT r.id, r.value, r.observed_at FROM reading r
      WHERE r.indicator_id = u.indicator_id
      ORDER BY r.observed_at DESC, r.id DESC
      LIMIT u.n
    ) AS w
    ORDER BY u.indicator_id, w.observed_at, w.id`);
  for (const r of rows) out.get(r.indicator_id)!.push({ value: Number(r.value), observedAt: date(r.observed_at) });
  return out;
}

/** Silences active at `now` on any of the indicators or processes. */
export async function loadActiveSilences(
  tx: Tx,
  indicatorIds: string[],
  processIds: string[],
  now: Date,
): Promise<{ indicatorId: string | null; processId: string | null }[]> {
  if (indicatorIds.length === 0 && processIds.length === 0) return [];
  return tx.silence.findMany({
    where: {
      startsAt: { lte: now },
      endsAt: { gt: now },
      OR: [{ indicatorId: { in: indicatorIds } }, { processId: { in: processIds } }],
    },
    select: { indicatorId: true, processId: true },
  });
}

/** A rule's new evaluation state; `state` absent (TREND) changes only `lastEvaluatedAt`. */
export interface RuleStateUpdate {
  id: string;
  state?: { breachCount: number; breachSince: Date | null; clearSince: Date | null };
  lastEvaluatedAt: Date;
}

/** Writes the rules' evaluation state: one UPDATE … FROM unnest(…). */
export async function updateRuleStates(tx: Tx, updates: RuleStateUpdate[], now: Date = new Date()): Promise<void> {
  if (updates.length === 0) return;
  await tx.$executeRaw(Prisma.sql`
    UPDATE threshold_rule AS r SET
      breach_count = CASE WHEN u.has_state THEN u.breach_count ELSE r.breach_count END,
      breach_since = CASE WHEN u.has_state THEN (u.breach_since::timestamptz AT TIME ZONE 'UTC') ELSE r.breach_since END,
      clear_since = CASE WHEN u.has_state THEN (u.clear_since::timestamptz AT TIME ZONE 'UTC') ELSE r.clear_since END,
      last_evaluated_at = (u.last_evaluated_at::timestamptz AT TIME ZONE 'UTC'),
      updated_at = (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC')
    FROM unnest(
      ${updates.map((u) => u.id)}::text[],
      ${updates.map((u) => u.state !== undefined)}::boolean[],
      ${updates.map((u) => u.state?.breachCount ?? 0)}::int[],
      ${updates.map((u) => iso(u.state?.breachSince))}::text[],
      ${updates.map((u) => iso(u.state?.clearSince))}::text[],
      ${updates.map((u) => iso(u.lastEvaluatedAt))}::text[]
    ) AS u(id, has_state, breach_count, breach_since, clear_since, last_evaluated_at)
    WHERE r.id = u.id`);
}

/** The changes to an existing alert; an absent field stays as it is. */
export interface AlertPatch {
  state?: AlertState;
  openRuleId?: string | null;
  resolvedAt?: Date | null;
  value?: number | null;
  lastFiredAt?: Date;
  predictedAt?: Date | null;
}

/** Writes changes to existing alerts: one UPDATE … FROM unnest(…). */
export async function updateAlerts(tx: Tx, patches: Map<string, AlertPatch>, now: Date = new Date()): Promise<void> {
  if (patches.size === 0) return;
  const ids = [...patches.keys()];
  const list = ids.map((id) => patches.get(id)!);
  const has = (k: keyof AlertPatch) => list.map((p) => p[k] !== undefined);
  await tx.$executeRaw(Prisma.sql`
    UPDATE alert AS a SET
      state = CASE WHEN u.has_state THEN u.state::"AlertState" ELSE a.state END,
      open_rule_id = CASE WHEN u.has_open_rule_id THEN u.open_rule_id ELSE a.open_rule_id END,
      resolved_at = CASE WHEN u.has_resolved_at THEN (u.resolved_at::timestamptz AT TIME ZONE 'UTC') ELSE a.resolved_at END,
      value = CASE WHEN u.has_value THEN u.value ELSE a.value END,
      last_fired_at = CASE WHEN u.has_last_fired_at THEN (u.last_fired_at::timestamptz AT TIME ZONE 'UTC') ELSE a.last_fired_at END,
      predicted_at = CASE WHEN u.has_predicted_at THEN (u.predicted_at::timestamptz AT TIME ZONE 'UTC') ELSE a.predicted_at END,
      updated_at = (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC')
    FROM unnest(
      ${ids}::text[],
      ${has("state")}::boolean[], ${list.map((p) => p.state ?? null)}::text[],
      ${has("openRuleId")}::boolean[], ${list.map((p) => p.openRuleId ?? null)}::text[],
      ${has("resolvedAt")}::boolean[], ${list.map((p) => iso(p.resolvedAt))}::text[],
      ${has("value")}::boolean[], ${list.map((p) => p.value ?? null)}::float8[],
      ${has("lastFiredAt")}::boolean[], ${list.map((p) => iso(p.lastFiredAt))}::text[],
      ${has("predictedAt")}::boolean[], ${list.map((p) => iso(p.predictedAt))}::text[]
    ) AS u(id, has_state, state, has_open_rule_id, open_rule_id, has_resolved_at, resolved_at, has_value, value,
           has_last_fired_at, last_fired_at, has_predicted_at, predicted_at)
    WHERE a.id = u.id`);
}

/** An indicator's new status (null: unchanged) and the newest reading of the batch. */
export interface IndicatorUpdate {
  id: string;
  status: IndicatorStatus | null;
  lastValue: number;
  lastObservedAt: Date;
}

/**
 * Stores the indicators' status (where it changed) and last value (where the batch's newest
 * reading is newer than the stored one): one UPDATE … FROM unnest(…). Call it with the indicator
 * rows locked (`lockIndicators`).
 */
export async function updateIndicators(tx: Tx, updates: IndicatorUpdate[], now: Date = new Date()): Promise<void> {
  if (updates.length === 0) return;
  await tx.$executeRaw(Prisma.sql`
    UPDATE indicator AS i SET
      status = COALESCE(u.status::"IndicatorStatus", i.status),
      last_value = CASE WHEN i.last_observed_at IS NULL OR i.last_observed_at < u.last_observed_at
                        THEN u.last_value ELSE i.last_value END,
      last_observed_at = CASE WHEN i.last_observed_at IS NULL OR i.last_observed_at < u.last_observed_at
                              THEN u.last_observed_at ELSE i.last_observed_at END,
      updated_at = (${now.toISOString()}::timestamptz AT TIME ZONE 'UTC')
    FROM (
      SELECT t.id, t.status, t.last_value, (t.last_observed_at::timestamptz AT TIME ZONE 'UTC') AS last_observed_at
      FROM unnest(
        ${updates.map((u) => u.id)}::text[],
        ${updates.map((u) => u.status)}::text[],
        ${updates.map((u) => u.lastValue)}::float8[],
        ${updates.map((u) => u.lastObservedAt.toISOString())}::text[]
      ) AS t(id, status, last_value, last_observed_at)
    ) AS u
    WHERE i.id = u.id
      AND (u.status IS NOT NULL OR i.last_observed_at IS NULL OR i.last_observed_at < u.last_observed_at)`);
}
