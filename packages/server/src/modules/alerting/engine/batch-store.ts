/**
 * Set-based reads and writes of the ingest transaction (§2.3.3, §5.3.2): each function is one SQL
 * statement for all the indicators of a batch, so the statements per batch do not grow with the
 * number of indicators or rules.
 *
 * Lock order (store.ts): the rules of all the batch's indicators, then their indicator rows (both
 * in `loadBatchState`), then the AlertEvent append lock (`appendAlertEvents`).
 *
 * Times go to PostgreSQL as ISO strings read as UTC (`::timestamptz AT TIME ZONE 'UTC'`): the
 * columns are `timestamp(3)` holding UTC, whatever the session zone.
 */
import { Prisma } from "../../../lib/db.js";
import type { Sql } from "../../../lib/sql.js";
import type { AlertLevel, AlertState, IndicatorStatus, RuleKind, Sample } from "../rules.js";
import { trendWindows } from "./evaluate-batch.js";
import { epochMs, type LockedRule, lockedRuleOf, lockRulesOfIndicatorsSql } from "./store.js";

const iso = (d: Date | null | undefined) => (d == null ? null : d.toISOString());
/** Milliseconds since the epoch (see `epochMs`) as a Date. */
const date = (v: unknown): Date => new Date(Number(v));
/** A time parameter as a UTC `timestamp`. */
const utc = (value: string) => Prisma.sql`(${value}::timestamptz AT TIME ZONE 'UTC')`;

/** An open (FIRING or ACKNOWLEDGED) alert with the kind of its rule. */
export interface OpenAlertRecord {
  id: string;
  ruleId: string;
  indicatorId: string;
  level: AlertLevel;
  state: "FIRING" | "ACKNOWLEDGED";
  ruleKind: RuleKind;
}

/** An indicator row as locked for the batch. */
export interface LockedIndicator {
  id: string;
  status: IndicatorStatus;
  processId: string;
}

/** What the evaluation of a batch reads once its rules are locked. */
export interface BatchState {
  /** The locked indicator rows. */
  indicators: Map<string, LockedIndicator>;
  /** Open alerts per indicator, in the order they were created. */
  openAlerts: Map<string, OpenAlertRecord[]>;
  /** The latest readings per indicator asked for in `windows`, oldest first. */
  latest: Map<string, Sample[]>;
  /** Silences active at `now` on the indicators or their processes. */
  silences: { indicatorId: string | null; processId: string | null }[];
}

/**
 * One statement: locks the rules of the indicators (store.ts `lockRulesOfIndicatorsSql`, a
 * materialised CTE that every other part waits for), then the indicator rows (`FOR NO KEY
 * UPDATE`, id order, as `refreshIndicatorStatus` does; see store.ts for why not FOR UPDATE), and
 * reads their status, their open alerts, the latest readings each indicator's TREND rules need
 * (the window of every enabled, unarchived TREND rule: a LATERAL top-n on the (indicator_id,
 * observed_at) index; evaluation keeps the newest `trendWindows` of them) and the active silences
 * on them or their processes. One round trip instead of two: the rules' lock no longer waits for
 * the client between it and the indicator rows' lock.
 *
 * The indicator rows are locked only after every rule is: their scan sits under a one-time filter
 * on the rules CTE, which PostgreSQL evaluates before the first indicator row is read. Alerts are
 * read in the statement that may wait for an indicator row: no other transaction can change these
 * indicators' alerts meanwhile, since every writer of an alert holds its rule's lock, which this
 * transaction already has.
 */
export async function loadBatchState(sql: Sql, indicatorIds: string[], processIds: string[], now: Date): Promise<{ rules: LockedRule[]; state: BatchState }> {
  if (indicatorIds.length === 0) {
    return { rules: [], state: { indicators: new Map(), openAlerts: new Map(), latest: new Map(), silences: [] } };
  }
  // The rules come back as one JSON value; four kinds of state rows (I: indicator, A: alert,
  // R: reading, S: silence) as another.
  const result = await sql<{ rules: string; rows: string }>(Prisma.sql`
    WITH rules AS MATERIALIZED (${lockRulesOfIndicatorsSql(indicatorIds)}
    ), windows AS (
      SELECT indicator_id, max(greatest(2, coalesce(trend_window, 10)))::int AS size FROM rules
      WHERE kind = 'TREND' AND enabled AND archived_at IS NULL
      GROUP BY indicator_id
    ), locked AS MATERIALIZED (
      SELECT id, status::text AS status, process_id FROM indicator
      WHERE id = ANY(${indicatorIds}::text[]) AND (SELECT count(*) FROM rules) >= 0
      ORDER BY id
      FOR NO KEY UPDATE
    ), state AS (
    SELECT 'I'::text AS t, id AS k1, status AS k2, process_id AS k3, NULL::text AS k4, NULL::text AS k5, NULL::text AS k6,
           NULL::float8 AS v, NULL::float8 AS at, NULL::bigint AS n
    FROM locked
    UNION ALL
    SELECT 'A', a.id, a.rule_id, a.indicator_id, a.level::text, a.state::text, r.kind::text, NULL, ${epochMs("a.created_at")}, NULL
    FROM alert a JOIN threshold_rule r ON r.id = a.rule_id
    WHERE a.indicator_id = ANY(${indicatorIds}::text[]) AND a.state IN ('FIRING', 'ACKNOWLEDGED')
    UNION ALL
    SELECT 'R', u.indicator_id, NULL, NULL, NULL, NULL, NULL, w.value, ${epochMs("w.observed_at")}, w.id
    FROM windows u
    CROSS JOIN LATERAL (
      SELECT r.id, r.value, r.observed_at FROM reading r
      WHERE r.indicator_id = u.indicator_id
      ORDER BY r.observed_at DESC, r.id DESC
      LIMIT u.size
    ) AS w
    UNION ALL
    SELECT 'S', s.indicator_id, s.process_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM silence s
    WHERE s.starts_at <= ${utc(now.toISOString())} AND s.ends_at > ${utc(now.toISOString())}
      AND (s.indicator_id = ANY(${indicatorIds}::text[]) OR s.process_id = ANY(${processIds}::text[]))
    )
    SELECT (SELECT coalesce(json_agg(r ORDER BY r.indicator_id, r.id), '[]') FROM rules r)::text AS rules,
           (SELECT coalesce(json_agg(json_build_array(t, k1, k2, k3, k4, k5, k6, v, at, n::text)), '[]') FROM state)::text AS rows`);
  const rules = (JSON.parse(result[0].rules) as Record<string, unknown>[]).map(lockedRuleOf);
  const state: BatchState = {
    indicators: new Map(),
    openAlerts: new Map(indicatorIds.map((id) => [id, []])),
    latest: new Map([...trendWindows(rules).keys()].map((id) => [id, []])),
    silences: [],
  };
  type Text = string | null;
  type Row = { t: string; k1: Text; k2: Text; k3: Text; k4: Text; k5: Text; k6: Text; v: number | null; at: number | null; n: Text };
  const rows: Row[] = (JSON.parse(result[0].rows) as Row[keyof Row][][]).map(([t, k1, k2, k3, k4, k5, k6, v, at, n]) => ({ t, k1, k2, k3, k4, k5, k6, v, at, n }) as Row);

  const alerts: (OpenAlertRecord & { createdAt: number })[] = [];
  const readings: { indicatorId: string; sample: Sample; id: bigint }[] = [];
  for (const r of rows) {
    switch (r.t) {
      case "I":
        state.indicators.set(r.k1!, { id: r.k1!, status: r.k2 as IndicatorStatus, processId: r.k3! });
        break;
      case "A":
        alerts.push({
          id: r.k1!,
          ruleId: r.k2!,
          indicatorId: r.k3!,
          level: r.k4 as AlertLevel,
          state: r.k5 as "FIRING" | "ACKNOWLEDGED",
          ruleKind: r.k6 as RuleKind,
          createdAt: date(r.at).getTime(),
        });
        break;
      case "R":
        readings.push({ indicatorId: r.k1!, sample: { value: Number(r.v), observedAt: date(r.at) }, id: BigInt(r.n!) });
        break;
      case "S":
        state.silences.push({ indicatorId: r.k1, processId: r.k2 });
        break;
    }
  }
  alerts.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const { createdAt: _createdAt, ...a } of alerts) state.openAlerts.get(a.indicatorId)?.push(a);
  readings.sort((a, b) => a.sample.observedAt.getTime() - b.sample.observedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const r of readings) state.latest.get(r.indicatorId)?.push(r.sample);
  return { rules, state };
}

/** A rule's new evaluation state; `state` absent (TREND) changes only `lastEvaluatedAt`. */
export interface RuleStateUpdate {
  id: string;
  state?: { breachCount: number; breachSince: Date | null; clearSince: Date | null };
  lastEvaluatedAt: Date;
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

/** An alert to insert. */
export interface NewAlert {
  id: string;
  ruleId: string;
  openRuleId: string | null;
  indicatorId: string;
  level: AlertLevel;
  state: AlertState;
  value: number | null;
  message: string;
  predictedAt: Date | null;
  silenced: boolean;
  startedAt: Date;
  lastFiredAt: Date;
  resolvedAt?: Date | null;
}

/** An indicator's new status (null: unchanged) and the newest reading of the batch. */
export interface IndicatorUpdate {
  id: string;
  status: IndicatorStatus | null;
  lastValue: number;
  lastObservedAt: Date;
}

export interface BatchWrites {
  rules: RuleStateUpdate[];
  /** Changes to alerts that existed before the batch. */
  alerts: Map<string, AlertPatch>;
  /** Alerts opened by the batch (possibly resolved in it too). */
  created: NewAlert[];
  indicators: IndicatorUpdate[];
}

/**
 * Writes what the evaluation of a batch decided, with the rules and indicator rows locked:
 * rule states, changed alerts, new alerts and the indicators' status and last value in one
 * statement (a data-modifying CTE per table, each over `json_to_recordset` of one JSON
 * parameter), or two when a rule resolved its open alert and opened a new one in the same batch:
 * the new alert then goes in after the update that freed the rule's `open_rule_id` (a unique
 * index), as the per-indicator code wrote updates before inserts. `also`: more data-modifying
 * statements of the transaction to run as CTEs of the first statement (the batch's audit row).
 *
 * `updated_at` (and `created_at` of new alerts) is the wall clock, as Prisma's `@updatedAt` sets it.
 */
export async function writeBatch(sql: Sql, writes: BatchWrites, freedRuleIds: Set<string>, also: Prisma.Sql[] = []): Promise<void> {
  const stamp = new Date().toISOString();
  const together = !writes.created.some((a) => a.openRuleId !== null && freedRuleIds.has(a.openRuleId));
  const ctes: Prisma.Sql[] = also.map((sql, i) => Prisma.sql`${Prisma.raw(`also_${i}`)} AS (${sql})`);
  if (writes.rules.length > 0) ctes.push(Prisma.sql`rule_update AS (${ruleUpdateSql(writes.rules, stamp)})`);
  if (writes.alerts.size > 0) ctes.push(Prisma.sql`alert_update AS (${alertUpdateSql(writes.alerts, stamp)})`);
  if (together && writes.created.length > 0) ctes.push(Prisma.sql`alert_insert AS (${alertInsertSql(writes.created, stamp)})`);
  const main = writes.indicators.length > 0 ? indicatorUpdateSql(writes.indicators, stamp) : Prisma.sql`SELECT 1`;
  await sql(ctes.length > 0 ? Prisma.sql`WITH ${Prisma.join(ctes, ",\n")}\n${main}` : main);
  if (!together) await sql(alertInsertSql(writes.created, stamp));
}

/** Rows as one JSON parameter for `json_to_recordset`: one string for the client to send. */
const json = (rows: object[]) => JSON.stringify(rows);

function ruleUpdateSql(updates: RuleStateUpdate[], stamp: string): Prisma.Sql {
  const rows = updates.map((u) => ({
    id: u.id,
    has_state: u.state !== undefined,
    breach_count: u.state?.breachCount ?? 0,
    breach_since: iso(u.state?.breachSince),
    clear_since: iso(u.state?.clearSince),
    last_evaluated_at: iso(u.lastEvaluatedAt),
  }));
  return Prisma.sql`
    UPDATE threshold_rule AS r SET
      breach_count = CASE WHEN u.has_state THEN u.breach_count ELSE r.breach_count END,
      breach_since = CASE WHEN u.has_state THEN (u.breach_since::timestamptz AT TIME ZONE 'UTC') ELSE r.breach_since END,
      clear_since = CASE WHEN u.has_state THEN (u.clear_since::timestamptz AT TIME ZONE 'UTC') ELSE r.clear_since END,
      last_evaluated_at = (u.last_evaluated_at::timestamptz AT TIME ZONE 'UTC'),
      updated_at = ${utc(stamp)}
    FROM json_to_recordset(${json(rows)}::json)
      AS u(id text, has_state boolean, breach_count int, breach_since text, clear_since text, last_evaluated_at text)
    WHERE r.id = u.id`;
}

function alertUpdateSql(patches: Map<string, AlertPatch>, stamp: string): Prisma.Sql {
  const rows = [...patches].map(([id, p]) => ({
    id,
    has_state: p.state !== undefined,
    state: p.state ?? null,
    has_open_rule_id: p.openRuleId !== undefined,
    open_rule_id: p.openRuleId ?? null,
    has_resolved_at: p.resolvedAt !== undefined,
    resolved_at: iso(p.resolvedAt),
    has_value: p.value !== undefined,
    value: p.value ?? null,
    has_last_fired_at: p.lastFiredAt !== undefined,
    last_fired_at: iso(p.lastFiredAt),
    has_predicted_at: p.predictedAt !== undefined,
    predicted_at: iso(p.predictedAt),
  }));
  return Prisma.sql`
    UPDATE alert AS a SET
      state = CASE WHEN u.has_state THEN u.state::"AlertState" ELSE a.state END,
      open_rule_id = CASE WHEN u.has_open_rule_id THEN u.open_rule_id ELSE a.open_rule_id END,
      resolved_at = CASE WHEN u.has_resolved_at THEN (u.resolved_at::timestamptz AT TIME ZONE 'UTC') ELSE a.resolved_at END,
      value = CASE WHEN u.has_value THEN u.value ELSE a.value END,
      last_fired_at = CASE WHEN u.has_last_fired_at THEN (u.last_fired_at::timestamptz AT TIME ZONE 'UTC') ELSE a.last_fired_at END,
      predicted_at = CASE WHEN u.has_predicted_at THEN (u.predicted_at::timestamptz AT TIME ZONE 'UTC') ELSE a.predicted_at END,
      updated_at = ${utc(stamp)}
    FROM json_to_recordset(${json(rows)}::json)
      AS u(id text, has_state boolean, state text, has_open_rule_id boolean, open_rule_id text, has_resolved_at boolean,
           resolved_at text, has_value boolean, value float8, has_last_fired_at boolean, last_fired_at text,
           has_predicted_at boolean, predicted_at text)
    WHERE a.id = u.id`;
}

function alertInsertSql(alerts: NewAlert[], stamp: string): Prisma.Sql {
  const rows = alerts.map((a) => ({
    id: a.id,
    rule_id: a.ruleId,
    open_rule_id: a.openRuleId,
    indicator_id: a.indicatorId,
    level: a.level,
    state: a.state,
    value: a.value,
    message: a.message,
    predicted_at: iso(a.predictedAt),
    silenced: a.silenced,
    started_at: iso(a.startedAt),
    last_fired_at: iso(a.lastFiredAt),
    resolved_at: iso(a.resolvedAt),
  }));
  return Prisma.sql`
    INSERT INTO alert (id, rule_id, open_rule_id, indicator_id, level, state, value, message, predicted_at, silenced,
                       started_at, last_fired_at, resolved_at, created_at, updated_at)
    SELECT u.id, u.rule_id, u.open_rule_id, u.indicator_id, u.level::"AlertLevel", u.state::"AlertState", u.value, u.message,
           (u.predicted_at::timestamptz AT TIME ZONE 'UTC'), u.silenced,
           (u.started_at::timestamptz AT TIME ZONE 'UTC'), (u.last_fired_at::timestamptz AT TIME ZONE 'UTC'),
           (u.resolved_at::timestamptz AT TIME ZONE 'UTC'), ${utc(stamp)}, ${utc(stamp)}
    FROM ROWS FROM (
      json_to_recordset(${json(rows)}::json)
        AS (id text, rule_id text, open_rule_id text, indicator_id text, level text, state text, value float8, message text,
            predicted_at text, silenced boolean, started_at text, last_fired_at text, resolved_at text)
    ) WITH ORDINALITY AS u(id, rule_id, open_rule_id, indicator_id, level, state, value, message, predicted_at, silenced,
                           started_at, last_fired_at, resolved_at, n)
    ORDER BY u.n`;
}

/**
 * Status where it changed; last value where the batch's newest reading is newer than the stored
 * one (rows with neither are left alone, `updated_at` included).
 */
function indicatorUpdateSql(updates: IndicatorUpdate[], stamp: string): Prisma.Sql {
  const rows = updates.map((u) => ({ id: u.id, status: u.status, last_value: u.lastValue, last_observed_at: iso(u.lastObservedAt) }));
  return Prisma.sql`
    UPDATE indicator AS i SET
      status = COALESCE(u.status::"IndicatorStatus", i.status),
      last_value = CASE WHEN i.last_observed_at IS NULL OR i.last_observed_at < u.last_observed_at
                        THEN u.last_value ELSE i.last_value END,
      last_observed_at = CASE WHEN i.last_observed_at IS NULL OR i.last_observed_at < u.last_observed_at
                              THEN u.last_observed_at ELSE i.last_observed_at END,
      updated_at = ${utc(stamp)}
    FROM (
      SELECT t.id, t.status, t.last_value, (t.last_observed_at::timestamptz AT TIME ZONE 'UTC') AS last_observed_at
      FROM json_to_recordset(${json(rows)}::json) AS t(id text, status text, last_value float8, last_observed_at text)
    ) AS u
    WHERE i.id = u.id
      AND (u.status IS NOT NULL OR i.last_observed_at IS NULL OR i.last_observed_at < u.last_observed_at)`;
}
