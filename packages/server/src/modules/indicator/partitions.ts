/**
 * Monthly partitions of `reading` (issue 13, item 6) and their retention. The migration
 * 20261130131231 creates the table, a default partition for months with no partition yet, and
 * the SQL functions used here; this module runs them on start and daily:
 * - the partitions of this month and the next two are created ahead (and rows waiting in the
 *   default partition move to their month's new partition);
 * - with `READINGS_RETENTION_MONTHS` = N, the raw partitions of the months before the last N
 *   full months (and this one) are dropped; the rollups stay, so `series` over those months still
 *   answers from them (series.ts).
 */
import type { PrismaClient } from "../../lib/db.js";
import { startPeriodic } from "../../lib/periodic.js";

/** Months of the partitions created ahead of the current one. */
export const MONTHS_AHEAD = 2;
const DAY_MS = 86_400_000;

/** The first day (UTC) of the month `offset` months from the month of `at`, as `YYYY-MM-DD`. */
export function monthStart(at: Date, offset = 0): string {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);
}

/**
 * `READINGS_RETENTION_MONTHS`: unset or empty keeps raw readings forever; otherwise a whole number
 * of months (at least 1) to keep before the current month.
 */
export function retentionMonths(setting: string | undefined = process.env.READINGS_RETENTION_MONTHS): number | null {
  if (setting === undefined || setting.trim() === "") return null;
  const n = Number(setting);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`READINGS_RETENTION_MONTHS must be a whole number of months (1 or more), got "${setting}"`);
  return n;
}

/** Creates the monthly partitions from the month of `from` (default: `now`) to `MONTHS_AHEAD` after `now`'s; returns how many it created. */
export async function ensureReadingPartitions(prisma: PrismaClient, now: Date, from: Date = now): Promise<number> {
  const rows = await prisma.$queryRaw<{ n: number }[]>`SELECT reading_partitions_ensure(${monthStart(from)}::date, ${monthStart(now, MONTHS_AHEAD)}::date) AS n`;
  return Number(rows[0].n);
}

/** Drops the raw partitions older than the retention keeps (none when `months` is null); returns their names. */
export async function dropExpiredReadings(prisma: PrismaClient, now: Date, months: number | null): Promise<string[]> {
  if (months === null) return [];
  const rows = await prisma.$queryRaw<{ name: string }[]>`SELECT reading_partitions_drop_before(${monthStart(now, -months)}::date) AS name`;
  return rows.map((r) => r.name);
}

/** Ensures the partitions and applies the retention now and every `intervalMs` (a day); returns the function that stops it. */
export function startPartitionMaintenance(options: {
  prisma: PrismaClient;
  retention?: number | null;
  intervalMs?: number;
  onError: (error: unknown) => void;
}): () => Promise<void> {
  const { prisma, onError } = options;
  const retention = options.retention === undefined ? retentionMonths() : options.retention;
  const loop = startPeriodic(
    async () => {
      const now = new Date();
      await ensureReadingPartitions(prisma, now);
      await dropExpiredReadings(prisma, now, retention);
    },
    { everyMs: options.intervalMs ?? DAY_MS, immediately: true, onError },
  );
  return () => loop.stop();
}
