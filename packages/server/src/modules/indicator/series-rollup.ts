/**
 * `series` over long ranges from the hourly and daily rollups (issue 13, item 2; table
 * `reading_rollup`, kept by triggers on `reading`, migration 20261130131231).
 *
 * Each series bucket is the set of whole milliseconds t with `bucketIndex(t) = i`, an interval
 * [lo_i, lo_i+1). It is covered exactly by: the whole UTC days inside it (daily rollups), the
 * whole hours inside what is left at its two ends (hourly rollups) and the raw readings of what is
 * left after that (under an hour at each end). The pieces are combined as the raw computation
 * combines readings: counts and numeric sums add (so avg = sum / count is the same numeric
 * division as `avg(value::numeric)`), min of mins, max of maxes, and the latest of the pieces'
 * latest readings by (observed_at, id). A year of minute readings in 200 buckets reads about 365
 * daily rows, 200 × 2 × 23 hourly rows and 200 × 60 raw readings instead of 525,600.
 */
import { Prisma, type PrismaClient, type Tx } from "../../lib/db.js";
import { bucketIndex } from "./series.js";

/** Rollup widths, coarsest first, in milliseconds (as the migration's triggers keep them). */
export const ROLLUP_WIDTHS_MS = [86_400_000, 3_600_000] as const;

/** A part of one series bucket read from one source: a rollup width (ms) or 0 for raw readings. */
export interface SeriesSegment {
  width: number;
  /** Inclusive, epoch ms. */
  lo: number;
  /** Exclusive, epoch ms. */
  hi: number;
  bucket: number;
}

/** lo_i: the first whole millisecond of bucket `i` (`buckets` gives `to`), by the series' own arithmetic. */
export function bucketStarts(from: Date, to: Date, width: number, buckets: number): number[] {
  const f = from.getTime();
  const t = to.getTime();
  const idx = (ms: number) => bucketIndex(new Date(ms), from, width, buckets);
  const starts = [f];
  for (let i = 1; i < buckets; i++) {
    let c = Math.min(Math.max(Math.ceil(f + i * width), starts[i - 1]), t);
    while (c > starts[i - 1] && idx(c - 1) >= i) c--;
    while (c < t && idx(c) < i) c++;
    starts.push(c);
  }
  starts.push(t);
  return starts;
}

/** Covers [a, b) with whole rollup buckets of width `widths[k]` and finer, then raw. */
function cover(a: number, b: number, widths: readonly number[], k: number, bucket: number, out: SeriesSegment[]): void {
  if (a >= b) return;
  if (k === widths.length) {
    out.push({ width: 0, lo: a, hi: b, bucket });
    return;
  }
  const w = widths[k];
  const first = Math.ceil(a / w) * w;
  const last = Math.floor(b / w) * w;
  if (first >= last) {
    cover(a, b, widths, k + 1, bucket, out);
    return;
  }
  cover(a, first, widths, k + 1, bucket, out);
  out.push({ width: w, lo: first, hi: last, bucket });
  cover(last, b, widths, k + 1, bucket, out);
}

/**
 * The segments of a series request; none from a rollup when no bucket holds a whole hour.
 * `widths` (a subset of `ROLLUP_WIDTHS_MS`, coarsest first) is for the benchmark's comparison.
 */
export function planSeries(from: Date, to: Date, width: number, buckets: number, widths: readonly number[] = ROLLUP_WIDTHS_MS): SeriesSegment[] {
  // Rollup buckets are aligned on the epoch; readings before it are read raw.
  if (from.getTime() < 0 || width < widths[widths.length - 1]) return [];
  const starts = bucketStarts(from, to, width, buckets);
  const out: SeriesSegment[] = [];
  for (let i = 0; i < buckets; i++) cover(starts[i], starts[i + 1], widths, 0, i, out);
  return out;
}

export interface SeriesRow {
  bucket: number;
  count: number;
  min: number;
  max: number;
  avg: number;
  last: number;
  last_observed_at: Date;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** One statement over the segments: rollup rows and raw readings combined per series bucket. */
export function rollupSeriesRows(prisma: PrismaClient | Tx, indicatorId: string, segments: SeriesSegment[]): Promise<SeriesRow[]> {
  return prisma.$queryRaw<SeriesRow[]>(rollupSeriesSql(indicatorId, segments));
}

/** The statement of `rollupSeriesRows` (the benchmark sends it through `pg` too). */
export function rollupSeriesSql(indicatorId: string, segments: SeriesSegment[]): Prisma.Sql {
  // The raw segments' overall span, given to the planner as well: with it the reading partitions
  // outside the span are pruned once, not examined again for every one of hundreds of segments.
  const raw = segments.filter((s) => s.width === 0);
  const rawLo = raw.length ? Math.min(...raw.map((s) => s.lo)) : 0;
  const rawHi = raw.length ? Math.max(...raw.map((s) => s.hi)) : 0;
  return Prisma.sql`
    WITH seg AS (
      SELECT s.w, (s.lo::timestamptz AT TIME ZONE 'UTC') AS lo, (s.hi::timestamptz AT TIME ZONE 'UTC') AS hi, s.b
      FROM unnest(${segments.map((s) => s.width / 1000)}::int[], ${segments.map((s) => iso(s.lo))}::text[],
                  ${segments.map((s) => iso(s.hi))}::text[], ${segments.map((s) => s.bucket)}::int[]) AS s(w, lo, hi, b)
    ), pieces AS (
      -- one index range scan per segment (OFFSET 0 keeps the planner from hashing the ranges)
      SELECT seg.b, r.count::bigint AS count, r.sum, r.min, r.max, r.last_value, r.last_observed_at, r.last_id
      FROM seg CROSS JOIN LATERAL (
        SELECT * FROM reading_rollup r
        WHERE r.indicator_id = ${indicatorId} AND r.width_seconds = seg.w AND r.bucket_start >= seg.lo AND r.bucket_start < seg.hi
        OFFSET 0
      ) r
      WHERE seg.w > 0
      UNION ALL
      SELECT seg.b, 1::bigint, x.value::numeric, x.value, x.value, x.value, x.observed_at, x.id
      FROM seg CROSS JOIN LATERAL (
        SELECT * FROM reading x
        WHERE x.indicator_id = ${indicatorId} AND x.observed_at >= seg.lo AND x.observed_at < seg.hi
          AND x.observed_at >= (${iso(rawLo)}::timestamptz AT TIME ZONE 'UTC') AND x.observed_at < (${iso(rawHi)}::timestamptz AT TIME ZONE 'UTC')
        OFFSET 0
      ) x
      WHERE seg.w = 0
    )
    SELECT b AS bucket,
           sum(count)::int AS count,
           min(min) AS min,
           max(max) AS max,
           -- the numeric division avg(value::numeric) does: the same sum, the same count
           (sum(sum) / sum(count))::float8 AS avg,
           (array_agg(last_value ORDER BY last_observed_at DESC, last_id DESC))[1] AS last,
           max(last_observed_at) AS last_observed_at
    FROM pieces
    GROUP BY b
    ORDER BY b`;
}
