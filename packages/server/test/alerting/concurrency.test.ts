import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/lib/db.js";
import { alertEventsAfter, appendAlertEvents } from "../../src/modules/alerting/engine/events.js";
import { recordReadings, type ReadingInput } from "../../src/modules/alerting/engine/ingest.js";
import { statusFromOpenAlerts } from "../../src/modules/alerting/rules.js";
import { createTestDatabase } from "../helpers/test-db.js";
import { createWarnCritIndicator, createWorld, type World } from "./fixtures.js";

/**
 * Eight writers at once on one indicator. On PostgreSQL they really run in parallel (a pool of
 * connections); on PGlite (one session) the same calls are queued and run one after another.
 */
let db: Database;
let world: World;
const WRITERS = 8;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createWorld(db.prisma);
});
afterAll(async () => {
  await db?.close();
});

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const base = () => new Date(Date.now() - 2 * 3600_000);

async function checkInvariants(indicatorId: string, ruleIds: string[]) {
  for (const ruleId of ruleIds) {
    const open = await db.prisma.alert.count({ where: { ruleId, state: { not: "RESOLVED" } } });
    expect(open).toBeLessThanOrEqual(1);
    // The event log of each rule alternates FIRED / RESOLVED, and ends in the state the alerts are in.
    const events = await db.prisma.alertEvent.findMany({
      where: { alert: { ruleId }, type: { in: ["FIRED", "RESOLVED"] } },
      orderBy: { id: "asc" },
      select: { type: true },
    });
    events.forEach((e, i) => expect(e.type).toBe(i % 2 === 0 ? "FIRED" : "RESOLVED"));
    expect(events.length % 2).toBe(open);
  }
  const open = await db.prisma.alert.findMany({ where: { indicatorId, state: { not: "RESOLVED" } }, include: { rule: true } });
  const indicator = await db.prisma.indicator.findUniqueOrThrow({ where: { id: indicatorId } });
  expect(indicator.status).toBe(statusFromOpenAlerts(open.map((a) => ({ level: a.level, ruleKind: a.rule!.kind }))));
}

describe("§5.3.2 concurrent ingest keeps one open alert per rule", () => {
  it(`§5.3.2 ${WRITERS} concurrent writers breaching one indicator raise exactly one alert per rule`, async () => {
    const { indicator, warning, critical } = await createWarnCritIndicator(db.prisma, world, 80, 95);
    const t0 = base();
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, w) =>
        recordReadings(db.prisma, {
          readings: Array.from({ length: 50 }, (_, i) => ({
            indicatorId: indicator.id,
            value: 96 + ((w + i) % 4),
            observedAt: new Date(t0.getTime() + (i * WRITERS + w) * 1000),
            key: `w${w}-${i}`,
          })),
        }),
      ),
    );
    expect(results.reduce((s, r) => s + r.accepted, 0)).toBe(WRITERS * 50);
    for (const ruleId of [warning.id, critical.id]) {
      expect(await db.prisma.alert.count({ where: { ruleId, state: { not: "RESOLVED" } } })).toBe(1);
      expect(await db.prisma.alert.count({ where: { ruleId } })).toBe(1);
      expect(await db.prisma.alertEvent.count({ where: { type: "FIRED", alert: { ruleId } } })).toBe(1);
    }
    expect(results.flatMap((r) => r.events)).toHaveLength(3); // FIRED ×2 + ESCALATED, from whichever writer came first
    expect((await db.prisma.indicator.findUniqueOrThrow({ where: { id: indicator.id } })).status).toBe("CRITICAL");
    await checkInvariants(indicator.id, [warning.id, critical.id]);
  });

  it(`§5.3.2 ${WRITERS} concurrent flapping writers with shared keys: invariants hold, duplicates counted, no event missed by a tailing reader`, async () => {
    const { indicator, warning, critical } = await createWarnCritIndicator(db.prisma, world, 80, 95, { clearValue: null });
    const t0 = base();
    const start = (await db.prisma.alertEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } }))?.id ?? null;

    // A subscriber tailing the log with a cursor while the writers run.
    const tailed: bigint[] = [];
    let writing = true;
    const tail = (async () => {
      let cursor = start;
      for (;;) {
        const done = !writing;
        const page = await alertEventsAfter(db.prisma, cursor, { processIds: [world.processId] }, 1000);
        for (const e of page) tailed.push(e.id);
        if (page.length > 0) cursor = page[page.length - 1].id;
        if (done && page.length === 0) break;
        await new Promise((r) => setTimeout(r, 2));
      }
    })();

    let sent = 0;
    const writer = async (w: number) => {
      const rand = prng(1000 + w);
      const out = { accepted: 0, duplicates: 0 };
      for (let b = 0; b < 5; b++) {
        const readings: ReadingInput[] = [];
        for (let i = 0; i < 20; i++) {
          const n = b * 20 + i;
          readings.push({
            indicatorId: indicator.id,
            value: Math.round(rand() * 100),
            observedAt: new Date(t0.getTime() + (n * WRITERS + w) * 1000),
            key: `w${w}-${n}`,
          });
        }
        // Every writer also retries the same shared readings: only one copy of each is stored.
        for (let i = 0; i < 5; i++) {
          readings.push({ indicatorId: indicator.id, value: 50, observedAt: new Date(t0.getTime() + (b * 5 + i) * 997), key: `shared-${b}-${i}` });
        }
        sent += readings.length;
        const r = await recordReadings(db.prisma, { readings });
        out.accepted += r.accepted;
        out.duplicates += r.duplicates;
      }
      return out;
    };
    const results = await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    writing = false;
    await tail;

    const accepted = results.reduce((s, r) => s + r.accepted, 0);
    const duplicates = results.reduce((s, r) => s + r.duplicates, 0);
    expect(accepted + duplicates).toBe(sent);
    expect(accepted).toBe(WRITERS * 100 + 25);
    expect(await db.prisma.reading.count({ where: { indicatorId: indicator.id } })).toBe(accepted);
    await checkInvariants(indicator.id, [warning.id, critical.id]);

    // The tailing reader saw every event, each once, in id order: none committed behind its cursor.
    const all = (await alertEventsAfter(db.prisma, start, { processIds: [world.processId] }, 1000)).map((e) => e.id);
    expect(all.length).toBeGreaterThan(2);
    expect(tailed).toEqual(all);
  });

  it(`§5.3.2 ${WRITERS} writers on three indicators in different orders do not deadlock`, async () => {
    const sets = await Promise.all([0, 1, 2].map(() => createWarnCritIndicator(db.prisma, world, 80, 95)));
    const t0 = base();
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, w) => {
        const order = w % 2 === 0 ? sets : [...sets].reverse();
        return recordReadings(db.prisma, {
          readings: order.flatMap((s, k) =>
            Array.from({ length: 10 }, (_, i) => ({
              indicatorId: s.indicator.id,
              value: (w * 13 + i * 7 + k * 29) % 100,
              observedAt: new Date(t0.getTime() + (i * WRITERS + w) * 1000),
            })),
          ),
        });
      }),
    );
    expect(results.reduce((s, r) => s + r.accepted, 0)).toBe(WRITERS * 30);
    for (const s of sets) await checkInvariants(s.indicator.id, [s.warning.id, s.critical.id]);
  });

  it.skipIf(!process.env.DATABASE_URL)("§5.3.2 an AlertEvent appended later never commits before an earlier one (ids commit in order)", async () => {
    const { indicator } = await createWarnCritIndicator(db.prisma, world, 80, 95);
    await recordReadings(db.prisma, { readings: [{ indicatorId: indicator.id, value: 90 }] });
    const alert = await db.prisma.alert.findFirstOrThrow({ where: { indicatorId: indicator.id } });
    const cursor = (await db.prisma.alertEvent.findFirstOrThrow({ orderBy: { id: "desc" } })).id;
    const ctx = () => ({ indicatorId: indicator.id, processId: world.processId, unitId: world.unitId });
    const event = { alertId: alert.id, type: "ASSIGNED" as const, level: alert.level, state: alert.state, note: "order test" };

    let inserted!: () => void;
    const firstInserted = new Promise<void>((r) => (inserted = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // T1 appends, then stays open; T2 appends meanwhile and wants to commit.
    const t1 = db.prisma.$transaction(
      async (tx) => {
        const m = await appendAlertEvents(tx, [event], ctx);
        inserted();
        await gate;
        return m;
      },
      { timeout: 30_000 },
    );
    await firstInserted;
    const t2 = db.prisma.$transaction((tx) => appendAlertEvents(tx, [event], ctx), { timeout: 30_000 });
    await new Promise((r) => setTimeout(r, 300));
    // While T1 is open, a reader after the cursor sees nothing: T2 has not committed past it.
    const seen = await alertEventsAfter(db.prisma, cursor, {}, 100);
    release();
    const [m1, m2] = await Promise.all([t1, t2]);
    expect(seen).toEqual([]);
    expect(BigInt(m1[0].id)).toBeLessThan(BigInt(m2[0].id));
    expect((await alertEventsAfter(db.prisma, cursor, {}, 100)).map((e) => String(e.id))).toEqual([m1[0].id, m2[0].id]);
  });
});
