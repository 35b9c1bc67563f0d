/**
 * `series` over long ranges from the daily, hourly and five-minute rollups (issue 13, item 2;
 * table `reading_rollup`, kept by triggers on `reading`, migrations 20261130131231 and
 * 20261130194500).
 *
 * Each series bucket is the set of whole milliseconds t with `bucketIndex(t) = i`, an interval
 * [lo_i, lo_i+1). It is covered exactly by: the whole UTC days inside it (daily rollups), the
 * whole hours inside what is left at its two ends (hourly), the whole five minutes inside what is
 * left after that (five-minute rollups) and the raw readings of the rest (under five minutes at
 * each end). The pieces are combined as the raw computation combines readings: counts and numeric
 * sums add (so avg = sum / count is the same numeric division as `avg(value::numeric)`), min of
 * mins, max of maxes, and the latest of the pieces' latest readings by (observed_at, id).
 *
 * The segments of all buckets together cover [from, to) once, so the statement does not scan them
 * one by one: the segments of one width that lie close together are read by one index range scan
 * (`scanRanges`), and each row read is kept only if the segment its start falls in (found by
 * `width_bucket` over the segments' sorted starts) is of the row's own width, and counted in that
 * segment's series bucket. A year of minute readings in 200 buckets: one scan of daily rows, one
 * of hourly rows, about 200 short scans of five-minute rows and 200 of raw readings (about 5 each)
 * instead of 525,600 readings.
 */
import { Prisma, type PrismaClient, type Tx } from "../../lib/db.js";
import { bucketIndex } from "./series.js";

/** Rollup widths, coarsest first, in milliseconds (as the migration's triggers keep them). */
export const ROLLUP_WIDTHS_MS = [86_400_000, 3_600_000, 300_000] as const;

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
 * The segments of a series request; none when no bucket holds a whole rollup bucket of the finest width.
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

/** An index range scan of the statement: rows of one width (ms, 0 for raw readings) with start in [lo, hi). */
export interface ScanRange {
  width: number;
  lo: number;
  hi: number;
}

/**
 * Rollup rows of the same width closer than this many rows apart are read by one range scan
 * (reading the rows between and dropping them costs less than starting another scan).
 */
export const MERGE_GAP_ROWS = 16;

/**
 * The range scans that read the segments: per width, the segments in time order, merged while the
 * gap to the next is at most `MERGE_GAP_ROWS` rows of that width (raw segments only where they
 * touch: the two sides of one bucket edge).
 */
export function scanRanges(segments: readonly SeriesSegment[]): ScanRange[] {
  const out: ScanRange[] = [];
  const widths = [...new Set(segments.map((s) => s.width))].sort((a, b) => b - a);
  for (const width of widths) {
    const gap = width * MERGE_GAP_ROWS;
    const own = segments.filter((s) => s.width === width).sort((a, b) => a.lo - b.lo);
    let cur: ScanRange | null = null;
    for (const s of own) {
      if (cur && s.lo - cur.hi <= gap) cur.hi = Math.max(cur.hi, s.hi);
      else {
        cur = { width, lo: s.lo, hi: s.hi };
        out.push(cur);
      }
    }
  }
  return out;
}

/** Rows the scans read: rollup rows by their width; raw readings at one per `rawIntervalMs` (when known). */
export function scanRows(ranges: readonly ScanRange[], rawIntervalMs: number | null): { rollup: number; raw: number } {
  let rollup = 0;
  let raw = 0;
  for (const r of ranges) {
    if (r.width > 0) rollup += Math.ceil((r.hi - r.lo) / r.width);
    else if (rawIntervalMs) raw += (r.hi - r.lo) / rawIntervalMs;
  }
  return { rollup, raw };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** One statement over the segments: rollup rows and raw readings combined per series bucket. */
export function rollupSeriesRows(prisma: PrismaClient | Tx, indicatorId: string, segments: SeriesSegment[]): Promise<SeriesRow[]> {
  return prisma.$queryRaw<SeriesRow[]>(rollupSeriesSql(indicatorId, segments));
}

/** The statement of `rollupSeriesRows` (the benchmark sends it through `pg` too). */
export function rollupSeriesSql(indicatorId: string, segments: SeriesSegment[]): Prisma.Sql {
  // Every instant of [from, to) lies in exactly one segment: sorted by start, the segments are
  // the thresholds `width_bucket` finds a row's segment by (ISO times read as UTC timestamps).
  const sorted = [...segments].sort((a, b) => a.lo - b.lo);
  const ranges = scanRanges(segments);
  const widths = [...new Set(ranges.map((r) => r.width))];
  const arms = widths.map((width) => {
    const own = ranges.filter((r) => r.width === width);
    const los = own.map((r) => iso(r.lo));
    const his = own.map((r) => iso(r.hi));
    if (width > 0) {
      // A range of whole rollup buckets holds at most (hi - lo) / width rows (one per bucket
      // start), so the LIMIT never cuts one; it tells the planner how few rows a scan returns
      // (without it, hundreds of scans estimated at thousands of rows each cost enough to start JIT).
      const most = Math.max(...own.map((r) => Math.ceil((r.hi - r.lo) / width)));
      return Prisma.sql`
        SELECT seg.bs[k.k] AS b, r.count::bigint AS count, r.sum, r.min, r.max, r.last_value, r.last_observed_at, r.last_id
        FROM unnest(${los}::text[]::timestamp[], ${his}::text[]::timestamp[]) AS g(lo, hi)
        CROSS JOIN LATERAL (
          SELECT * FROM reading_rollup r
          WHERE r.indicator_id = ${indicatorId} AND r.width_seconds = ${width / 1000}::int AND r.bucket_start >= g.lo AND r.bucket_start < g.hi
          LIMIT ${most}::int
        ) r
        CROSS JOIN seg CROSS JOIN LATERAL (SELECT width_bucket(r.bucket_start, seg.los) AS k) k
        WHERE seg.ws[k.k] = ${width / 1000}::int`;
    }
    // The raw ranges' overall span, given to the planner as well: with it the reading partitions
    // outside the span are pruned once, not examined again for every scan.
    const lo = iso(Math.min(...own.map((r) => r.lo)));
    const hi = iso(Math.max(...own.map((r) => r.hi)));
    return Prisma.sql`
        SELECT seg.bs[k.k] AS b, 1::bigint AS count, x.value::numeric AS sum, x.value AS min, x.value AS max, x.value AS last_value,
               x.observed_at AS last_observed_at, x.id AS last_id
        FROM unnest(${los}::text[]::timestamp[], ${his}::text[]::timestamp[]) AS g(lo, hi)
        CROSS JOIN LATERAL (
          SELECT * FROM reading x
          WHERE x.indicator_id = ${indicatorId} AND x.observed_at >= g.lo AND x.observed_at < g.hi
            AND x.observed_at >= ${lo}::timestamp AND x.observed_at < ${hi}::timestamp
          OFFSET 0
        ) x
        CROSS JOIN seg CROSS JOIN LATERAL (SELECT width_bucket(x.observed_at, seg.los) AS k) k
        WHERE seg.ws[k.k] = 0`;
  });
  return Prisma.sql`
    WITH seg AS (
      SELECT ${sorted.map((s) => iso(s.lo))}::text[]::timestamp[] AS los, ${sorted.map((s) => s.width / 1000)}::int[] AS ws,
             ${sorted.map((s) => s.bucket)}::int[] AS bs
    ), pieces AS (
      -- per width, one index range scan per range; a row counts where the segment it starts in
      -- is of its own width
      ${Prisma.join(arms, " UNION ALL ")}
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
