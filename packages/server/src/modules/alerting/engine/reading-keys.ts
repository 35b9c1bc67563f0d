/**
 * Idempotent reading inserts (§5.3.2) on the month-partitioned `reading` table: a unique index
 * there must hold the partition key (observed_at), so the (indicator, key) uniqueness lives in
 * `reading_key`, written in the same statement. A reading with a key goes in only if its key
 * went in: the first of a batch's repeats, and none already stored (a concurrent writer of the
 * same key waits on the key's index entry, then skips it, as the unique index on `reading` did).
 */
import { Prisma, type PrismaClient, type Tx } from "../../../lib/db.js";

/**
 * Two CTEs, `keyed` and `inserted`, reading the CTE `src` (columns indicator_id, value,
 * observed_at, key, n: the order ids are given in); `inserted` returns (id, indicator_id, value,
 * observed_at) of the rows stored. The rollup trigger on `reading` adds them to the rollups.
 */
export const keyedReadingInsert = Prisma.sql`
    keyed AS (
      INSERT INTO reading_key (indicator_id, key)
      SELECT indicator_id, key FROM src WHERE key IS NOT NULL ORDER BY n
      ON CONFLICT DO NOTHING
      RETURNING indicator_id, key
    ), inserted AS (
      INSERT INTO reading (indicator_id, value, observed_at, key)
      SELECT s.indicator_id, s.value, s.observed_at, s.key
      FROM (
        SELECT indicator_id, value, observed_at, key, n FROM src WHERE key IS NULL
        UNION ALL
        SELECT f.indicator_id, f.value, f.observed_at, f.key, f.n
        FROM (SELECT DISTINCT ON (indicator_id, key) * FROM src WHERE key IS NOT NULL ORDER BY indicator_id, key, n) f
        JOIN keyed k ON k.indicator_id = f.indicator_id AND k.key = f.key
      ) s
      ORDER BY s.n
      RETURNING id, indicator_id, value, observed_at
    )`;

/** A reading as a bulk writer (the seed) gives it. */
export interface RawReading {
  indicatorId: string;
  value: number;
  observedAt: Date;
  key: string | null;
}

/**
 * Stores readings without evaluating rules (the seed's history), with the ingest's key rule and
 * rollups; returns how many went in.
 */
export async function insertRawReadings(prisma: PrismaClient | Tx, rows: RawReading[]): Promise<number> {
  if (rows.length === 0) return 0;
  const payload = JSON.stringify(rows.map((r) => [r.indicatorId, r.value, r.observedAt.toISOString(), r.key]));
  const result = await prisma.$queryRaw<{ n: number }[]>(Prisma.sql`
    WITH src AS (
      SELECT u.e->>0 AS indicator_id, (u.e->>1)::float8 AS value, ((u.e->>2)::timestamptz AT TIME ZONE 'UTC') AS observed_at, u.e->>3 AS key, u.n
      FROM json_array_elements(${payload}::json) WITH ORDINALITY AS u(e, n)
    ), ${keyedReadingInsert}
    SELECT count(*)::int AS n FROM inserted`);
  return Number(result[0].n);
}
