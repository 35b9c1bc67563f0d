/**
 * The pure middle of the ingest path (issue 9 item 2): load (batch-store.ts `loadBatchState`) →
 * `evaluateBatch(state, readings, now)` → write (`writeBatch`). Given the locked rules, the open
 * alerts, TREND windows and silences, it decides every indicator's alert changes, rule states and
 * status in memory, indicator by indicator in id order, each one's readings in observation order
 * (§5.3.2 early warning, §4.2.4 trends). No database, no clock: tests call it directly.
 */
import type { IndicatorStatusMessage } from "../../../lib/pubsub.js";
import { byLevel, describeBreach, evaluateThreshold, evaluateTrend, isComparable, isMissing, type RuleState } from "../rules.js";
import { BatchChanges, IndicatorAlerts, type PendingWithContext } from "./alert-changes.js";
import type { AlertPatch, BatchState, IndicatorUpdate, NewAlert, RuleStateUpdate } from "./batch-store.js";
import type { LockedRule } from "./store.js";

export interface IndicatorInfo {
  id: string;
  code: string;
  unit: string;
  processId: string;
  unitId: string;
  lastObservedAt: Date | null;
  expectedIntervalMinutes: number | null;
}

export interface InsertedReading {
  id: bigint;
  indicatorId: string;
  value: number;
  observedAt: Date;
}

export interface IndicatorBatch {
  info: IndicatorInfo;
  /** The indicator's new readings in observation order (then id). */
  batch: InsertedReading[];
}

/** What `evaluateBatch` reads: every rule of the batch's indicators (locked) and the loaded state. */
export interface EvaluationState extends BatchState {
  rules: LockedRule[];
}

export interface BatchEvaluation {
  /** The events in the order they happened (indicator by indicator). */
  pending: PendingWithContext[];
  /** The status changes, in indicator order. */
  statusChanges: IndicatorStatusMessage[];
  rules: RuleStateUpdate[];
  alerts: Map<string, AlertPatch>;
  created: NewAlert[];
  indicators: IndicatorUpdate[];
  freedRuleIds: Set<string>;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const activeRules = (rules: LockedRule[]) => rules.filter((r) => r.enabled && !r.archivedAt).sort((a, b) => byLevel(a, b) || cmp(a.id, b.id));
const comparable = (rules: LockedRule[], kind: "THRESHOLD" | "TREND") => rules.filter((r) => r.kind === kind && isComparable(r));

/** How many latest readings each indicator's TREND rules need (indicators without one: absent). */
export function trendWindows(rules: LockedRule[]): Map<string, number> {
  const windows = new Map<string, number>();
  for (const r of comparable(activeRules(rules), "TREND")) {
    windows.set(r.indicatorId, Math.max(windows.get(r.indicatorId) ?? 0, Math.max(2, r.trendWindow ?? 10)));
  }
  return windows;
}

/** Evaluates every indicator of the batch; see the file's comment. */
export function evaluateBatch(state: EvaluationState, batches: IndicatorBatch[], now: Date): BatchEvaluation {
  const changes = new BatchChanges();
  const windows = trendWindows(state.rules);
  const statusChanges: IndicatorStatusMessage[] = [];
  const indicators: IndicatorUpdate[] = [];
  for (const { info, batch } of batches) {
    const rules = state.rules.filter((r) => r.indicatorId === info.id);
    const silenced = state.silences.some((s) => s.indicatorId === info.id || (s.processId !== null && s.processId === info.processId));
    const ctx = { indicatorId: info.id, processId: info.processId, unitId: info.unitId };
    const alerts = new IndicatorAlerts(changes, ctx, rules, state.openAlerts.get(info.id) ?? [], silenced, now);
    const active = activeRules(rules);
    resolveNoData(alerts, active, info, batch, now);
    evaluateThresholds(alerts, changes, comparable(active, "THRESHOLD"), info, batch);
    const samples = (state.latest.get(info.id) ?? []).slice(-(windows.get(info.id) ?? 0));
    evaluateTrends(alerts, changes, comparable(active, "TREND"), info, samples);

    const row = state.indicators.get(info.id);
    if (!row) continue;
    const status = alerts.status();
    const changed = row.status !== status;
    if (changed) statusChanges.push({ indicatorId: info.id, processId: row.processId, status, previous: row.status });
    const latest = batch[batch.length - 1];
    indicators.push({ id: info.id, status: changed ? status : null, lastValue: latest.value, lastObservedAt: latest.observedAt });
  }
  const { pending, ruleUpdates, updated, created, freedRuleIds } = changes;
  return { pending, statusChanges, rules: ruleUpdates, alerts: updated, created: [...created.values()], indicators, freedRuleIds };
}

/** 1. Data arrived: an open NO_DATA alert resolves once the indicator is no longer missing. */
function resolveNoData(alerts: IndicatorAlerts, active: LockedRule[], info: IndicatorInfo, batch: InsertedReading[], now: Date): void {
  const latest = batch[batch.length - 1];
  const newest = info.lastObservedAt && info.lastObservedAt > latest.observedAt ? info.lastObservedAt : latest.observedAt;
  for (const rule of active.filter((r) => r.kind === "NO_DATA")) {
    const open = alerts.openOf(rule.id);
    if (open && !isMissing(newest, info.expectedIntervalMinutes, rule.noDataFactor, now)) {
      alerts.resolve(rule, open, latest.value, latest.observedAt, "Data received again.");
    }
  }
}

/**
 * 2. THRESHOLD rules, reading by reading in observation order; WARNING before CRITICAL so a jump
 *    straight to critical fires the warning first and then escalates.
 */
function evaluateThresholds(alerts: IndicatorAlerts, changes: BatchChanges, thresholds: LockedRule[], info: IndicatorInfo, batch: InsertedReading[]): void {
  const states = new Map<string, { state: RuleState; watermark: Date | null; changed: boolean }>(
    thresholds.map((r) => {
      const open = alerts.openOf(r.id);
      const state = {
        breachCount: r.breachCount,
        breachSince: r.breachSince,
        clearSince: r.clearSince,
        open: open && open.state !== "RESOLVED" ? { level: open.level, state: open.state } : null,
      };
      return [r.id, { state, watermark: r.lastEvaluatedAt, changed: false }];
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
      const open = alerts.openOf(rule.id);
      if (res.decision === "fire") {
        alerts.fire(rule, reading.value, reading.observedAt, `${info.code}: ${describeBreach(rule, reading.value, info.unit)}.`);
      } else if (res.decision === "resolve" && open) {
        alerts.resolve(rule, open, reading.value, reading.observedAt, "Value back within the clear threshold.");
      } else if (res.decision === "keep" && open) {
        alerts.keep(open.id, { value: reading.value, ...(res.breaching ? { lastFiredAt: reading.observedAt } : {}) });
      }
    }
  }
  for (const rule of thresholds) {
    const st = states.get(rule.id)!;
    if (!st.changed) continue;
    const { breachCount, breachSince, clearSince } = st.state;
    changes.ruleUpdates.push({ id: rule.id, state: { breachCount, breachSince, clearSince }, lastEvaluatedAt: st.watermark! });
  }
}

/** 3. TREND rules: one fit over the latest window after the batch (§4.2.4). */
function evaluateTrends(alerts: IndicatorAlerts, changes: BatchChanges, trends: LockedRule[], info: IndicatorInfo, samples: { value: number; observedAt: Date }[]): void {
  if (trends.length === 0) return;
  const last = samples[samples.length - 1];
  for (const rule of trends) {
    const open = alerts.openOf(rule.id) ?? null;
    const res = evaluateTrend(rule, samples, open && open.state !== "RESOLVED" ? { level: open.level, state: open.state } : null);
    if (res.decision === "fire" && res.predictedAt) {
      const message = `${info.code}: the trend of the last ${samples.length} readings reaches the ${rule.level.toLowerCase()} threshold (${describeLimit(rule)}) at ${res.predictedAt.toISOString()}.`;
      alerts.fire(rule, last.value, last.observedAt, message, res.predictedAt);
    } else if (res.decision === "resolve" && open) {
      alerts.resolve(rule, open, last.value, last.observedAt, "Projection no longer crosses the threshold.");
    } else if (res.decision === "keep" && open) {
      alerts.keep(open.id, { value: last.value, predictedAt: res.predictedAt });
    }
    changes.ruleUpdates.push({ id: rule.id, lastEvaluatedAt: last.observedAt });
  }
}

/** "above 80", "below 10", "outside [10, 20]". */
function describeLimit(rule: { comparator: string | null; value: number | null; upperValue: number | null }): string {
  if (rule.comparator === "OUTSIDE") return `outside [${rule.value}, ${rule.upperValue}]`;
  return `${String(rule.comparator).toLowerCase()} ${rule.value}`;
}
