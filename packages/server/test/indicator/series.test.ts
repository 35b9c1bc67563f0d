import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/lib/db.js";
import { DomainError } from "../../src/lib/errors.js";
import { bucketIndex, bucketWidth, indicatorSeries, type SeriesBucket } from "../../src/modules/indicator/series.js";
import { createTestDatabase } from "../helpers/test-db.js";
import { createIndicator, createWorld } from "../alerting/fixtures.js";

let db: Database;
let indicatorId: string;
let otherId: string;
const FROM = new Date("2025-01-01T00:00:00.000Z");
const TO = new Date("2025-01-02T00:00:00.000Z");
type Row = { id: number; value: number; observedAt: Date };
const rows: Row[] = [];

/** A small deterministic PRNG so the data set is the same on every run. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

beforeAll(async () => {
  db = await createTestDatabase();
  const world = await createWorld(db.prisma);
  indicatorId = (await createIndicator(db.prisma, world)).id;
  otherId = (await createIndicator(db.prisma, world)).id;
  const rand = prng(42);
  const span = TO.getTime() - FROM.getTime();
  const data: { value: number; observedAt: Date }[] = [];
  // Edges: before the range, exactly at from, the last millisecond, exactly at to (excluded).
  data.push({ value: -1, observedAt: new Date(FROM.getTime() - 1) });
  data.push({ value: 11, observedAt: FROM });
  data.push({ value: 22, observedAt: new Date(TO.getTime() - 1) });
  data.push({ value: -2, observedAt: TO });
  for (let i = 0; i < 3000; i++) {
    // Clustered times (some buckets empty), values with decimals.
    const t = FROM.getTime() + Math.floor((rand() < 0.7 ? rand() * 0.4 : 0.6 + rand() * 0.4) * span);
    data.push({ value: Math.round(rand() * 100_000) / 100, observedAt: new Date(t) });
  }
  const created = await db.prisma.reading.createManyAndReturn({ data: data.map((d) => ({ indicatorId, ...d })) });
  for (const r of created) rows.push({ id: Number(r.id), value: r.value, observedAt: r.observedAt });
  // Ties on observation time: the later insert (higher id) is "last".
  const tie = new Date(FROM.getTime() + span / 2 + 12_345);
  for (const value of [1, 2]) {
    const r = await db.prisma.reading.create({ data: { indicatorId, value, observedAt: tie } });
    rows.push({ id: Number(r.id), value: r.value, observedAt: r.observedAt });
  }
  await db.prisma.reading.createMany({ data: data.map((d) => ({ indicatorId: otherId, value: 999, observedAt: d.observedAt })) });
}, 180_000);
afterAll(async () => {
  await db?.close();
});

/** The same aggregation in plain JavaScript. */
function expected(from: Date, to: Date, buckets: number) {
  const width = bucketWidth(from, to, buckets);
  const groups = new Map<number, Row[]>();
  for (const r of rows) {
    if (r.observedAt < from || r.observedAt >= to) continue;
    const b = bucketIndex(r.observedAt, from, width, buckets);
    const list = groups.get(b);
    if (list) list.push(r);
    else groups.set(b, [r]);
  }
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([index, rs]) => {
      const last = [...rs].sort((a, b) => b.observedAt.getTime() - a.observedAt.getTime() || b.id - a.id)[0];
      return {
        index,
        count: rs.length,
        min: Math.min(...rs.map((r) => r.value)),
        max: Math.max(...rs.map((r) => r.value)),
        avg: rs.reduce((s, r) => s + r.value, 0) / rs.length,
        last: last.value,
        lastObservedAt: last.observedAt,
      };
    });
}

function compare(actual: SeriesBucket[], want: ReturnType<typeof expected>) {
  expect(actual.map((b) => b.index)).toEqual(want.map((b) => b.index));
  actual.forEach((b, i) => {
    const w = want[i];
    expect(b.count).toBe(w.count);
    expect(b.min).toBe(w.min);
    expect(b.max).toBe(w.max);
    expect(b.avg).toBeCloseTo(w.avg, 6);
    expect(b.last).toBe(w.last);
    expect(b.lastObservedAt).toEqual(w.lastObservedAt);
  });
}

describe("§2.3.3 time-series buckets computed in SQL", () => {
  for (const buckets of [1, 7, 24, 100, 1000]) {
    it(`§2.3.3 ${buckets} bucket(s) over a day match a JavaScript computation`, async () => {
      const series = await indicatorSeries(db.prisma, { indicatorId, from: FROM, to: TO, buckets });
      compare(series, expected(FROM, TO, buckets));
      expect(series.reduce((s, b) => s + b.count, 0)).toBe(rows.filter((r) => r.observedAt >= FROM && r.observedAt < TO).length);
    });
  }

  it("§2.3.3 only non-empty buckets are returned, with their start and end", async () => {
    const series = await indicatorSeries(db.prisma, { indicatorId, from: FROM, to: TO, buckets: 24 });
    expect(series.length).toBeLessThan(24); // the data leave hours 10-14 empty
    const hour = 3600_000;
    for (const b of series) {
      expect(b.start.getTime()).toBe(FROM.getTime() + b.index * hour);
      expect(b.end.getTime()).toBe(FROM.getTime() + (b.index + 1) * hour);
      expect(b.count).toBeGreaterThan(0);
    }
    expect(series[0].start).toEqual(FROM);
    expect(series[series.length - 1].end).toEqual(TO);
  });

  it("§2.3.3 an uneven width (a range not divisible by the bucket count) still matches", async () => {
    const from = new Date(FROM.getTime() + 1234);
    const to = new Date(TO.getTime() - 4321);
    compare(await indicatorSeries(db.prisma, { indicatorId, from, to, buckets: 997 }), expected(from, to, 997));
  });

  it("§2.3.3 last is the latest reading of the bucket, ties broken by insertion", async () => {
    const series = await indicatorSeries(db.prisma, { indicatorId, from: FROM, to: TO, buckets: 1 });
    expect(series).toHaveLength(1);
    expect(series[0].last).toBe(22);
    const span = TO.getTime() - FROM.getTime();
    const tie = new Date(FROM.getTime() + span / 2 + 12_345);
    const around = await indicatorSeries(db.prisma, { indicatorId, from: tie, to: new Date(tie.getTime() + 1), buckets: 1 });
    expect(around[0]).toMatchObject({ count: 2, last: 2, min: 1, max: 2 });
  });

  it("§2.3.3 an empty range gives no buckets", async () => {
    expect(await indicatorSeries(db.prisma, { indicatorId, from: new Date("2020-01-01T00:00:00Z"), to: new Date("2020-01-02T00:00:00Z"), buckets: 10 })).toEqual([]);
  });

  it("§2.3.3 buckets must be an integer from 1 to 1000 and `to` after `from`", async () => {
    const bad = async (input: Partial<Parameters<typeof indicatorSeries>[1]>) => {
      const e = await indicatorSeries(db.prisma, { indicatorId, from: FROM, to: TO, buckets: 10, ...input }).catch((x) => x);
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).extensions.code).toBe("BAD_USER_INPUT");
    };
    await bad({ buckets: 0 });
    await bad({ buckets: 1001 });
    await bad({ buckets: 2.5 });
    await bad({ to: FROM });
    await bad({ from: new Date(Number.NaN) });
  });
});
