/**
 * Issue 13, item 6: readings partitioned by month, with a retention setting.
 * - The migration applies on a database holding readings: the same rows, ids and keys after it,
 *   each in its month's partition, and rollups built for them (failure pinned: readings lost or
 *   doubled by the copy, the id sequence restarted, keys forgotten so a retry is stored twice).
 * - Partitions are made ahead; rows of a month with none wait in the default partition and move
 *   into it when it is made.
 * - Retention drops old raw partitions and keeps the rollups, so `series` over those months still
 *   answers from them (§4.2.4), and a retried key of a dropped reading is still a duplicate (§5.3.2).
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "../../src/lib/db.js";
import { migrate, migrateTarget, migrationNames, pgliteSession } from "../../src/lib/migrations.js";
import { MIGRATIONS_DIR } from "../../src/lib/paths.js";
import { recordReadings } from "../../src/modules/alerting/engine/ingest.js";
import { insertRawReadings } from "../../src/modules/alerting/engine/reading-keys.js";
import { dropExpiredReadings, ensureReadingPartitions, monthStart, retentionMonths } from "../../src/modules/indicator/partitions.js";
import { indicatorSeries } from "../../src/modules/indicator/series.js";
import { createIndicator, createWorld } from "../alerting/fixtures.js";
import { createPostgresDatabase, createTestDatabase } from "../helpers/test-db.js";

const MIGRATION = "20261130131231_reading_partitions_rollups";
const DAY = 86_400_000;

/** A database migrated up to (not including) the partitioning migration, and how to finish migrating it. */
async function databaseBeforePartitioning() {
  const dir = mkdtempSync(join(tmpdir(), "cr-migrations-"));
  for (const name of migrationNames()) if (name < MIGRATION) cpSync(join(MIGRATIONS_DIR, name), join(dir, name), { recursive: true });
  const url = process.env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const fresh = await createPostgresDatabase(url);
    await migrateTarget({ kind: "postgres", url: fresh.url }, { dir });
    const db = openDatabase({ kind: "postgres", url: fresh.url });
    return {
      db,
      finish: () => migrateTarget({ kind: "postgres", url: fresh.url }),
      close: async () => {
        await db.close();
        await fresh.drop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const db = openDatabase({ kind: "pglite", dir: null });
  await migrate(pgliteSession(db.pglite!), { dir });
  return {
    db,
    finish: () => migrate(pgliteSession(db.pglite!)),
    close: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A digest of every reading row (ids, values, times, keys), to compare before and after. */
async function readingDigest(db: Database) {
  const rows = await db.prisma.$queryRaw<{ n: number; digest: string; max_id: string }[]>`
    SELECT count(*)::int AS n, max(id)::text AS max_id,
           md5(coalesce(string_agg(concat_ws('|', id, indicator_id, value::text, observed_at::text, key, created_at::text), ',' ORDER BY id), '')) AS digest
    FROM reading`;
  return rows[0];
}

describe("§2.3.3 the partitioning migration on a database holding readings", () => {
  it("§2.3.3 keeps every reading (same ids, values, times and keys), partitions them by month and builds their rollups", async () => {
    const before = await databaseBeforePartitioning();
    try {
      const { db } = before;
      const world = await createWorld(db.prisma);
      const ind = await createIndicator(db.prisma, world);
      // 4 months of readings (October 2025 to January 2026) every 37 minutes, every third with a key.
      await db.prisma.$executeRaw`
        INSERT INTO reading (indicator_id, value, observed_at, key)
        SELECT ${ind.id}, (g % 997) / 10.0, TIMESTAMP '2025-10-03 04:05:06.789' + make_interval(mins => 37 * g),
               CASE WHEN g % 3 = 0 THEN 'm' || g END
        FROM generate_series(1, 4500) AS g`;
      const old = await readingDigest(db);
      const keyed = old.n - Math.ceil(4500 * (2 / 3));
      const series = await db.prisma.$queryRaw<{ d: Date; n: number }[]>`SELECT date_trunc('day', observed_at) AS d, count(*)::int AS n FROM reading GROUP BY 1 ORDER BY 1`;

      const result = await before.finish();
      expect(result.applied).toContain(MIGRATION);
      expect(await readingDigest(db)).toEqual(old);
      expect(await db.prisma.readingKey.count({ where: { indicatorId: ind.id } })).toBe(keyed);
      const parts = await db.prisma.$queryRaw<{ name: string; n: number }[]>`
        SELECT c.relname AS name, (xpath('/row/n/text()', query_to_xml(format('SELECT count(*) AS n FROM %I', c.relname), false, true, '')))[1]::text::int AS n
        FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'reading'::regclass ORDER BY 1`;
      const counts = Object.fromEntries(parts.map((p) => [p.name, p.n]));
      expect(counts.reading_default).toBe(0);
      expect(["reading_2025_10", "reading_2025_11", "reading_2025_12", "reading_2026_01"].every((p) => counts[p] > 0)).toBe(true);
      expect(parts.reduce((s, p) => s + p.n, 0)).toBe(old.n);
      // Daily buckets from the rollups give the counts the old table gave.
      const from = new Date(Date.UTC(2025, 9, 3));
      const days = Math.ceil((series.at(-1)!.d.getTime() - from.getTime()) / DAY) + 1;
      const served = await indicatorSeries(db.prisma, { indicatorId: ind.id, from, to: new Date(from.getTime() + days * DAY), buckets: days });
      expect(served.map((b) => [b.start.toISOString(), b.count])).toEqual(series.map((s) => [new Date(s.d).toISOString(), s.n]));
      // The id sequence continues; a key stored before the migration is still a duplicate.
      const again = await recordReadings(
        db.prisma,
        { readings: [{ indicatorId: ind.id, value: 1, observedAt: new Date("2025-10-03T06:00:00Z"), key: "m3" }] },
        { now: new Date() },
      );
      expect(again).toMatchObject({ accepted: 0, duplicates: 1 });
      const fresh = await db.prisma.reading.create({ data: { indicatorId: ind.id, value: 2, observedAt: new Date() } });
      expect(fresh.id > BigInt(old.max_id)).toBe(true);
    } finally {
      await before.close();
    }
  }, 240_000);
});

describe("§2.3.3 monthly partitions and READINGS_RETENTION_MONTHS", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });
  const partitions = async () =>
    (
      await db.prisma.$queryRaw<{ name: string }[]>`
        SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'reading'::regclass ORDER BY 1`
    ).map((r) => r.name);

  it("§2.3.3 this month and the next two exist after migrating; ensuring again creates nothing", async () => {
    const now = new Date();
    const names = await partitions();
    for (const offset of [0, 1, 2]) expect(names).toContain(`reading_${monthStart(now, offset).slice(0, 7).replace("-", "_")}`);
    expect(names).toContain("reading_default");
    expect(await ensureReadingPartitions(db.prisma, now)).toBe(0);
  });

  it("§2.3.3 readings of a month with no partition wait in the default partition and move into it when it is made", async () => {
    const world = await createWorld(db.prisma);
    const ind = await createIndicator(db.prisma, world);
    await insertRawReadings(db.prisma, [
      { indicatorId: ind.id, value: 1, observedAt: new Date("2030-07-04T00:00:00Z"), key: "far-1" },
      { indicatorId: ind.id, value: 2, observedAt: new Date("2030-07-31T23:59:59.999Z"), key: null },
    ]);
    const inDefault = async () => Number((await db.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM reading_default`)[0].n);
    expect(await inDefault()).toBe(2);
    expect(await ensureReadingPartitions(db.prisma, new Date("2030-05-10T00:00:00Z"))).toBeGreaterThanOrEqual(1);
    expect(await inDefault()).toBe(0);
    expect(Number((await db.prisma.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM reading_2030_07`)[0].n)).toBe(2);
    // Prisma reads and writes the partitioned table as any other.
    expect(await db.prisma.reading.count({ where: { indicatorId: ind.id } })).toBe(2);
    const rows = await db.prisma.reading.findMany({ where: { indicatorId: ind.id }, orderBy: { observedAt: "asc" } });
    expect(rows.map((r) => r.value)).toEqual([1, 2]);
  });

  it("§4.2.4 retention drops raw months older than the setting; rollups stay and series still answers for them; a retried key is still a duplicate", async () => {
    const world = await createWorld(db.prisma);
    const ind = await createIndicator(db.prisma, world);
    const start = Date.UTC(2019, 0, 1);
    await ensureReadingPartitions(db.prisma, new Date(Date.UTC(2019, 5, 1)), new Date(start));
    const readings = Array.from({ length: 24 * 150 }, (_, i) => ({ indicatorId: ind.id, value: (i % 50) / 2, observedAt: new Date(start + i * 3_600_000 + 60_000), key: `r${i}` }));
    await insertRawReadings(db.prisma, readings);
    const window = { indicatorId: ind.id, from: new Date(start), to: new Date(start + 150 * DAY), buckets: 150 };
    const beforeSeries = await indicatorSeries(db.prisma, window);

    // Keep 2 months before "now" (June 2019): January to March 2019 go.
    const dropped = await dropExpiredReadings(db.prisma, new Date(Date.UTC(2019, 5, 15)), 2);
    expect(dropped).toEqual(expect.arrayContaining(["reading_2019_01", "reading_2019_02", "reading_2019_03"]));
    expect(dropped).not.toContain("reading_2019_04");
    expect(await partitions()).not.toContain("reading_2019_01");
    expect(await db.prisma.reading.count({ where: { indicatorId: ind.id } })).toBe(readings.filter((r) => r.observedAt >= new Date(Date.UTC(2019, 3, 1))).length);
    expect(await indicatorSeries(db.prisma, window)).toEqual(beforeSeries);
    const again = await recordReadings(db.prisma, { readings: [readings[5]] }, { now: new Date() });
    expect(again).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await dropExpiredReadings(db.prisma, new Date(Date.UTC(2019, 5, 15)), null)).toEqual([]);
  }, 120_000);

  it("§2.3.3 READINGS_RETENTION_MONTHS: unset keeps everything; a whole number of months, else a clear error", () => {
    expect(retentionMonths(undefined)).toBeNull();
    expect(retentionMonths("")).toBeNull();
    expect(retentionMonths("13")).toBe(13);
    for (const bad of ["0", "-1", "1.5", "a year"]) expect(() => retentionMonths(bad)).toThrow(/READINGS_RETENTION_MONTHS/);
  });
});
