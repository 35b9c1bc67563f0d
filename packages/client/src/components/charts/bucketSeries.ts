/**
 * A chart's buckets kept current by live readings (issue 13 item 4: a live chart holds a bounded,
 * small amount of data whatever the run length). The chart draws the `series` buckets its history
 * query returned; a live reading is folded into the bucket it falls in (count, min, max, average)
 * or opens the next bucket on the same grid, and once the chart holds its window's number of
 * buckets the oldest is dropped. The buckets live in typed arrays: no object per reading.
 */
import type { HistoryBucket } from "./indicatorChartOption";

/** The bucket grid of a `series` window: bucket i starts at from + i × width (the server's arithmetic). */
export interface BucketGrid {
  /** Start of the window (epoch ms). */
  from: number;
  /** Bucket width in ms (may be fractional, as the server's). */
  width: number;
  /** Buckets in the window: the most the series keeps. */
  buckets: number;
}

export class BucketSeries {
  readonly grid: BucketGrid;
  /** Bucket index on the grid (start = floor(from + index × width)). */
  private readonly index: Float64Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly sum: Float64Array;
  private readonly count: Float64Array;
  private size = 0;
  /** Bumped by every change, so a view of it can tell whether it is current. */
  version = 0;

  constructor(grid: BucketGrid) {
    this.grid = grid;
    const n = Math.max(1, grid.buckets);
    this.index = new Float64Array(n);
    this.min = new Float64Array(n);
    this.max = new Float64Array(n);
    this.sum = new Float64Array(n);
    this.count = new Float64Array(n);
  }

  /** The series as the history query returned it (buckets in time order, empty ones left out). */
  static of(grid: BucketGrid, history: readonly HistoryBucket[]): BucketSeries {
    const s = new BucketSeries(grid);
    for (const b of history) {
      if (b.count <= 0) continue;
      // A bucket's start is floored to the millisecond: round it back to its index.
      s.place(Math.round((b.t - grid.from) / grid.width), b.min, b.max, b.avg * b.count, b.count);
    }
    return s;
  }

  get length(): number {
    return this.size;
  }

  /** Start (epoch ms) of the grid's bucket `i`, as the server computes bucket edges. */
  start(i: number): number {
    return Math.floor(this.grid.from + i * this.grid.width);
  }

  private indexOf(t: number): number {
    return Math.floor((t - this.grid.from) / this.grid.width);
  }

  /**
   * Folds a reading into its bucket (opening it when it has none). Returns false, changing
   * nothing, for a reading older than every bucket kept once the series is full.
   */
  fold(t: number, v: number): boolean {
    if (!Number.isFinite(t) || !Number.isFinite(v)) return false;
    return this.place(this.indexOf(t), v, v, v, 1);
  }

  private place(i: number, min: number, max: number, sum: number, count: number): boolean {
    // Usually the newest bucket or the next one: search from the end.
    let k = this.size - 1;
    while (k >= 0 && this.index[k] > i) k--;
    if (k >= 0 && this.index[k] === i) {
      if (min < this.min[k]) this.min[k] = min;
      if (max > this.max[k]) this.max[k] = max;
      this.sum[k] += sum;
      this.count[k] += count;
      this.version++;
      return true;
    }
    // A new bucket goes after position k.
    let at = k + 1;
    if (this.size === this.index.length) {
      if (at === 0) return false; // older than everything kept
      this.shiftOut();
      at--;
    }
    for (let j = this.size; j > at; j--) this.copy(j - 1, j);
    this.index[at] = i;
    this.min[at] = min;
    this.max[at] = max;
    this.sum[at] = sum;
    this.count[at] = count;
    this.size++;
    this.version++;
    return true;
  }

  /** Drops the oldest bucket. */
  private shiftOut() {
    for (let j = 1; j < this.size; j++) this.copy(j, j - 1);
    this.size--;
  }

  private copy(from: number, to: number) {
    this.index[to] = this.index[from];
    this.min[to] = this.min[from];
    this.max[to] = this.max[from];
    this.sum[to] = this.sum[from];
    this.count[to] = this.count[from];
  }

  /** Bucket k (0 = oldest kept) as the chart draws it. */
  bucket(k: number): HistoryBucket {
    return { t: this.start(this.index[k]), min: this.min[k], max: this.max[k], avg: this.sum[k] / this.count[k], count: this.count[k] };
  }

  /** The buckets, oldest first. */
  toBuckets(): HistoryBucket[] {
    const out = new Array<HistoryBucket>(this.size);
    for (let k = 0; k < this.size; k++) out[k] = this.bucket(k);
    return out;
  }
}
