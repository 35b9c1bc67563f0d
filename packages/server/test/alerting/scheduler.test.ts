import { PrismaPGlite } from "pglite-prisma-adapter";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "../../src/generated/prisma/client.js";
import { openDatabase, type Database } from "../../src/lib/db.js";
import { recordReadings } from "../../src/modules/alerting/engine/ingest.js";
import type { MonitoringMessages } from "../../src/modules/alerting/publish.js";
import { checkNoData, startScheduler } from "../../src/modules/alerting/scheduler.js";
import { createTestDatabase } from "../helpers/test-db.js";
import { at, createIndicator, createRule, createWorld, openAlerts, type World } from "./fixtures.js";

let db: Database;
/** A second client on the same database: another server replica. */
let replica: PrismaClient;
let closeReplica: () => Promise<void>;
let world: World;

beforeAll(async () => {
  db = await createTestDatabase();
  if (db.target.kind === "postgres") {
    const other = openDatabase({ kind: "postgres", url: db.target.url });
    replica = other.prisma;
    closeReplica = () => other.close();
  } else {
    // Same in-memory PGlite, second client (the adapter types of pglite-prisma-adapter lag Prisma's).
    replica = new PrismaClient({ adapter: new PrismaPGlite(db.pglite!) as never });
    closeReplica = () => replica.$disconnect();
  }
  world = await createWorld(db.prisma);
});
afterAll(async () => {
  await closeReplica?.();
  await db?.close();
});

/** An indicator expected every 10 minutes with a NO_DATA rule (factor 2), last reading at `lastAt`. */
async function feed(lastAt: Date | null, level: "WARNING" | "CRITICAL" = "WARNING") {
  const indicator = await createIndicator(db.prisma, world, { expectedIntervalMinutes: 10 });
  const rule = await createRule(db.prisma, indicator.id, { kind: "NO_DATA", level, noDataFactor: 2 });
  if (lastAt) await recordReadings(db.prisma, { readings: [{ indicatorId: indicator.id, value: 1, observedAt: lastAt }] }, { now: lastAt });
  return { indicator, rule };
}

const firedEvents = (indicatorId: string) => db.prisma.alertEvent.count({ where: { type: "FIRED", alert: { indicatorId } } });

describe("§5.3.1 NO_DATA: a feed that stops reporting is a warning", () => {
  it("§5.3.1 no reading for longer than interval × factor fires one NO_DATA alert; the status becomes NO_DATA", async () => {
    const last = new Date(Date.now() - 60 * 60_000);
    const { indicator, rule } = await feed(last);
    const before = await checkNoData(db.prisma, at(last, 19));
    expect(before.events.filter((e) => e.indicatorId === indicator.id)).toEqual([]);
    const res = await checkNoData(db.prisma, at(last, 21));
    const mine = res.events.filter((e) => e.indicatorId === indicator.id);
    expect(mine).toHaveLength(1);
    expect(res.statusChanges.find((s) => s.indicatorId === indicator.id)).toMatchObject({ status: "NO_DATA", previous: "OK" });
    const [alert] = await openAlerts(db.prisma, rule.id);
    expect(alert).toMatchObject({ level: "WARNING", state: "FIRING", openRuleId: rule.id });
    expect(alert.message).toMatch(/no reading since/);
    // A second pass changes nothing.
    const again = await checkNoData(db.prisma, at(last, 22));
    expect(again.events.filter((e) => e.indicatorId === indicator.id)).toEqual([]);
    expect(await firedEvents(indicator.id)).toBe(1);
  });

  it("§5.3.1 a reading arriving resolves the NO_DATA alert in the ingest transaction", async () => {
    const last = new Date(Date.now() - 60 * 60_000);
    const { indicator, rule } = await feed(last);
    await checkNoData(db.prisma, at(last, 30));
    expect(await openAlerts(db.prisma, rule.id)).toHaveLength(1);
    const res = await recordReadings(db.prisma, { readings: [{ indicatorId: indicator.id, value: 2 }] });
    expect(await openAlerts(db.prisma, rule.id)).toHaveLength(0);
    expect(res.events).toHaveLength(1);
    expect(res.statusChanges).toEqual([{ indicatorId: indicator.id, processId: world.processId, status: "OK", previous: "NO_DATA" }]);
    const types = (await db.prisma.alertEvent.findMany({ where: { alert: { indicatorId: indicator.id } }, orderBy: { id: "asc" } })).map((e) => e.type);
    expect(types).toEqual(["FIRED", "RESOLVED"]);
  });

  it("§5.3.1 a backfilled old reading does not resolve NO_DATA", async () => {
    const last = new Date(Date.now() - 120 * 60_000);
    const { indicator, rule } = await feed(last);
    await checkNoData(db.prisma, new Date());
    await recordReadings(db.prisma, { readings: [{ indicatorId: indicator.id, value: 2, observedAt: at(last, 1) }] });
    expect(await openAlerts(db.prisma, rule.id)).toHaveLength(1);
  });

  it("§5.3.1 the scheduler resolves a NO_DATA alert when the data is fresh again", async () => {
    const last = new Date(Date.now() - 60 * 60_000);
    const { indicator, rule } = await feed(last);
    await checkNoData(db.prisma, at(last, 30));
    await db.prisma.indicator.update({ where: { id: indicator.id }, data: { lastObservedAt: at(last, 35) } });
    const res = await checkNoData(db.prisma, at(last, 40));
    expect(res.events.filter((e) => e.indicatorId === indicator.id)).toHaveLength(1);
    expect(await openAlerts(db.prisma, rule.id)).toHaveLength(0);
    expect((await db.prisma.indicator.findUniqueOrThrow({ where: { id: indicator.id } })).status).toBe("OK");
  });

  it("§5.3.1 an indicator that never reported is missing after interval × factor from its creation", async () => {
    const { indicator, rule } = await feed(null);
    await checkNoData(db.prisma, at(indicator.createdAt, 15));
    expect(await openAlerts(db.prisma, rule.id)).toHaveLength(0);
    await checkNoData(db.prisma, at(indicator.createdAt, 25));
    const [alert] = await openAlerts(db.prisma, rule.id);
    expect(alert.message).toMatch(/no reading yet/);
  });

  it("§5.3.1 without a NO_DATA rule the indicator still shows NO_DATA (no alert), and OK with the next reading", async () => {
    const indicator = await createIndicator(db.prisma, world, { expectedIntervalMinutes: 5 });
    const last = new Date(Date.now() - 60 * 60_000);
    await recordReadings(db.prisma, { readings: [{ indicatorId: indicator.id, value: 1, observedAt: last }] }, { now: last });
    const res = await checkNoData(db.prisma, new Date());
    expect(res.statusChanges.find((s) => s.indicatorId === indicator.id)).toMatchObject({ status: "NO_DATA" });
    expect(await db.prisma.alert.count({ where: { indicatorId: indicator.id } })).toBe(0);
    const back = await recordReadings(db.prisma, { readings: [{ indicatorId: indicator.id, value: 1 }] });
    expect(back.statusChanges[0]).toMatchObject({ status: "OK", previous: "NO_DATA" });
  });

  it("§5.3.1 two scheduler replicas checking at the same moment raise exactly one alert and one FIRED event per feed", async () => {
    const last = new Date(Date.now() - 60 * 60_000);
    const feeds = await Promise.all([0, 1, 2, 3, 4].map(() => feed(last)));
    const now = new Date();
    const [a, b] = await Promise.all([checkNoData(db.prisma, now), checkNoData(replica, now)]);
    for (const { indicator, rule } of feeds) {
      expect(await db.prisma.alert.count({ where: { ruleId: rule.id } })).toBe(1);
      expect(await firedEvents(indicator.id)).toBe(1);
      const published = [...a.events, ...b.events].filter((e) => e.indicatorId === indicator.id);
      expect(published).toHaveLength(1);
    }
    // And again, racing a third pass: still one.
    await Promise.all([checkNoData(db.prisma, now), checkNoData(replica, now), checkNoData(replica, now)]);
    for (const { rule } of feeds) expect(await db.prisma.alert.count({ where: { ruleId: rule.id } })).toBe(1);
  });

  it("§5.3.1 startScheduler runs the checks on its timer and publishes after commit; stop() ends it", async () => {
    const last = new Date(Date.now() - 60 * 60_000);
    const { indicator } = await feed(last, "CRITICAL");
    const published: MonitoringMessages[] = [];
    const scheduler = startScheduler({ prisma: db.prisma, publish: (m) => void published.push(m), intervalMs: 20 });
    const deadline = Date.now() + 20_000;
    while (!published.some((m) => m.events?.some((e) => e.indicatorId === indicator.id)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await scheduler.stop();
    const event = published.flatMap((m) => m.events ?? []).find((e) => e.indicatorId === indicator.id)!;
    expect(event).toBeDefined();
    // Published after commit: the event is in the log.
    expect(await db.prisma.alertEvent.findUnique({ where: { id: BigInt(event.id) } })).not.toBeNull();
    expect((await db.prisma.indicator.findUniqueOrThrow({ where: { id: indicator.id } })).status).toBe("NO_DATA");
    const count = published.length;
    await new Promise((r) => setTimeout(r, 60));
    expect(published.length).toBe(count);
  });
});
