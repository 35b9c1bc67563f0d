import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/lib/db.js";
import { DomainError } from "../../src/lib/errors.js";
import { recordReadings, type ReadingInput } from "../../src/modules/alerting/engine/ingest.js";
import { createTestDatabase } from "../helpers/test-db.js";
import { at, createIndicator, createRule, createWarnCritIndicator, createWorld, openAlerts, uid, type World } from "./fixtures.js";

let db: Database;
let world: World;
const NOW = new Date();
const T0 = new Date(NOW.getTime() - 6 * 3600_000);

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createWorld(db.prisma);
});
afterAll(async () => {
  await db?.close();
});

/** Readings at T0 + minute i with the given values. */
const series = (indicatorId: string, values: number[], startMinute = 0, step = 1): ReadingInput[] =>
  values.map((value, i) => ({ indicatorId, value, observedAt: at(T0, startMinute + i * step) }));

const record = (readings: ReadingInput[], now = NOW) => recordReadings(db.prisma, { readings }, { now });

const eventTypes = async (indicatorId: string) =>
  (await db.prisma.alertEvent.findMany({ where: { alert: { indicatorId } }, orderBy: { id: "asc" }, include: { alert: { select: { level: true } } } })).map(
    (e) => `${e.type}:${e.alert.level}`,
  );

describe("§5.3.2 threshold rules in the ingest transaction", () => {
  it("§5.3.2 a reading past the warning threshold opens one alert and one FIRED event", async () => {
    const { indicator, warning } = await createWarnCritIndicator(db.prisma, world, 80, 95);
    const res = await record(series(indicator.id, [50, 85, 88, 90]));
    expect(res.accepted).toBe(4);
    expect(res.duplicates).toBe(0);
    const alerts = await openAlerts(db.prisma, warning.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ level: "WARNING", state: "FIRING", openRuleId: warning.id, value: 90, silenced: false });
    expect(alerts[0].startedAt).toEqual(at(T0, 1));
    expect(await eventTypes(indicator.id)).toEqual(["FIRED:WARNING"]);
    expect(res.events).toHaveLength(1);
    expect(res.events[0]).toMatchObject({ alertId: alerts[0].id, indicatorId: indicator.id, processId: world.processId, unitId: world.unitId });
    const ind = await db.prisma.indicator.findUniqueOrThrow({ where: { id: indicator.id } });
    expect(ind.status).toBe("WARNING");
    expect(ind.lastValue).toBe(90);
    expect(ind.lastObservedAt).toEqual(at(T0, 3));
    expect(res.statusChanges).toEqual([{ indicatorId: indicator.id, processId: world.processId, status: "WARNING", previous: "UNKNOWN" }]);
    expect(res.readings.map((r) => r.value)).toEqual([50, 85, 88, 90]);
    expect(res.readings[0]).toEqual({ indicatorId: indicator.id, processId: world.processId, value: 50, observedAt: at(T0, 0).toISOString() });
  });

  it("§5.3.2 the same breach in a later batch keeps the one open alert", async () => {
    const { indicator, warning } = await createWarnCritIndicator(db.prisma, world, 80, 95);
    await record(series(indicator.id, [85]));
    const second = await record(series(indicator.id, [86, 87], 1));
    expect(second.events).toEqual([]);
    const alerts = await openAlerts(db.prisma, warning.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0].value).toBe(87);
    expect(alerts[0].lastFiredAt).toEqual(at(T0, 2));
  });

  it("§5.3.2 BELOW and OUTSIDE comparators fire and resolve", async () => {
    const ind = await createIndicator(db.prisma, world);
    const below = await createRule(db.prisma, ind.id, { kind: "THRESHOLD", level: "WARNING", comparator: "BELOW", value: 10 });
    const band = await createRule(db.prisma, ind.id, { kind: "THRESHOLD", level: "CRITICAL", comparator: "OUTSIDE", value: 5, upperValue: 50 });
    await record(series(ind.id, [20, 8]));
    expect(await openAlerts(db.prisma, below.id)).toHaveLength(1);
    expect(await openAlerts(db.prisma, band.id)).toHaveLength(0);
    await record(series(ind.id, [60], 2));
    expect(await openAlerts(db.prisma, below.id)).toHaveLength(0);
    expect(await openAlerts(db.prisma, band.id)).toHaveLength(1);
    await record(series(ind.id, [30], 3));
    expect(await openAlerts(db.prisma, band.id)).toHaveLength(0);
    expect((await db.prisma.indicator.findUniqueOrThrow({ where: { id: ind.id } })).status).toBe("OK");
  });

  it("§5.3.2 hysteresis: the alert stays open between clear value and threshold, resolves below clear value", async () => {
    const ind = await createIndicator(db.prisma, world);
    const rule = await createRule(db.prisma, ind.id, { kind: "THRESHOLD", level: "WARNING", comparator: "ABOVE", value: 80, clearValue: 70 });
    await record(series(ind.id, [85, 75, 79]));
    expect(await openAlerts(db.prisma, rule.id)).toHaveLength(1);
    const res = await record(series(ind.id, [69], 3));
    expect(await openAlerts(db.prisma, rule.id)).toHaveLength(0);
    const resolved = await db.prisma.alert.findFirstOrThrow({ where: { ruleId: rule.id } });
    expect(resolved).toMatchObject({ state: "RESOLVED", openRuleId: null, value: 69 });
    expect(resolved.resolvedAt).toEqual(at(T0, 3));
    expect(res.statusChanges[0]).toMatchObject({ status: "OK", previous: "WARNING" });
    expect(await eventTypes(ind.id)).toEqual(["FIRED:WARNING", "RESOLVED:WARNING"]);
  });

  it("§5.3.2 consecutive: three breaches in a row are needed, counted across batches", async () => {
    const ind = await createIndicator(db.prisma, world);
    const rule = await createRule(db.prisma, ind.id, { kind: "THRESHOLD", level: "WARNING", comparator: "ABOVE", value: 80, consecutive: 3 });
    await record(series(ind.id, [90, 90, 50, 90]));
    expect(await openAlerts(db.prisma, rule.id)).toHaveLength(0);
    expect((await db.prisma.thresholdRule.findUniqueOrThrow({ where: { id: rule.id } })).breachCount).toBe(1);
    await record(series(ind.id, [91], 4));
    expect(await openAlerts(db.prisma, rule.id)).toHaveLength(0);
    await record(series(ind.id, [92], 5));
    expect(await openAlerts(db.prisma, rule.id)).toHaveLength(1);
  });

  it("§5.3.2 pending: fires only after pendingMinutes of continuous breach", async () => {
    const ind = await createIndicator(db.prisma, world);
    const rule = await createRule(db.prisma, ind.id, { kind: "THRESHOLD", level: "WARNING", comparator: "ABOVE", value: 80, pendingMinutes: 10 });
    await record(series(ind.id, [90, 90, 90], 0, 4)); // minutes 0, 4, 8
    expect(await openAlerts(db.prisma, rule.id)).toHaveLength(0);
    const r = await db.prisma.thresholdRule.findUniqueOrThrow({ where: { id: rule.id } });
    expect(r.breachSince).toEqual(at(T0, 0));
    await record(series(ind.id, [90], 10));
    const open = await openAlerts(db.prisma, rule.id);
    expect(open).toHaveLength(1);
    expect(open[0].startedAt).toEqual(at(T0, 10));
  });

  it("§5.3.2 keep firing: resolves only after keepFiringMinutes of clear condition", async () => {
    const ind = await createIndicator(db.prisma, world);
    const rule = await createRule(db.prisma, ind.id, { kind: "THRESHOLD", level: "WARNING", comparator: "ABOVE", value: 80, keepFiringMinutes: 15 });
    await record(series(ind.id, [90, 50, 50], 0, 5)); // 0, 5, 10
    expect(await openAlerts(db.prisma, rule.id)).toHaveLength(1);
    expect((await db.prisma.thresholdRule.findUniqueOrThrow({ where: { id: rule.id } })).clearSince).toEqual(at(T0, 5));
    await record(series(ind.id, [50], 20));
    expect(await openAlerts(db.prisma, rule.id)).toHaveLength(0);
  });

  it("§5.3.2 escalation WARNING → CRITICAL: two rules, two alerts, the indicator becomes CRITICAL, then back", async () => {
    const { indicator, warning, critical } = await createWarnCritIndicator(db.prisma, world, 80, 95);
    const first = await record(series(indicator.id, [85]));
    expect(first.statusChanges[0]).toMatchObject({ status: "WARNING" });
    const second = await record(series(indicator.id, [97], 1));
    expect(second.statusChanges).toEqual([{ indicatorId: indicator.id, processId: world.processId, status: "CRITICAL", previous: "WARNING" }]);
    expect(await openAlerts(db.prisma, warning.id)).toHaveLength(1);
    expect(await openAlerts(db.prisma, critical.id)).toHaveLength(1);
    expect((await db.prisma.indicator.findUniqueOrThrow({ where: { id: indicator.id } })).status).toBe("CRITICAL");
    const third = await record(series(indicator.id, [90], 2));
    expect(third.statusChanges[0]).toMatchObject({ status: "WARNING", previous: "CRITICAL" });
    expect(await openAlerts(db.prisma, critical.id)).toHaveLength(0);
    expect(await openAlerts(db.prisma, warning.id)).toHaveLength(1);
    expect(await eventTypes(indicator.id)).toEqual(["FIRED:WARNING", "FIRED:CRITICAL", "ESCALATED:WARNING", "RESOLVED:CRITICAL", "DEESCALATED:WARNING"]);
    // Issue 12 bug (a): the warning's ESCALATED event was CRITICAL while its alert stayed WARNING;
    // an event's level is its alert's, and the note names the critical alert that fired.
    const esc = await db.prisma.alertEvent.findFirstOrThrow({ where: { type: "ESCALATED", alert: { indicatorId: indicator.id } }, include: { alert: true } });
    expect(esc.level).toBe("WARNING");
    expect(esc.level).toBe(esc.alert.level);
    const fired = await db.prisma.alert.findFirstOrThrow({ where: { ruleId: critical.id } });
    expect(esc.note).toBe(`Escalated to CRITICAL: alert ${fired.id} fired.`);
    const levels = await db.prisma.alertEvent.findMany({ where: { alert: { indicatorId: indicator.id } }, include: { alert: { select: { level: true } } } });
    expect(levels.filter((e) => e.level !== e.alert.level)).toEqual([]);
  });

  it("§5.3.2 a jump straight to critical in one reading fires warning then critical", async () => {
    const { indicator } = await createWarnCritIndicator(db.prisma, world, 80, 95);
    const res = await record(series(indicator.id, [99]));
    expect(await eventTypes(indicator.id)).toEqual(["FIRED:WARNING", "FIRED:CRITICAL", "ESCALATED:WARNING"]);
    expect(res.statusChanges[0]).toMatchObject({ status: "CRITICAL", previous: "UNKNOWN" });
  });

  it("§5.3.2 one batch that breaches, clears and breaches again gives two alerts in order", async () => {
    const { indicator, warning } = await createWarnCritIndicator(db.prisma, world, 80, 95);
    // Sent out of order: evaluated in observation order.
    const res = await record([
      { indicatorId: indicator.id, value: 90, observedAt: at(T0, 2) },
      { indicatorId: indicator.id, value: 85, observedAt: at(T0, 0) },
      { indicatorId: indicator.id, value: 50, observedAt: at(T0, 1) },
    ]);
    expect(await eventTypes(indicator.id)).toEqual(["FIRED:WARNING", "RESOLVED:WARNING", "FIRED:WARNING"]);
    expect(await db.prisma.alert.count({ where: { ruleId: warning.id } })).toBe(2);
    expect(await openAlerts(db.prisma, warning.id)).toHaveLength(1);
    expect(res.events.map((e) => BigInt(e.id))).toEqual([...res.events.map((e) => BigInt(e.id))].sort((a, b) => (a < b ? -1 : 1)));
  });

  it("§5.3.2 late readings older than what a rule evaluated are stored but do not move its state", async () => {
    const { indicator, warning } = await createWarnCritIndicator(db.prisma, world, 80, 95);
    await record(series(indicator.id, [90], 10));
    await record(series(indicator.id, [10], 5));
    expect(await openAlerts(db.prisma, warning.id)).toHaveLength(1);
    const ind = await db.prisma.indicator.findUniqueOrThrow({ where: { id: indicator.id } });
    expect(ind.lastValue).toBe(90); // only newer readings move lastValue
    expect(ind.lastObservedAt).toEqual(at(T0, 10));
    expect(await db.prisma.reading.count({ where: { indicatorId: indicator.id } })).toBe(2);
  });

  it("§5.3.2 disabled and archived rules are not evaluated", async () => {
    const ind = await createIndicator(db.prisma, world);
    const off = await createRule(db.prisma, ind.id, { kind: "THRESHOLD", level: "WARNING", comparator: "ABOVE", value: 1, enabled: false });
    const gone = await createRule(db.prisma, ind.id, { kind: "THRESHOLD", level: "WARNING", comparator: "ABOVE", value: 1, archivedAt: new Date() });
    await record(series(ind.id, [5]));
    expect(await openAlerts(db.prisma, off.id)).toHaveLength(0);
    expect(await openAlerts(db.prisma, gone.id)).toHaveLength(0);
    expect((await db.prisma.indicator.findUniqueOrThrow({ where: { id: ind.id } })).status).toBe("OK");
  });
});

describe("§4.2.4 TREND rules", () => {
  it("§4.2.4 a rising trend fires before the threshold is reached, with predictedAt", async () => {
    const ind = await createIndicator(db.prisma, world);
    const rule = await createRule(db.prisma, ind.id, {
      kind: "TREND",
      level: "WARNING",
      comparator: "ABOVE",
      value: 100,
      trendWindow: 4,
      trendHorizonMinutes: 22,
    });
    // +2 per minute. After minute 5 (value 50) the line reaches 100 at minute 30: 25 minutes
    // ahead, beyond the horizon. After minute 10 (value 60) it is 20 minutes ahead: fire.
    await record(series(ind.id, [40, 45, 50], 0, 2.5));
    expect(await openAlerts(db.prisma, rule.id)).toHaveLength(0);
    const res = await record([
      { indicatorId: ind.id, value: 55, observedAt: at(T0, 7.5) },
      { indicatorId: ind.id, value: 60, observedAt: at(T0, 10) },
    ]);
    const open = await openAlerts(db.prisma, rule.id);
    expect(open).toHaveLength(1);
    expect(open[0].predictedAt).toEqual(at(T0, 30));
    expect(open[0].message).toMatch(/trend/);
    expect(res.events).toHaveLength(1);
  });

  it("§4.2.4 the trend alert resolves when the projection no longer crosses", async () => {
    const ind = await createIndicator(db.prisma, world);
    const rule = await createRule(db.prisma, ind.id, {
      kind: "TREND",
      level: "CRITICAL",
      comparator: "ABOVE",
      value: 100,
      trendWindow: 3,
      trendHorizonMinutes: 60,
    });
    await record(series(ind.id, [20, 40, 60], 0, 10));
    const open = await openAlerts(db.prisma, rule.id);
    expect(open).toHaveLength(1);
    expect(open[0].predictedAt).toEqual(at(T0, 40));
    expect((await db.prisma.indicator.findUniqueOrThrow({ where: { id: ind.id } })).status).toBe("CRITICAL");
    await record(series(ind.id, [50, 40], 30, 10));
    expect(await openAlerts(db.prisma, rule.id)).toHaveLength(0);
    expect((await db.prisma.indicator.findUniqueOrThrow({ where: { id: ind.id } })).status).toBe("OK");
  });

  it("§4.2.4 no trend alert while the value already breaches (the threshold rule's job)", async () => {
    const ind = await createIndicator(db.prisma, world);
    const rule = await createRule(db.prisma, ind.id, { kind: "TREND", level: "WARNING", comparator: "ABOVE", value: 100, trendWindow: 3, trendHorizonMinutes: 60 });
    await record(series(ind.id, [90, 100, 110], 0, 10));
    expect(await openAlerts(db.prisma, rule.id)).toHaveLength(0);
  });
});

describe("§5.3.2 silences", () => {
  it("§5.3.2 an alert raised during an active silence on its indicator is recorded and marked silenced", async () => {
    const { indicator, warning } = await createWarnCritIndicator(db.prisma, world, 80, 95);
    await db.prisma.silence.create({
      data: { indicatorId: indicator.id, startsAt: at(NOW, -10), endsAt: at(NOW, 60), reason: "maintenance", createdById: world.userId },
    });
    const res = await record(series(indicator.id, [90]));
    const [alert] = await openAlerts(db.prisma, warning.id);
    expect(alert.silenced).toBe(true);
    expect(res.events).toHaveLength(1);
  });

  it("§5.3.2 a silence on the process covers its indicators; an expired one does not", async () => {
    const w = await createWorld(db.prisma);
    const a = await createWarnCritIndicator(db.prisma, w, 80, 95);
    await db.prisma.silence.create({
      data: { processId: w.processId, startsAt: at(NOW, -120), endsAt: at(NOW, -60), reason: "old", createdById: w.userId },
    });
    await record(series(a.indicator.id, [90]));
    expect((await openAlerts(db.prisma, a.warning.id))[0].silenced).toBe(false);
    await db.prisma.silence.create({
      data: { processId: w.processId, startsAt: at(NOW, -1), endsAt: at(NOW, 60), reason: "now", createdById: w.userId },
    });
    await record(series(a.indicator.id, [99], 1));
    expect((await openAlerts(db.prisma, a.critical.id))[0].silenced).toBe(true);
  });
});

describe("§2.3.3 idempotent ingest and validation", () => {
  it("§2.3.3 the same keys twice: the second call accepts 0 and reports n duplicates", async () => {
    const { indicator, warning } = await createWarnCritIndicator(db.prisma, world, 80, 95);
    const batch = series(indicator.id, [10, 90, 20]).map((r, i) => ({ ...r, key: `k-${i}` }));
    const first = await record(batch);
    expect(first).toMatchObject({ accepted: 3, duplicates: 0 });
    const second = await record(batch);
    expect(second).toMatchObject({ accepted: 0, duplicates: 3, events: [], readings: [], statusChanges: [] });
    expect(await db.prisma.reading.count({ where: { indicatorId: indicator.id } })).toBe(3);
    expect(await db.prisma.alert.count({ where: { ruleId: warning.id } })).toBe(1);
  });

  it("§2.3.3 duplicates inside one batch are skipped and counted; readings without key always insert", async () => {
    const ind = await createIndicator(db.prisma, world);
    const res = await record([
      { indicatorId: ind.id, value: 1, observedAt: at(T0, 0), key: "a" },
      { indicatorId: ind.id, value: 2, observedAt: at(T0, 1), key: "a" },
      { indicatorId: ind.id, value: 3, observedAt: at(T0, 2) },
      { indicatorId: ind.id, value: 3, observedAt: at(T0, 2), key: null },
    ]);
    expect(res).toMatchObject({ accepted: 3, duplicates: 1 });
    const rows = await db.prisma.reading.findMany({ where: { indicatorId: ind.id }, orderBy: { observedAt: "asc" } });
    expect(rows.map((r) => [r.value, r.key])).toEqual([
      [1, "a"],
      [3, null],
      [3, null],
    ]);
  });

  it("§2.3.3 failure pinned: keys and values sent as typed arrays come back as sent — a key spelled NULL, quotes, commas, braces, backslashes, non-ASCII; a retry skips every one", async () => {
    const ind = await createIndicator(db.prisma, world);
    const keys = ["NULL", "null", 'a "quoted" key', "a,b", "{x}", "back\\slash", "  spaced  ", "Zürich 温度 ✓", "{}", '"'];
    const values = [0.1, -1.5, 1e-300, 123456789.123456, -5.5e10, 42, 0.30000000000000004, 7, 8, 9];
    const batch = keys.map((key, i) => ({ indicatorId: ind.id, value: values[i], observedAt: new Date(at(T0, i).getTime() + 7), key }));
    const first = await record(batch);
    expect(first).toMatchObject({ accepted: keys.length, duplicates: 0 });
    const rows = await db.prisma.reading.findMany({ where: { indicatorId: ind.id }, orderBy: { observedAt: "asc" } });
    expect(rows.map((r) => [r.key, r.value, r.observedAt.toISOString()])).toEqual(batch.map((r) => [r.key, r.value, r.observedAt.toISOString()]));
    expect(first.readings.map((r) => [r.value, r.observedAt])).toEqual(batch.map((r) => [r.value, r.observedAt.toISOString()]));
    const retry = await record(batch);
    expect(retry).toMatchObject({ accepted: 0, duplicates: keys.length });
    expect(await db.prisma.reading.count({ where: { indicatorId: ind.id } })).toBe(keys.length);
  });

  it("§2.3.3 the same key on two indicators is two readings", async () => {
    const a = await createIndicator(db.prisma, world);
    const b = await createIndicator(db.prisma, world);
    const res = await record([
      { indicatorId: a.id, value: 1, key: "same", observedAt: at(T0, 0) },
      { indicatorId: b.id, value: 1, key: "same", observedAt: at(T0, 0) },
    ]);
    expect(res.accepted).toBe(2);
  });

  it("§2.3.3 observedAt defaults to now", async () => {
    const ind = await createIndicator(db.prisma, world);
    const now = new Date(Date.now() - 1000);
    await record([{ indicatorId: ind.id, value: 7 }], now);
    const row = await db.prisma.reading.findFirstOrThrow({ where: { indicatorId: ind.id } });
    expect(row.observedAt).toEqual(now);
  });

  const expectRejected = async (readings: ReadingInput[], code: string, index: number | undefined, options = {}) => {
    const before = await db.prisma.reading.count();
    const error = await recordReadings(db.prisma, { readings }, { now: NOW, ...options }).then(
      () => null,
      (e) => e,
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(error.extensions.code).toBe(code);
    if (index !== undefined) expect(error.extensions.index).toBe(index);
    expect(await db.prisma.reading.count()).toBe(before);
    return error as DomainError;
  };

  it("§2.3.3 a value that is not finite rejects the whole batch, nothing written", async () => {
    const ind = await createIndicator(db.prisma, world);
    const e = await expectRejected(
      [
        { indicatorId: ind.id, value: 1, observedAt: T0 },
        { indicatorId: ind.id, value: Number.NaN },
      ],
      "BAD_USER_INPUT",
      1,
    );
    expect(e.message).toMatch(/finite/);
    await expectRejected([{ indicatorId: ind.id, value: Number.POSITIVE_INFINITY }], "BAD_USER_INPUT", 0);
  });

  it("§2.3.3 observedAt more than 5 minutes in the future is refused", async () => {
    const ind = await createIndicator(db.prisma, world);
    await record([{ indicatorId: ind.id, value: 1, observedAt: at(NOW, 4) }]);
    const e = await expectRejected([{ indicatorId: ind.id, value: 1, observedAt: at(NOW, 6) }], "BAD_USER_INPUT", 0);
    expect(e.message).toMatch(/future/);
  });

  it("§2.3.3 more than 10,000 readings are refused", async () => {
    const ind = await createIndicator(db.prisma, world);
    const readings = Array.from({ length: 10_001 }, (_, i) => ({ indicatorId: ind.id, value: i, observedAt: T0 }));
    const e = await expectRejected(readings, "BAD_USER_INPUT", undefined);
    expect(e.message).toMatch(/10000/);
  });

  it("§2.3.3 an unknown or archived indicator is NOT_FOUND, nothing of the batch written", async () => {
    const ind = await createIndicator(db.prisma, world);
    const archived = await createIndicator(db.prisma, world, { archivedAt: new Date() });
    await expectRejected(
      [
        { indicatorId: ind.id, value: 1 },
        { indicatorId: `nope-${uid()}`, value: 1 },
      ],
      "NOT_FOUND",
      1,
    );
    await expectRejected(
      [
        { indicatorId: ind.id, value: 1 },
        { indicatorId: archived.id, value: 1 },
      ],
      "NOT_FOUND",
      1,
    );
  });

  it("§6.4 an indicator outside allowedIndicatorIds is FORBIDDEN", async () => {
    const a = await createIndicator(db.prisma, world);
    const b = await createIndicator(db.prisma, world);
    await expectRejected(
      [
        { indicatorId: a.id, value: 1 },
        { indicatorId: b.id, value: 1 },
      ],
      "FORBIDDEN",
      1,
      { allowedIndicatorIds: [a.id] },
    );
    const ok = await recordReadings(db.prisma, { readings: [{ indicatorId: a.id, value: 1 }] }, { now: NOW, allowedIndicatorIds: [a.id] });
    expect(ok.accepted).toBe(1);
  });

  it("§2.3.3 an empty batch is fine and writes nothing", async () => {
    expect(await record([])).toEqual({ accepted: 0, duplicates: 0, events: [], readings: [], statusChanges: [] });
  });

  it("§2.3.3 a batch of 10,000 readings over several indicators goes in one call", async () => {
    const inds = await Promise.all([0, 1, 2, 3].map(() => createWarnCritIndicator(db.prisma, world, 80, 95)));
    const readings = Array.from({ length: 10_000 }, (_, i) => ({
      indicatorId: inds[i % 4].indicator.id,
      value: (i * 7) % 100,
      observedAt: new Date(T0.getTime() + i * 1000),
      key: `bulk-${i}`,
    }));
    const started = Date.now();
    const res = await record(readings);
    const ms = Date.now() - started;
    expect(res.accepted).toBe(10_000);
    expect(res.readings).toHaveLength(10_000);
    for (const { warning, critical } of inds) {
      expect((await openAlerts(db.prisma, warning.id)).length).toBeLessThanOrEqual(1);
      expect((await openAlerts(db.prisma, critical.id)).length).toBeLessThanOrEqual(1);
    }
    console.info(`10,000 readings with alert evaluation: ${ms} ms`);
  });
});

describe("§6.4 the batch's readings, alert changes, audit row and events commit together", () => {
  const audited = (indicatorId: string) => db.prisma.auditLog.findMany({ where: { entity: "ReadingBatch", entityId: indicatorId } });
  const withAudit = (readings: ReadingInput[]) => recordReadings(db.prisma, { readings }, { now: NOW, audit: { actorId: null, tokenId: null, action: "recordReadings" } });

  it("§6.4 a breaching batch writes one audit row that counts the alert events it appended (the row is written by the evaluation's statement)", async () => {
    const { indicator } = await createWarnCritIndicator(db.prisma, world, 80, 95);
    const res = await withAudit(series(indicator.id, [50, 85, 99]));
    expect(res.events).toHaveLength(3);
    const rows = await audited(indicator.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ action: "recordReadings", actorId: null, tokenId: null });
    expect(rows[0].changes).toEqual({ accepted: 3, duplicates: 0, indicatorIds: [indicator.id], alertEvents: 3 });
    // A batch of nothing but duplicates changes nothing and is not audited.
    const again = await withAudit([{ indicatorId: indicator.id, value: 50, observedAt: at(T0, 9), key: "k" }]);
    expect(again.accepted).toBe(1);
    expect((await withAudit([{ indicatorId: indicator.id, value: 50, observedAt: at(T0, 9), key: "k" }])).accepted).toBe(0);
    expect((await audited(indicator.id)).map((r) => (r.changes as { accepted: number }).accepted)).toEqual([3, 1]);
  });

  it("§5.3.2 failure pinned: the outbox read the appended events, their alerts and the policies in three more round trips — a breaching batch is four statements between BEGIN and COMMIT", async () => {
    const { indicator } = await createWarnCritIndicator(db.prisma, world, 80, 95);
    expect(await db.prisma.notificationPolicy.count({ where: { enabled: true } })).toBe(0);
    const statements: string[] = [];
    let counting = true;
    db.onStatement((text) => {
      if (counting && !/^(BEGIN|COMMIT)$/.test(text)) statements.push(text.trim().split(/\s+/).slice(0, 2).join(" "));
    });
    const res = await withAudit(series(indicator.id, [50, 85], 20));
    counting = false;
    expect(res.events).toHaveLength(1);
    // Insert the readings; lock and load; write the evaluation with the audit row; append the events with the outbox's reads.
    expect(statements).toEqual(["WITH found", "WITH rules", "WITH also_0", "WITH append_lock"]);
  });

  it("§6.4 failure pinned: when the last statement (the events' insert) fails, nothing of the batch is left: no reading, key, alert, rule state or audit row", async () => {
    const { indicator, warning } = await createWarnCritIndicator(db.prisma, world, 80, 95);
    await db.prisma.$executeRawUnsafe(`CREATE FUNCTION test_refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by the test'; END $$`);
    await db.prisma.$executeRawUnsafe(`CREATE TRIGGER test_refuse_event BEFORE INSERT ON alert_event FOR EACH ROW EXECUTE FUNCTION test_refuse_event()`);
    try {
      // (PGlite's adapter does not pass the message on; PostgreSQL's does.)
      await expect(withAudit(series(indicator.id, [85]).map((r) => ({ ...r, key: "half" })))).rejects.toThrow();
    } finally {
      await db.prisma.$executeRawUnsafe(`DROP TRIGGER test_refuse_event ON alert_event`);
      await db.prisma.$executeRawUnsafe(`DROP FUNCTION test_refuse_event()`);
    }
    expect(await db.prisma.reading.count({ where: { indicatorId: indicator.id } })).toBe(0);
    expect(await db.prisma.readingKey.count({ where: { indicatorId: indicator.id } })).toBe(0);
    expect(await db.prisma.alert.count({ where: { indicatorId: indicator.id } })).toBe(0);
    expect(await audited(indicator.id)).toEqual([]);
    const rule = await db.prisma.thresholdRule.findUniqueOrThrow({ where: { id: warning.id } });
    expect(rule).toMatchObject({ breachCount: 0, lastEvaluatedAt: null });
    expect((await db.prisma.indicator.findUniqueOrThrow({ where: { id: indicator.id } })).lastValue).toBeNull();
    // The same batch sent again goes in whole: its key was not left behind.
    const retry = await withAudit(series(indicator.id, [85]).map((r) => ({ ...r, key: "half" })));
    expect(retry).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(retry.events).toHaveLength(1);
    expect(await audited(indicator.id)).toHaveLength(1);
  });
});
