import { describe, expect, it } from "vitest";
import type { OpenAlertRecord } from "./batch-store.js";
import { evaluateBatch, type EvaluationState, type IndicatorBatch } from "./evaluate-batch.js";
import type { LockedRule } from "./store.js";
import { ruleSpec } from "../rule-spec.fixture.js";

/** Unit tests of the pure middle of the ingest path (issue 9 item 2): no database. */
const T0 = new Date("2025-03-01T08:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);
const NOW = at(60);

const rule = (id: string, over: Partial<LockedRule> = {}): LockedRule => ({
  id,
  indicatorId: "ind",
  enabled: true,
  archivedAt: null,
  breachCount: 0,
  breachSince: null,
  clearSince: null,
  lastEvaluatedAt: null,
  ...ruleSpec(),
  ...over,
});

const state = (rules: LockedRule[], open: OpenAlertRecord[] = []): EvaluationState => ({
  rules,
  indicators: new Map([["ind", { id: "ind", status: open.length ? "WARNING" : "OK", processId: "proc" }]]),
  openAlerts: new Map([["ind", open]]),
  latest: new Map(),
  silences: [],
});

const batch = (...values: [number, number][]): IndicatorBatch[] => [
  {
    info: { id: "ind", code: "LAT", unit: "ms", processId: "proc", unitId: "unit", lastObservedAt: null, expectedIntervalMinutes: null },
    batch: values.map(([minute, value], i) => ({ id: BigInt(i + 1), indicatorId: "ind", value, observedAt: at(minute) })),
  },
];

const events = (r: ReturnType<typeof evaluateBatch>) => r.pending.map((e) => `${e.type}:${e.level}`);

describe("evaluateBatch (§5.3.2)", () => {
  it("§5.3.2 escalation: a jump straight to critical fires the warning first, then the critical, and the warning hears ESCALATED at its own level (issue 12 bug (a))", () => {
    const result = evaluateBatch(state([rule("w"), rule("c", { level: "CRITICAL", value: 90 })]), batch([0, 95]), NOW);
    expect(events(result)).toEqual(["FIRED:WARNING", "FIRED:CRITICAL", "ESCALATED:WARNING"]);
    expect(result.statusChanges).toEqual([{ indicatorId: "ind", processId: "proc", status: "CRITICAL", previous: "OK" }]);
    expect(result.created.map((a) => a.level)).toEqual(["WARNING", "CRITICAL"]);
  });

  it("§5.3.2 de-escalation: the critical resolving while the warning stays open tells the warning DEESCALATED", () => {
    const w = rule("w");
    const c = rule("c", { level: "CRITICAL", value: 90 });
    const result = evaluateBatch(state([w, c]), batch([0, 95], [1, 85]), NOW);
    expect(events(result)).toEqual(["FIRED:WARNING", "FIRED:CRITICAL", "ESCALATED:WARNING", "RESOLVED:CRITICAL", "DEESCALATED:WARNING"]);
    expect(result.indicators[0]).toMatchObject({ status: "WARNING", lastValue: 85 });
  });

  it("§5.3.2 hysteresis: a value under the threshold but above the clear value keeps the alert open", () => {
    const result = evaluateBatch(state([rule("w", { clearValue: 70 })]), batch([0, 90], [1, 75], [2, 65]), NOW);
    expect(events(result)).toEqual(["FIRED:WARNING", "RESOLVED:WARNING"]);
    const [alert] = result.created;
    // Opened and resolved in one batch: inserted once, already resolved at the clearing reading.
    expect(alert).toMatchObject({ state: "RESOLVED", resolvedAt: at(2), value: 65, openRuleId: null });
    const stopped = evaluateBatch(state([rule("w", { clearValue: 70 })]), batch([0, 90], [1, 75]), NOW);
    expect(events(stopped)).toEqual(["FIRED:WARNING"]);
  });

  it("§5.3.2 pending: a breach fires only once it has lasted pendingMinutes; the rule's state carries over", () => {
    const r = rule("w", { pendingMinutes: 5 });
    const early = evaluateBatch(state([r]), batch([0, 90], [3, 91]), NOW);
    expect(events(early)).toEqual([]);
    expect(early.rules).toEqual([{ id: "w", state: { breachCount: 2, breachSince: at(0), clearSince: null }, lastEvaluatedAt: at(3) }]);
    const later = evaluateBatch(state([{ ...r, breachCount: 2, breachSince: at(0), lastEvaluatedAt: at(3) }]), batch([5, 92]), NOW);
    expect(events(later)).toEqual(["FIRED:WARNING"]);
  });

  it("§5.3.2 keep-firing: an open alert resolves only after keepFiringMinutes of clear readings", () => {
    const open: OpenAlertRecord = { id: "a1", ruleId: "w", indicatorId: "ind", level: "WARNING", state: "FIRING", ruleKind: "THRESHOLD" };
    const r = rule("w", { keepFiringMinutes: 10 });
    const waiting = evaluateBatch(state([r], [open]), batch([0, 50], [5, 50]), NOW);
    expect(events(waiting)).toEqual([]);
    expect(waiting.alerts.get("a1")).toEqual({ value: 50 });
    const done = evaluateBatch(state([r], [open]), batch([0, 50], [5, 50], [10, 50]), NOW);
    expect(events(done)).toEqual(["RESOLVED:WARNING"]);
    expect(done.alerts.get("a1")).toMatchObject({ state: "RESOLVED", resolvedAt: at(10), openRuleId: null });
    expect(done.freedRuleIds).toEqual(new Set(["w"]));
    expect(done.statusChanges).toEqual([{ indicatorId: "ind", processId: "proc", status: "OK", previous: "WARNING" }]);
  });

  it("§5.3.2 a reading older than the rule's watermark does not move its state (late data)", () => {
    const result = evaluateBatch(state([rule("w", { lastEvaluatedAt: at(10) })]), batch([5, 95]), NOW);
    expect(events(result)).toEqual([]);
    expect(result.rules).toEqual([]);
  });
});
