/**
 * Time series for charts (§2.3.3 collect and analyse run data, §4.2.4 data analysis): readings
 * of one indicator over [from, to) cut into equal buckets, each with min / max / avg / last /
 * count, computed by the database in one statement: from the raw readings for short ranges, from
 * hourly and daily rollups where buckets are an hour or wider (series-rollup.ts), with the same result.
 */
import { Prisma, type PrismaClient, type Tx } from "../../lib/db.js";
import { DomainError } from "../../lib/errors.js";
import { planSeries, rollupSeriesRows, type SeriesRow } from "./series-rollup.js";

export const MAX_BUCKETS = 1000;

export interface SeriesInput {
  indicatorId: string;
  from: Date;
  /** Exclusive. */
  to: Date;
  /** Number of equal buckets between from and to (1 to 1000). */
  buckets: number;
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
  // Hourly and daily rollups where a bucket holds a whole hour (series-rollup.ts); raw otherwise.
  const segments = planSeries(from, to, width, buckets);
  const rows = segments.some((s) => s.width > 0) ? await rollupSeriesRows(prisma, indicatorId, segments) : await rawSeriesRows(prisma, input, width);
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
