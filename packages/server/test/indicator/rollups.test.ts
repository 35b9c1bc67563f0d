/**
 * Issue 13, item 2 (§2.3.3 collect and analyse run data, §4.2.4 data analysis): `series` over the
 * daily, hourly and five-minute rollups equals the raw computation exactly, for random readings sent in
 * batches out of order (late ones included), with repeated idempotency keys, and after readings
 * are corrected or deleted. Failures pinned: a late reading added to a bucket's count but not its
 * min/max/last, a duplicate key counted twice in a rollup, a corrected reading left in its old
 * bucket, an avg rounded differently from `avg(value::numeric)`, a bucket edge read twice or not
 * at all where rollup and raw pieces meet.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/lib/db.js";
import { recordReadings } from "../../src/modules/alerting/engine/ingest.js";
import { insertRawReadings } from "../../src/modules/alerting/engine/reading-keys.js";
import { planSeries, rollupSeriesRows, scanRanges } from "../../src/modules/indicator/series-rollup.js";
import { bucketWidth, indicatorSeries, rawSeriesRows, seriesPlan } from "../../src/modules/indicator/series.js";
import { createIndicator, createWorld, type World } from "../alerting/fixtures.js";
import { createTestDatabase } from "../helpers/test-db.js";

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A range crossing a month end (two partitions) with room for late readings before it. */
const ORIGIN = Date.UTC(2026, 0, 27, 5, 17, 3, 211);
const SPAN = 9 * DAY;

let db: Database;
let world: World;
beforeAll(async () => {
  db = await createTestDatabase();
  world = await createWorld(db.prisma);
}, 120_000);
afterAll(async () => {
  await db?.close();
});

/** Raw and rollup answers side by side, as plain objects. */
async function both(indicatorId: string, from: Date, to: Date, buckets: number) {
  const served = await indicatorSeries(db.prisma, { indicatorId, from, to, buckets });
  const raw = await rawSeriesRows(db.prisma, { indicatorId, from, to, buckets }, bucketWidth(from, to, buckets));
  const rawShaped = raw.map((r) => ({
    index: Number(r.bucket),
    count: Number(r.count),
    min: Number(r.min),
    max: Number(r.max),
    avg: Number(r.avg),
    last: Number(r.last),
    lastObservedAt: new Date(r.last_observed_at).toISOString(),
  }));
  const servedShaped = served.map(({ start: _s, end: _e, ...b }) => ({ ...b, lastObservedAt: b.lastObservedAt.toISOString() }));
  return { served: servedShaped, raw: rawShaped };
}

/** The stored rollups against the same aggregates recomputed from the raw readings. */
async function rollupsMatchRaw(indicatorId: string) {
  const diff = await db.prisma.$queryRaw<{ n: number }[]>`
    WITH fresh AS (
      SELECT x.indicator_id, w.s AS width_seconds, date_bin(make_interval(secs => w.s), x.observed_at, TIMESTAMP '1970-01-01') AS bucket_start,
             count(*)::int AS count, sum(x.value::numeric) AS sum, min(x.value) AS min, max(x.value) AS max,
             (array_agg(x.value ORDER BY x.observed_at DESC, x.id DESC))[1] AS last_value, max(x.observed_at) AS last_observed_at,
             (array_agg(x.id ORDER BY x.observed_at DESC, x.id DESC))[1] AS last_id
      FROM reading x CROSS JOIN (VALUES (300), (3600), (86400)) AS w(s)
      WHERE x.indicator_id = ${indicatorId}
      GROUP BY 1, 2, 3
    ), stored AS (
      SELECT indicator_id, width_seconds, bucket_start, count, sum, min, max, last_value, last_observed_at, last_id
      FROM reading_rollup WHERE indicator_id = ${indicatorId}
    )
    SELECT ((SELECT count(*) FROM (SELECT * FROM fresh EXCEPT SELECT * FROM stored) a) + (SELECT count(*) FROM (SELECT * FROM stored EXCEPT SELECT * FROM fresh) b))::int AS n`;
  return Number(diff[0].n);
}

const reading = fc.record({
  at: fc.integer({ min: -2 * DAY, max: SPAN }),
  value: fc.oneof(
    fc.integer({ min: -1000, max: 1000 }).map((v) => v / 8),
    fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
  ),
  key: fc.option(
    fc.integer({ min: 0, max: 40 }).map((k) => `k${k}`),
    { nil: null },
  ),
});
const window = fc.record({
  fromOffset: fc.integer({ min: -DAY, max: 2 * DAY }),
  length: fc.integer({ min: HOUR, max: SPAN }),
  buckets: fc.integer({ min: 1, max: 60 }),
  aligned: fc.boolean(),
});

describe("§2.3.3 series over rollups equals the raw computation", () => {
  it("§2.3.3 random readings in out-of-order batches, late ones and repeated keys: every window answers as raw", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(reading, { minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 5 }),
        fc.array(window, { minLength: 3, maxLength: 6 }),
        async (batches, windows) => {
          const ind = await createIndicator(db.prisma, world);
          const now = new Date(ORIGIN + SPAN + DAY);
          // Later batches may be older than earlier ones: late and out-of-order readings.
          for (const [i, batch] of batches.entries()) {
            const readings = batch.map((r) => ({ indicatorId: ind.id, value: r.value, observedAt: new Date(ORIGIN + r.at), key: r.key }));
            if (i % 2 === 0) await recordReadings(db.prisma, { readings }, { now });
            else await insertRawReadings(db.prisma, readings);
          }
          expect(await rollupsMatchRaw(ind.id)).toBe(0);
          for (const w of windows) {
            const base = w.aligned ? Math.floor((ORIGIN + w.fromOffset) / HOUR) * HOUR : ORIGIN + w.fromOffset;
            const from = new Date(base);
            const to = new Date(base + (w.aligned ? Math.ceil(w.length / HOUR) * HOUR : w.length));
            const { served, raw } = await both(ind.id, from, to, w.buckets);
            expect(served).toEqual(raw);
          }
        },
      ),
      { numRuns: 12 },
    );
  }, 300_000);

  it("§2.3.3 the rollup path is the one taken for hour-wide buckets, and the part of a bucket before its first whole hour is read from five-minute rollups", () => {
    const from = new Date(Date.UTC(2026, 0, 1, 0, 30));
    const to = new Date(from.getTime() + 10 * DAY);
    const segments = planSeries(from, to, bucketWidth(from, to, 4), 4);
    expect(segments.filter((s) => s.width === DAY).length).toBeGreaterThan(0);
    // The half hour before the first whole hour: five-minute rollups (edges on that grid need no raw readings).
    expect(segments.filter((s) => s.width === 300_000).map((s) => [s.lo, s.hi])[0]).toEqual([from.getTime(), from.getTime() + 30 * 60_000]);
    expect(segments.filter((s) => s.width === 0)).toEqual([]);
    // Every millisecond of the window is in exactly one segment, of the bucket it belongs to.
    const sorted = [...segments].sort((a, b) => a.lo - b.lo);
    expect(sorted[0].lo).toBe(from.getTime());
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].lo).toBe(sorted[i - 1].hi);
    expect(sorted.at(-1)!.hi).toBe(to.getTime());
    // Under five minutes per bucket: raw only.
    const hour = new Date(from.getTime() + HOUR);
    expect(planSeries(from, hour, bucketWidth(from, hour, 20), 20)).toEqual([]);
  });

  it("§2.3.3 a corrected reading moves between buckets and a deleted one leaves them: rollups recomputed, series still as raw", async () => {
    const ind = await createIndicator(db.prisma, world);
    const readings = Array.from({ length: 300 }, (_, i) => ({
      indicatorId: ind.id,
      value: ((i * 7919) % 1000) / 10,
      observedAt: new Date(ORIGIN + ((i * 104_729) % SPAN)),
      key: `c${i}`,
    }));
    await insertRawReadings(db.prisma, readings);
    const from = new Date(Math.floor(ORIGIN / DAY) * DAY);
    const to = new Date(from.getTime() + 10 * DAY);
    // The maximum corrected down, a reading moved across the month end, one deleted.
    const top = await db.prisma.reading.findFirstOrThrow({ where: { indicatorId: ind.id }, orderBy: [{ value: "desc" }, { id: "asc" }] });
    await db.prisma.$executeRaw`UPDATE reading SET value = -5 WHERE id = ${top.id}`;
    await db.prisma.$executeRaw`UPDATE reading SET observed_at = observed_at + interval '4 days' WHERE indicator_id = ${ind.id} AND key = 'c3'`;
    await db.prisma.$executeRaw`DELETE FROM reading WHERE indicator_id = ${ind.id} AND key IN ('c10', 'c11', 'c12')`;
    expect(await rollupsMatchRaw(ind.id)).toBe(0);
    for (const buckets of [1, 7, 10, 33, 240]) {
      const { served, raw } = await both(ind.id, from, to, buckets);
      expect(served).toEqual(raw);
    }
  }, 120_000);

  it("§5.3.2 a key sent again, in the same batch or a later one, adds nothing to the rollups", async () => {
    const ind = await createIndicator(db.prisma, world);
    const at = new Date(ORIGIN);
    const one = { indicatorId: ind.id, value: 5, observedAt: at, key: "same" };
    const first = await recordReadings(db.prisma, { readings: [one, { ...one, value: 9 }] }, { now: new Date(ORIGIN + DAY) });
    const again = await recordReadings(db.prisma, { readings: [{ ...one, value: 7, observedAt: new Date(ORIGIN + HOUR) }] }, { now: new Date(ORIGIN + DAY) });
    expect([first.accepted, first.duplicates, again.accepted, again.duplicates]).toEqual([1, 1, 0, 1]);
    const rollups = await db.prisma.readingRollup.findMany({ where: { indicatorId: ind.id }, orderBy: { widthSeconds: "asc" } });
    expect(rollups.map((r) => [r.widthSeconds, r.count, Number(r.sum), r.min, r.max, r.lastValue])).toEqual([
      [300, 1, 5, 5, 5, 5],
      [3600, 1, 5, 5, 5, 5],
      [86400, 1, 5, 5, 5, 5],
    ]);
  });

  it("§2.3.3 five-minute rollups: minute readings sent late and out of order across a month end, edges on and off the five-minute and hour grids, empty buckets: rollups read, raw edges under five minutes, answer as raw", async () => {
    const ind = await createIndicator(db.prisma, world, { expectedIntervalMinutes: 1 });
    // Jan 30 00:00 to Feb 2 00:00 UTC (two monthly partitions), one reading a minute with 6-hour
    // holes (empty buckets); sent newest batch first, each batch shuffled, one more reading late.
    const start = Date.UTC(2026, 0, 30);
    const all = Array.from({ length: 3 * 1440 }, (_, i) => ({
      indicatorId: ind.id,
      value: ((i * 7919) % 997) / 4,
      observedAt: new Date(start + i * MINUTE + ((i * 13) % 59) * 1000),
      key: null,
    })).filter((r) => (r.observedAt.getTime() - start) % (DAY / 2) < DAY / 4);
    const batches: (typeof all)[] = [];
    for (let i = 0; i < all.length; i += 500) batches.unshift(all.slice(i, i + 500).sort((a, b) => ((a.value * 31) % 7) - ((b.value * 31) % 7)));
    for (const [i, batch] of batches.entries()) {
      if (i % 2 === 0) await recordReadings(db.prisma, { readings: batch }, { now: new Date(start + 4 * DAY) });
      else await insertRawReadings(db.prisma, batch);
    }
    await insertRawReadings(db.prisma, [{ indicatorId: ind.id, value: 1e6, observedAt: new Date(Date.UTC(2026, 0, 31, 23, 59, 59, 999)), key: null }]);
    expect(await rollupsMatchRaw(ind.id)).toBe(0);
    const windows: [number, number, number][] = [
      [Date.UTC(2026, 0, 30), Date.UTC(2026, 1, 2), 72], // hour-wide buckets, on every grid
      [Date.UTC(2026, 0, 30, 0, 5), Date.UTC(2026, 1, 1, 23, 50), 100], // edges on the five-minute grid only
      [Date.UTC(2026, 0, 30, 1, 2, 3, 4), Date.UTC(2026, 1, 1, 22, 58, 7, 9), 200], // off every grid, ~21-minute buckets
      [Date.UTC(2026, 0, 31, 20, 17), Date.UTC(2026, 1, 1, 3, 41), 7], // across the month end
      [Date.UTC(2026, 0, 30, 7), Date.UTC(2026, 0, 30, 11), 4], // inside a hole: no readings at all
    ];
    for (const [f, t, buckets] of windows) {
      const from = new Date(f);
      const to = new Date(t);
      const segments = planSeries(from, to, bucketWidth(from, to, buckets), buckets);
      expect(segments.some((s) => s.width === 300_000)).toBe(t - f !== 3 * DAY && t - f !== 4 * HOUR); // whole hours there
      // Raw readings only at the edges, each piece under five minutes.
      for (const s of segments.filter((x) => x.width === 0)) expect(s.hi - s.lo).toBeLessThan(5 * MINUTE);
      const rows = await rollupSeriesRows(db.prisma, ind.id, segments);
      const raw = await rawSeriesRows(db.prisma, { indicatorId: ind.id, from, to, buckets }, bucketWidth(from, to, buckets));
      expect(rows.map((r) => ({ ...r, bucket: Number(r.bucket), lastObservedAt: new Date(r.last_observed_at).toISOString(), last_observed_at: 0 }))).toEqual(
        raw.map((r) => ({ ...r, bucket: Number(r.bucket), lastObservedAt: new Date(r.last_observed_at).toISOString(), last_observed_at: 0 })),
      );
      const { served, raw: rawShaped } = await both(ind.id, from, to, buckets);
      expect(served).toEqual(rawShaped);
      if (t - f === 4 * HOUR) expect(served).toEqual([]);
    }
  }, 120_000);

  it("§2.3.3 close segments of one width are read by one range scan, and the scans cover every segment", () => {
    const from = new Date(Date.UTC(2025, 10, 30, 17, 52));
    const to = new Date(from.getTime() + 365 * DAY);
    const segments = planSeries(from, to, bucketWidth(from, to, 200), 200);
    const ranges = scanRanges(segments);
    expect(ranges.filter((r) => r.width === DAY)).toHaveLength(1);
    expect(ranges.length).toBeLessThan(segments.length / 2);
    for (const s of segments) expect(ranges.some((r) => r.width === s.width && r.lo <= s.lo && s.hi <= r.hi)).toBe(true);
  });

  it("§2.3.3 the path follows the expected row count: a day of minute readings is read raw, 30 days and a year from the rollups, an unknown interval from the rollups", () => {
    const to = new Date(Date.UTC(2026, 10, 30, 17, 53));
    const plan = (days: number, interval: number | null, buckets = 200) => {
      const from = new Date(to.getTime() - days * DAY);
      return seriesPlan(from, to, bucketWidth(from, to, buckets), buckets, interval);
    };
    expect(plan(1, 1)).toBeNull();
    expect(plan(30, 1)).not.toBeNull();
    expect(plan(365, 1)).not.toBeNull();
    // Sparse readings: a reading an hour makes 30 days (720 readings) cheaper raw.
    expect(plan(30, 60)).toBeNull();
    expect(plan(1, null)).not.toBeNull();
    // Buckets under five minutes: raw whatever the interval.
    expect(plan(1, null, 1000)).toBeNull();
  });

  it("§2.3.3 a range short enough to go raw answers as the rollups would", async () => {
    const ind = await createIndicator(db.prisma, world, { expectedIntervalMinutes: 1 });
    const start = Date.UTC(2026, 0, 31, 12);
    await insertRawReadings(
      db.prisma,
      Array.from({ length: 1440 }, (_, i) => ({ indicatorId: ind.id, value: (i % 37) - 18.5, observedAt: new Date(start + i * MINUTE + 17_000), key: null })).reverse(),
    );
    const from = new Date(start + 7 * MINUTE + 123);
    const to = new Date(from.getTime() + DAY);
    const width = bucketWidth(from, to, 200);
    expect(seriesPlan(from, to, width, 200, 1)).toBeNull();
    const served = await indicatorSeries(db.prisma, { indicatorId: ind.id, from, to, buckets: 200, expectedIntervalMinutes: 1 });
    const viaRollups = await indicatorSeries(db.prisma, { indicatorId: ind.id, from, to, buckets: 200, expectedIntervalMinutes: null });
    expect(served.length).toBeGreaterThan(150);
    expect(served).toEqual(viaRollups);
  }, 120_000);
});
