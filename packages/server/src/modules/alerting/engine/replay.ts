/**
 * A rule replayed over an indicator's history in memory (issue 14 item 6, §5.3.2): what the
 * engine would have done had the rule existed while the readings arrived. Each reading goes
 * through the engine's own pure `evaluateBatch` as a batch of its own (a live feed's shape), with
 * the rule state, open alert and TREND window carried from one reading to the next as the ingest
 * transaction carries them in the database. NO_DATA opens where the scheduler's `isMissing` first
 * holds and resolves through `evaluateBatch` when data arrives. No database, no clock.
 */
import { isMissing, type AlertLevel, type RuleSpec, type Sample } from "../rules.js";
import type { OpenAlertRecord } from "./batch-store.js";
import { evaluateBatch, trendWindows, type BatchEvaluation, type IndicatorInfo } from "./evaluate-batch.js";
import type { LockedRule } from "./store.js";

const MINUTE = 60_000;
const RULE_ID = "preview-rule";

/** One period the rule would have been firing. */
export interface ReplayFiring {
  startedAt: Date;
  /** When it would have resolved; null when still open at the end of the range. */
  endedAt: Date | null;
  level: AlertLevel;
  /** The value that fired it (null for NO_DATA). */
  value: number | null;
  /** The value that resolved it. */
  resolvedValue: number | null;
  /** TREND: when the fitted line was predicted to cross, at firing. */
  predictedAt: Date | null;
}

export interface ReplayInput {
  rule: RuleSpec;
  indicator: Omit<IndicatorInfo, "lastObservedAt">;
  /** Readings before the range that a TREND window may need (not evaluated themselves). */
  warmup?: Sample[];
  /** The readings to evaluate. */
  readings: Sample[];
  /** The last reading time before the range: where NO_DATA counts from (the indicator's `lastObservedAt` then). */
  lastObservedAt: Date | null;
  /** The indicator's creation: where NO_DATA counts from while it has no reading (as the scheduler counts). */
  createdAt: Date | null;
  /** The end of the range: a NO_DATA gap up to here still fires. */
  until: Date;
}

const byTime = (a: Sample, b: Sample) => a.observedAt.getTime() - b.observedAt.getTime();

/** The firings of `rule` over the readings; see the file's comment. */
export function replayRule(input: ReplayInput): ReplayFiring[] {
  const { rule, indicator } = input;
  const locked: LockedRule = {
    ...rule,
    id: RULE_ID,
    indicatorId: indicator.id,
    enabled: true,
    archivedAt: null,
    breachCount: 0,
    breachSince: null,
    clearSince: null,
    lastEvaluatedAt: null,
  };
  const window = trendWindows([locked]).get(indicator.id) ?? 0;
  const history = [...(input.warmup ?? [])].sort(byTime);
  const firings: ReplayFiring[] = [];
  let open: { id: string; firing: ReplayFiring } | null = null;
  // The indicator's lastObservedAt as the ingest keeps it: the latest observation, whenever it arrived
  // (a history recorded after the indicator was created still counts from its own readings).
  let last: Date | null = input.lastObservedAt;

  /** The first moment the scheduler's check (`isMissing`, as `checkNoData` asks it) finds the indicator missing. */
  const noDataFrom = (lastObservedAt: Date | null, now: Date): Date | null => {
    if (rule.kind !== "NO_DATA" || open || !isMissing(lastObservedAt, indicator.expectedIntervalMinutes, rule.noDataFactor, now, input.createdAt)) return null;
    const ref = lastObservedAt ?? input.createdAt;
    const factor = rule.noDataFactor > 0 ? rule.noDataFactor : 1;
    return ref ? new Date(ref.getTime() + (indicator.expectedIntervalMinutes ?? 0) * factor * MINUTE + 1) : now;
  };

  [...input.readings].sort(byTime).forEach((reading, i) => {
    const gapFrom = noDataFrom(last, reading.observedAt);
    if (gapFrom) {
      const firing: ReplayFiring = { startedAt: gapFrom, endedAt: null, level: rule.level, value: null, resolvedValue: null, predictedAt: null };
      firings.push(firing);
      open = { id: `no-data-${i}`, firing };
    }
    history.push(reading);
    const openRows: OpenAlertRecord[] = open ? [{ id: open.id, ruleId: RULE_ID, indicatorId: indicator.id, level: rule.level, state: "FIRING", ruleKind: rule.kind }] : [];
    const result = evaluateBatch(
      {
        rules: [locked],
        indicators: new Map([[indicator.id, { id: indicator.id, status: "UNKNOWN", processId: indicator.processId }]]),
        openAlerts: new Map([[indicator.id, openRows]]),
        latest: new Map([[indicator.id, window ? history.slice(-window) : []]]),
        silences: [],
      },
      [{ info: { ...indicator, lastObservedAt: last }, batch: [{ id: BigInt(i + 1), indicatorId: indicator.id, value: reading.value, observedAt: reading.observedAt }] }],
      reading.observedAt,
    );
    carryRuleState(locked, result);
    open = applyEvents(result, open, firings);
    if (!last || reading.observedAt > last) last = reading.observedAt;
  });
  const gapFrom = noDataFrom(last, input.until);
  if (gapFrom) firings.push({ startedAt: gapFrom, endedAt: null, level: rule.level, value: null, resolvedValue: null, predictedAt: null });
  return firings;
}

/** The rule state the ingest transaction would write back to the rule row. */
function carryRuleState(locked: LockedRule, result: BatchEvaluation): void {
  for (const u of result.rules) {
    if (u.id !== RULE_ID) continue;
    if (u.state) Object.assign(locked, u.state);
    locked.lastEvaluatedAt = u.lastEvaluatedAt;
  }
}

/** Opens and closes firings from the batch's FIRED / RESOLVED events, as the alert rows would. */
function applyEvents(result: BatchEvaluation, open: { id: string; firing: ReplayFiring } | null, firings: ReplayFiring[]): { id: string; firing: ReplayFiring } | null {
  const created = new Map(result.created.map((a) => [a.id, a]));
  for (const e of result.pending) {
    if (e.type === "FIRED") {
      const row = created.get(e.alertId);
      if (!row) continue;
      const firing: ReplayFiring = { startedAt: row.startedAt, endedAt: null, level: row.level, value: e.value ?? null, resolvedValue: null, predictedAt: row.predictedAt };
      firings.push(firing);
      open = { id: e.alertId, firing };
    } else if (e.type === "RESOLVED" && open?.id === e.alertId) {
      open.firing.endedAt = created.get(e.alertId)?.resolvedAt ?? result.alerts.get(e.alertId)?.resolvedAt ?? null;
      open.firing.resolvedValue = e.value ?? null;
      open = null;
    }
  }
  return open;
}
