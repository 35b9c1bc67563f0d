import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/lib/db.js";
import { DomainError } from "../../src/lib/errors.js";
import type { AlertEventMessage } from "../../src/lib/pubsub.js";
import { acknowledgeAlert } from "../../src/modules/alerting/alerts.js";
import { alertEventsAfter, messageMatches, parseCursor, toAlertEventMessage } from "../../src/modules/alerting/engine/events.js";
import { recordReadings } from "../../src/modules/alerting/engine/ingest.js";
import { publishMessages, sortByEventId } from "../../src/modules/alerting/publish.js";
import { createTestDatabase } from "../helpers/test-db.js";
import { at, createWarnCritIndicator, createWorld, type World } from "./fixtures.js";

let db: Database;
let a: World;
let b: World;
const T0 = new Date(Date.now() - 3600_000);
/** Every message published, in order. */
const log: AlertEventMessage[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  a = await createWorld(db.prisma);
  b = await createWorld(db.prisma);
  const ia = await createWarnCritIndicator(db.prisma, a, 80, 95);
  const ib = await createWarnCritIndicator(db.prisma, b, 80, 95);
  const send = async (indicatorId: string, minute: number, value: number) => {
    const res = await recordReadings(db.prisma, { readings: [{ indicatorId, value, observedAt: at(T0, minute) }] });
    log.push(...res.events);
    return res;
  };
  await send(ia.indicator.id, 0, 90); // A: FIRED warning
  await send(ib.indicator.id, 1, 99); // B: FIRED warning, FIRED critical, ESCALATED
  await send(ia.indicator.id, 2, 99); // A: FIRED critical, ESCALATED
  const [alert] = await db.prisma.alert.findMany({ where: { indicatorId: ia.indicator.id, level: "WARNING" } });
  log.push(...(await acknowledgeAlert(db.prisma, { alertId: alert.id, actorId: a.userId, note: "seen" })).events);
  await send(ib.indicator.id, 3, 10); // B: RESOLVED warning, RESOLVED critical
});
afterAll(async () => {
  await db?.close();
});

describe("§5.3.2 replaying the AlertEvent log after a cursor (no warning lost across a reconnect)", () => {
  it("§5.3.2 the log from the start equals what was published, in id order", async () => {
    const all = await alertEventsAfter(db.prisma, null, {}, 1000);
    expect(all).toHaveLength(9);
    expect(all.map((e) => toAlertEventMessage(e))).toEqual(sortByEventId(log));
    expect(all.map((e) => e.id)).toEqual([...all.map((e) => e.id)].sort((x, y) => (x < y ? -1 : 1)));
    expect(all[0]).toMatchObject({ type: "FIRED", processId: a.processId, unitId: a.unitId, alertLevel: "WARNING" });
  });

  it("§5.3.2 after a cursor: exactly the later events", async () => {
    const all = await alertEventsAfter(db.prisma, null, {}, 1000);
    for (const k of [0, 3, 8]) {
      const after = await alertEventsAfter(db.prisma, all[k].id, {}, 1000);
      expect(after.map((e) => e.id)).toEqual(all.slice(k + 1).map((e) => e.id));
    }
    expect(await alertEventsAfter(db.prisma, all[8].id + 1000n, {}, 10)).toEqual([]);
  });

  it("§5.3.2 pages of `limit` events walk the whole log", async () => {
    const seen: bigint[] = [];
    let cursor: bigint | null = null;
    for (;;) {
      const page = await alertEventsAfter(db.prisma, cursor, {}, 3);
      if (page.length === 0) break;
      seen.push(...page.map((e) => e.id));
      cursor = page[page.length - 1].id;
    }
    expect(seen).toEqual((await alertEventsAfter(db.prisma, null, {}, 1000)).map((e) => e.id));
  });

  it("§6.2.2 filters: by process, by owner unit, by event level", async () => {
    const byProcess = await alertEventsAfter(db.prisma, null, { processIds: [a.processId] }, 100);
    expect(byProcess.map((e) => e.type)).toEqual(["FIRED", "FIRED", "ESCALATED", "ACKNOWLEDGED"]);
    const byUnit = await alertEventsAfter(db.prisma, null, { unitIds: [b.unitId] }, 100);
    expect(byUnit.map((e) => e.type)).toEqual(["FIRED", "FIRED", "ESCALATED", "RESOLVED", "RESOLVED"]);
    expect(byUnit.every((e) => e.unitId === b.unitId)).toBe(true);
    // The level of the event, which is its alert's (issue 12 bug (a)): the warning's ESCALATED
    // event is a WARNING event; the CRITICAL filter sees the critical alerts' own events.
    const critical = await alertEventsAfter(db.prisma, null, { levels: ["CRITICAL"] }, 100);
    expect(critical.every((e) => e.level === "CRITICAL")).toBe(true);
    expect(critical.map((e) => e.type)).toEqual(["FIRED", "FIRED", "RESOLVED"]);
    const warning = await alertEventsAfter(db.prisma, null, { levels: ["WARNING"] }, 100);
    expect(warning.map((e) => e.type)).toContain("ESCALATED");
    expect(await alertEventsAfter(db.prisma, null, { processIds: [] }, 100)).toEqual([]);
  });

  it("§5.3.2 a live message matches the same process / unit filters", () => {
    const m = log[0];
    expect(messageMatches(m, { processIds: [a.processId] })).toBe(true);
    expect(messageMatches(m, { unitIds: [b.unitId] })).toBe(false);
    expect(messageMatches(m, {})).toBe(true);
  });

  it("failure 9 (§5.3.2): live and replayed events pass the same filter, levels included", async () => {
    const all = await alertEventsAfter(db.prisma, null, {}, 1000);
    const filters = [{ levels: ["CRITICAL" as const] }, { levels: ["WARNING" as const] }, { processIds: [a.processId], levels: ["CRITICAL" as const] }, { unitIds: [b.unitId] }];
    for (const filter of filters) {
      const replayed = (await alertEventsAfter(db.prisma, null, filter, 1000)).map((e) => e.id);
      const live = sortByEventId(log)
        .filter((m) => messageMatches(m, filter))
        .map((m) => BigInt(m.id));
      expect(replayed).toEqual(live);
      expect(all.filter((e) => messageMatches(toAlertEventMessage(e), filter)).map((e) => e.id)).toEqual(replayed);
    }
    // The escalation of the warning (a WARNING alert) is a WARNING event on both paths (issue 12 bug (a)).
    const escalation = log.find((m) => all.find((e) => String(e.id) === m.id)?.type === "ESCALATED")!;
    expect(escalation.level).toBe("WARNING");
    expect(messageMatches(escalation, { levels: ["WARNING"] })).toBe(true);
    expect(messageMatches(escalation, { levels: ["CRITICAL"] })).toBe(false);
  });

  it("§5.3.2 cursors and limits are validated", async () => {
    expect(parseCursor("42")).toBe(42n);
    expect(parseCursor(null)).toBeNull();
    expect(() => parseCursor("-1")).toThrow(DomainError);
    expect(() => parseCursor("abc")).toThrow(DomainError);
    // failure 8: past the bigint range is the caller's mistake, not a database error.
    expect(() => parseCursor("9999999999999999999")).toThrow(DomainError);
    expect(parseCursor("9223372036854775807")).toBe(9223372036854775807n);
    await expect(alertEventsAfter(db.prisma, null, {}, 0)).rejects.toBeInstanceOf(DomainError);
    await expect(alertEventsAfter(db.prisma, null, {}, 1001)).rejects.toBeInstanceOf(DomainError);
  });

  it("§5.3.2 publishMessages sends the batch's readings (one message), status changes and events (in id order) on the bus", () => {
    const sent: [string, unknown][] = [];
    const bus = { publish: (topic: string, payload: unknown) => void sent.push([topic, payload]) };
    const readings = [
      { indicatorId: "i", processId: "p", value: 1, observedAt: "2025-01-01T00:00:00.000Z" },
      { indicatorId: "j", processId: "p", value: 2, observedAt: "2025-01-01T00:00:01.000Z" },
    ];
    publishMessages(bus as never, {
      readings,
      statusChanges: [{ indicatorId: "i", processId: "p", status: "WARNING", previous: "OK" }],
      events: [
        { id: "10", alertId: "x", indicatorId: "i", processId: "p", unitId: "u", level: "WARNING" },
        { id: "9", alertId: "x", indicatorId: "i", processId: "p", unitId: "u", level: "WARNING" },
      ],
    });
    expect(sent.map(([t, p]) => `${t}:${(p as { id?: string }).id ?? ""}`)).toEqual(["readings:", "indicatorStatus:", "alertEvent:9", "alertEvent:10"]);
    // failure: one message per reading (issue 13: most of a batch's publishing CPU), or the batch reordered.
    expect(sent[0][1]).toEqual(readings);
    // failure: an empty `readings` message for a batch that stored nothing.
    sent.length = 0;
    publishMessages(bus as never, { readings: [] });
    expect(sent).toEqual([]);
  });
});
