/**
 * Time series for charts (§2.3.3 collect and analyse run data, §4.2.4 data analysis): readings
 * of one indicator over [from, to) cut into equal buckets, each with min / max / avg / last /
 * count, computed by the database in one statement: from the raw readings, or from the daily,
 * hourly and five-minute rollups (series-rollup.ts), with the same result; the rollups where the
 * range is expected to hold more readings than the rollup statement reads (`seriesPlan`).
 */
import { Prisma, type PrismaClient, type Tx } from "../../lib/db.js";
import { DomainError } from "../../lib/errors.js";
import { planSeries, rollupSeriesRows, type SeriesRow, type SeriesSegment, scanRanges, scanRows } from "./series-rollup.js";

export const MAX_BUCKETS = 1000;

export interface SeriesInput {
  indicatorId: string;
  from: Date;
  /** Exclusive. */
  to: Date;
  /** Number of equal buckets between from and to (1 to 1000). */
  buckets: number;
  /**
   * The indicator's declared reading interval, for choosing the path (`seriesPlan`); unknown
   * (null or left out), the rollups are read wherever a bucket holds a whole five minutes.
   */
  expectedIntervalMinutes?: number | null;
}

export interface SeriesBucket {
  /** Bucket number, 0-based from `from`. */
  index: number;
  start: Date;
  /** Exclusive. */
  end: Date;
  count: number;
  min: number;
  max: number;
  avg: number;
  /** The value of the latest reading in the bucket. */
  last: number;
  /** When that latest reading was observed. */
  lastObservedAt: Date;
}

const bad = (message: string, field: string) => new DomainError("BAD_USER_INPUT", message, { field });

/** Bucket width in milliseconds (may be fractional). */
export const bucketWidth = (from: Date, to: Date, buckets: number) => (to.getTime() - from.getTime()) / buckets;

/** The bucket a time falls in (the same arithmetic the SQL does). */
export function bucketIndex(at: Date, from: Date, width: number, buckets: number): number {
  return Math.min(Math.floor((at.getTime() - from.getTime()) / width), buckets - 1);
}

/** Bucket edges: start of bucket `i` (bucket `buckets` gives `to`). */
export function bucketEdge(i: number, from: Date, to: Date, width: number, buckets: number): Date {
  if (i >= buckets) return new Date(to.getTime());
  return new Date(Math.floor(from.getTime() + i * width));
}

/** The non-empty buckets of an indicator's readings over [from, to), oldest first. */
export async function indicatorSeries(prisma: PrismaClient | Tx, input: SeriesInput): Promise<SeriesBucket[]> {
  const { indicatorId, from, to, buckets } = input;
  if (typeof indicatorId !== "string" || indicatorId.length === 0) throw bad("indicatorId is required.", "indicatorId");
  if (!(from instanceof Date) || Number.isNaN(from.getTime())) throw bad("from is not a valid time.", "from");
  if (!(to instanceof Date) || Number.isNaN(to.getTime())) throw bad("to is not a valid time.", "to");
  if (to.getTime() <= from.getTime()) throw bad("to must come after from.", "to");
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > MAX_BUCKETS) {
    throw bad(`buckets must be an integer between 1 and ${MAX_BUCKETS}.`, "buckets");
  }
  const width = bucketWidth(from, to, buckets);
  const segments = seriesPlan(from, to, width, buckets, input.expectedIntervalMinutes ?? null);
  const rows = segments ? await rollupSeriesRows(prisma, indicatorId, segments) : await rawSeriesRows(prisma, input, width);
  return rows.map((r) => {
    const index = Number(r.bucket);
    return {
      index,
      start: bucketEdge(index, from, to, width, buckets),
      end: bucketEdge(index + 1, from, to, width, buckets),
      count: Number(r.count),
      min: Number(r.min),
      max: Number(r.max),
      avg: Number(r.avg),
      last: Number(r.last),
      lastObservedAt: new Date(r.last_observed_at),
    };
  });
}

/**
 * What one index range scan started costs, in rows read (measured: ~20 µs a scan against ~1.5 µs a
 * row on 1 to 7 days of minute readings, docs/bench/series.md).
 */
export const SCAN_COST_ROWS = 12;

/**
 * The rollup segments to read, or null for the raw path: raw where no bucket holds a whole
 * five-minute rollup bucket, or where the readings expected in [from, to) at the declared interval
 * are no more than the rollup statement's cost (rows it reads plus `SCAN_COST_ROWS` per scan,
 * its raw edge readings counted at the same interval). Both paths give the same answer.
 */
export function seriesPlan(from: Date, to: Date, width: number, buckets: number, expectedIntervalMinutes: number | null): SeriesSegment[] | null {
  const segments = planSeries(from, to, width, buckets);
  if (!segments.some((s) => s.width > 0)) return null;
  if (expectedIntervalMinutes && expectedIntervalMinutes > 0) {
    const interval = expectedIntervalMinutes * 60_000;
    const ranges = scanRanges(segments);
    const read = scanRows(ranges, interval);
    const rollupCost = read.rollup + read.raw + SCAN_COST_ROWS * ranges.length;
    if ((to.getTime() - from.getTime()) / interval <= rollupCost) return null;
  }
  return segments;
}

/** The buckets computed from the raw readings in one statement (what the rollups must equal). */
export function rawSeriesRows(prisma: PrismaClient | Tx, input: SeriesInput, width: number): Promise<SeriesRow[]> {
  const { indicatorId, from, to, buckets } = input;
  const fromIso = from.toISOString();
  const toIso = to.toISOString();
  return prisma.$queryRaw<SeriesRow[]>(Prisma.sql`
    SELECT r.bucket,
           count(*)::int AS count,
           min(r.value) AS min,
           max(r.value) AS max,
           -- in numeric: a sum of doubles can overflow where every value fits
           avg(r.value::numeric)::float8 AS avg,
           (array_agg(r.value ORDER BY r.observed_at DESC, r.id DESC))[1] AS last,
           max(r.observed_at) AS last_observed_at
    FROM (
      SELECT LEAST(
               floor((extract(epoch FROM (observed_at - (${fromIso}::timestamptz AT TIME ZONE 'UTC'))) * 1000)::float8 / ${width}::float8)::int,
               ${buckets}::int - 1
             ) AS bucket,
             value, observed_at, id
      FROM reading
      WHERE indicator_id = ${indicatorId}
        AND observed_at >= (${fromIso}::timestamptz AT TIME ZONE 'UTC')
        AND observed_at < (${toIso}::timestamptz AT TIME ZONE 'UTC')
    ) r
    GROUP BY r.bucket
    ORDER BY r.bucket`);
}
