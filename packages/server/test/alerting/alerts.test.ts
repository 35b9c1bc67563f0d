import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/lib/db.js";
import { DomainError } from "../../src/lib/errors.js";
import { acknowledgeAlert, assignAlert, createSilence, expireAcknowledgements, resolveAlert } from "../../src/modules/alerting/alerts.js";
import { recordReadings, type ReadingInput } from "../../src/modules/alerting/engine/ingest.js";
import { createTestDatabase } from "../helpers/test-db.js";
import { at, createIndicator, createWarnCritIndicator, createWorld, openAlerts, type World } from "./fixtures.js";

let db: Database;
let world: World;
const NOW = new Date();
const T0 = new Date(NOW.getTime() - 3 * 3600_000);

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createWorld(db.prisma);
});
afterAll(async () => {
  await db?.close();
});

const series = (indicatorId: string, values: number[], startMinute = 0): ReadingInput[] => values.map((value, i) => ({ indicatorId, value, observedAt: at(T0, startMinute + i) }));
const record = (readings: ReadingInput[]) => recordReadings(db.prisma, { readings }, { now: NOW });

/** An indicator with an open WARNING alert (value 90 > 80). */
async function firingWarning() {
  const setup = await createWarnCritIndicator(db.prisma, world, 80, 95);
  await record(series(setup.indicator.id, [90]));
  const [alert] = await openAlerts(db.prisma, setup.warning.id);
  return { ...setup, alert };
}

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e) => (e instanceof DomainError ? e.extensions.code : String(e)),
  );

const eventsOf = async (alertId: string) => (await db.prisma.alertEvent.findMany({ where: { alertId }, orderBy: { id: "asc" } })).map((e) => e.type);

describe("§5.3.2 acknowledging, assigning and resolving warnings", () => {
  it("§5.3.2 FIRING → ACKNOWLEDGED with note, actor and an ACKNOWLEDGED event", async () => {
    const { alert, indicator } = await firingWarning();
    const res = await acknowledgeAlert(db.prisma, { alertId: alert.id, actorId: world.userId, note: "  looking into it  " });
    expect(res.alert).toMatchObject({ state: "ACKNOWLEDGED", acknowledgedById: world.userId, ackNote: "looking into it", ackExpiresAt: null });
    expect(res.events).toHaveLength(1);
    expect(res.events[0]).toMatchObject({ alertId: alert.id, indicatorId: indicator.id, processId: world.processId, unitId: world.unitId });
    const ev = await db.prisma.alertEvent.findUniqueOrThrow({ where: { id: BigInt(res.events[0].id) } });
    expect(ev).toMatchObject({ type: "ACKNOWLEDGED", state: "ACKNOWLEDGED", actorId: world.userId, note: "looking into it" });
    const audit = await db.prisma.auditLog.findFirst({ where: { entity: "Alert", entityId: alert.id, action: "acknowledgeAlert" } });
    expect(audit?.actorId).toBe(world.userId);
    // Still open: the indicator keeps its WARNING status, the rule keeps its one open alert.
    expect((await db.prisma.indicator.findUniqueOrThrow({ where: { id: indicator.id } })).status).toBe("WARNING");
  });

  it("§5.3.2 invalid transitions are CONFLICT: acknowledging twice, acting on a resolved alert", async () => {
    const { alert } = await firingWarning();
    await acknowledgeAlert(db.prisma, { alertId: alert.id, actorId: world.userId, note: "mine" });
    expect(await codeOf(acknowledgeAlert(db.prisma, { alertId: alert.id, actorId: world.userId, note: "again" }))).toBe("CONFLICT");
    await resolveAlert(db.prisma, { alertId: alert.id, actorId: world.userId, note: "fixed" });
    expect(await codeOf(resolveAlert(db.prisma, { alertId: alert.id, actorId: world.userId }))).toBe("CONFLICT");
    expect(await codeOf(acknowledgeAlert(db.prisma, { alertId: alert.id, actorId: world.userId, note: "x" }))).toBe("CONFLICT");
    expect(await codeOf(assignAlert(db.prisma, { alertId: alert.id, actorId: world.userId, assigneeId: world.userId }))).toBe("CONFLICT");
    expect(await eventsOf(alert.id)).toEqual(["FIRED", "ACKNOWLEDGED", "RESOLVED"]);
  });

  it("§5.3.2 an unknown alert is NOT_FOUND; an expiry in the past is BAD_USER_INPUT", async () => {
    expect(await codeOf(acknowledgeAlert(db.prisma, { alertId: "missing", actorId: world.userId, note: "x" }))).toBe("NOT_FOUND");
    const { alert } = await firingWarning();
    expect(await codeOf(acknowledgeAlert(db.prisma, { alertId: alert.id, actorId: world.userId, note: "x", expiresAt: at(new Date(), -1) }))).toBe("BAD_USER_INPUT");
  });

  it("§2.2.2 assigning an open alert to a person appends ASSIGNED; an unknown person is NOT_FOUND", async () => {
    const { alert } = await firingWarning();
    const res = await assignAlert(db.prisma, { alertId: alert.id, actorId: world.userId, assigneeId: world.userId });
    expect(res.alert.assigneeId).toBe(world.userId);
    expect(res.alert.state).toBe("FIRING");
    expect(await codeOf(assignAlert(db.prisma, { alertId: alert.id, actorId: world.userId, assigneeId: "nobody" }))).toBe("NOT_FOUND");
    const un = await assignAlert(db.prisma, { alertId: alert.id, actorId: world.userId, assigneeId: null });
    expect(un.alert.assigneeId).toBeNull();
    expect(await eventsOf(alert.id)).toEqual(["FIRED", "ASSIGNED", "ASSIGNED"]);
  });

  it("§5.3.2 resolving by hand frees the rule: the indicator is OK and a new breach opens a new alert", async () => {
    const { alert, indicator, warning } = await firingWarning();
    const res = await resolveAlert(db.prisma, { alertId: alert.id, actorId: world.userId, note: "handled" });
    expect(res.alert).toMatchObject({ state: "RESOLVED", openRuleId: null });
    expect(res.statusChanges).toEqual([{ indicatorId: indicator.id, processId: world.processId, status: "OK", previous: "WARNING" }]);
    await record(series(indicator.id, [91], 1));
    const open = await openAlerts(db.prisma, warning.id);
    expect(open).toHaveLength(1);
    expect(open[0].id).not.toBe(alert.id);
  });

  it("§5.3.2 an acknowledged alert still resolves when the value clears", async () => {
    const { alert, indicator } = await firingWarning();
    await acknowledgeAlert(db.prisma, { alertId: alert.id, actorId: world.userId, note: "on it" });
    await record(series(indicator.id, [10], 1));
    expect((await db.prisma.alert.findUniqueOrThrow({ where: { id: alert.id } })).state).toBe("RESOLVED");
    expect(await eventsOf(alert.id)).toEqual(["FIRED", "ACKNOWLEDGED", "RESOLVED"]);
  });
});

describe("§5.3.2 acknowledgement expiry", () => {
  it("§5.3.2 an expired acknowledgement of a still-breaching alert goes back to FIRING with ACK_EXPIRED", async () => {
    const { alert } = await firingWarning();
    const expiresAt = at(new Date(), 30);
    await acknowledgeAlert(db.prisma, { alertId: alert.id, actorId: world.userId, note: "later", expiresAt });
    expect((await expireAcknowledgements(db.prisma, at(expiresAt, -1))).alerts.map((a) => a.id)).not.toContain(alert.id);
    const res = await expireAcknowledgements(db.prisma, at(expiresAt, 1));
    const mine = res.alerts.find((a) => a.id === alert.id);
    expect(mine).toMatchObject({ state: "FIRING", ackExpiresAt: null });
    expect(res.events.filter((e) => e.alertId === alert.id)).toHaveLength(1);
    expect(await eventsOf(alert.id)).toEqual(["FIRED", "ACKNOWLEDGED", "ACK_EXPIRED"]);
    // Running it again changes nothing (idempotent across scheduler replicas).
    const again = await expireAcknowledgements(db.prisma, at(expiresAt, 2));
    expect(again.alerts.find((a) => a.id === alert.id)).toBeUndefined();
  });

  it("§5.3.2 an expired acknowledgement of an alert that is clearing (keep-firing) stays acknowledged", async () => {
    const ind = await createIndicator(db.prisma, world);
    const rule = await db.prisma.thresholdRule.create({
      data: { indicatorId: ind.id, kind: "THRESHOLD", level: "WARNING", comparator: "ABOVE", value: 80, keepFiringMinutes: 60 },
    });
    await record(series(ind.id, [90, 50]));
    const [alert] = await openAlerts(db.prisma, rule.id);
    const expiresAt = at(new Date(), 5);
    await acknowledgeAlert(db.prisma, { alertId: alert.id, actorId: world.userId, note: "clearing", expiresAt });
    const res = await expireAcknowledgements(db.prisma, at(expiresAt, 1));
    expect(res.alerts.find((a) => a.id === alert.id)).toBeUndefined();
    expect((await db.prisma.alert.findUniqueOrThrow({ where: { id: alert.id } })).state).toBe("ACKNOWLEDGED");
  });

  it("§5.3.2 two replicas expiring at once refire each alert once", async () => {
    const { alert } = await firingWarning();
    const expiresAt = at(new Date(), 1);
    await acknowledgeAlert(db.prisma, { alertId: alert.id, actorId: world.userId, note: "x", expiresAt });
    const [a, b] = await Promise.all([expireAcknowledgements(db.prisma, at(expiresAt, 1)), expireAcknowledgements(db.prisma, at(expiresAt, 1))]);
    const n = [...a.alerts, ...b.alerts].filter((x) => x.id === alert.id).length;
    expect(n).toBe(1);
    expect((await eventsOf(alert.id)).filter((t) => t === "ACK_EXPIRED")).toHaveLength(1);
  });
});

describe("§5.3.2 silences", () => {
  it("§5.3.2 a silence on an indicator is created, audited and found active", async () => {
    const ind = await createIndicator(db.prisma, world);
    const now = new Date();
    const s = await createSilence(db.prisma, { indicatorId: ind.id, endsAt: at(now, 60), reason: "planned maintenance", actorId: world.userId, now });
    expect(s).toMatchObject({ indicatorId: ind.id, processId: null, reason: "planned maintenance", createdById: world.userId });
    expect(await db.prisma.auditLog.count({ where: { entity: "Silence", entityId: s.id } })).toBe(1);
    // Alerts raised now are marked silenced.
    await db.prisma.thresholdRule.create({ data: { indicatorId: ind.id, kind: "THRESHOLD", level: "WARNING", comparator: "ABOVE", value: 1 } });
    await recordReadings(db.prisma, { readings: [{ indicatorId: ind.id, value: 5 }] });
    expect((await db.prisma.alert.findFirstOrThrow({ where: { indicatorId: ind.id } })).silenced).toBe(true);
  });

  it("§5.3.2 a silence needs exactly one target, a reason and an end after its start", async () => {
    const ind = await createIndicator(db.prisma, world);
    const now = new Date();
    const base = { endsAt: at(now, 60), reason: "r", actorId: world.userId, now };
    expect(await codeOf(createSilence(db.prisma, { ...base }))).toBe("BAD_USER_INPUT");
    expect(await codeOf(createSilence(db.prisma, { ...base, indicatorId: ind.id, processId: world.processId }))).toBe("BAD_USER_INPUT");
    expect(await codeOf(createSilence(db.prisma, { ...base, indicatorId: ind.id, reason: " " }))).toBe("BAD_USER_INPUT");
    expect(await codeOf(createSilence(db.prisma, { ...base, indicatorId: ind.id, startsAt: at(now, 70) }))).toBe("BAD_USER_INPUT");
    expect(await codeOf(createSilence(db.prisma, { ...base, indicatorId: "missing" }))).toBe("NOT_FOUND");
    const onProcess = await createSilence(db.prisma, { ...base, processId: world.processId });
    expect(onProcess.processId).toBe(world.processId);
  });
});
