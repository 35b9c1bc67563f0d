/**
 * Alert statistics (issue 14 item 3, §4.2.4 data analysis, §6.4): counts, firing time and the
 * times to acknowledge and to resolve, grouped by process, unit, indicator, level, source and
 * calendar period, computed in SQL (`percentile_cont`) over exactly the alerts the `alerts` list
 * would show the viewer: the rows are chosen with the list's own `where` (`alertWhere` and
 * `alertFilterWhere`), then aggregated. A group is never labelled with a process the viewer may
 * not read (a department head sees an overdue action's alert of a hidden process): that key is null.
 */
import type { Context } from "../../context.js";
import { Prisma } from "../../lib/db.js";
import { visibleIds } from "../access/visible.js";
import { ATTAINMENT_SQL } from "../evaluation/compute.js";

export const ALERT_STAT_DIMENSIONS = ["PROCESS", "UNIT", "INDICATOR", "LEVEL", "SOURCE", "DAY", "WEEK", "MONTH"] as const;
export type AlertStatDimension = (typeof ALERT_STAT_DIMENSIONS)[number];

/** One group's figures; the dimension columns not grouped by are null. */
export interface AlertStatsRow {
  processId: string | null;
  unitId: string | null;
  indicatorId: string | null;
  level: "WARNING" | "CRITICAL" | null;
  source: string | null;
  period: Date | null;
  count: number;
  acknowledged: number;
  resolved: number;
  firingSeconds: number;
  meanSecondsToAcknowledge: number | null;
  p90SecondsToAcknowledge: number | null;
  meanSecondsToResolve: number | null;
  p90SecondsToResolve: number | null;
}

const seconds = (later: string) => Prisma.raw(`extract(epoch FROM (${later} - a.started_at))`);

/** The SQL expression of each dimension (joins below). Periods are UTC calendar days, ISO weeks, months. */
function dimensionSql(visibleProcesses: string[]): Record<AlertStatDimension, Prisma.Sql> {
  return {
    PROCESS: Prisma.sql`CASE WHEN coalesce(i.process_id, a.process_id) = ANY(${visibleProcesses}::text[]) THEN coalesce(i.process_id, a.process_id) END`,
    // As `contextOfAlert` places an alert: the indicator's process owner, else the action's, the risk's, the process's owner.
    UNIT: Prisma.sql`coalesce(ip.owner_unit_id, act.owner_unit_id, rk.owner_unit_id, p.owner_unit_id)`,
    INDICATOR: Prisma.sql`a.indicator_id`,
    LEVEL: Prisma.sql`a.level::text`,
    SOURCE: Prisma.sql`a.source::text`,
    DAY: Prisma.sql`date_trunc('day', a.started_at)`,
    WEEK: Prisma.sql`date_trunc('week', a.started_at)`,
    MONTH: Prisma.sql`date_trunc('month', a.started_at)`,
  };
}

/** Every dimension column; those not grouped by are the constant null, so grouping by all is grouping by the chosen. */
const GROUP_COLUMNS = "period, process_id, unit_id, indicator_id, level, source";

const COLUMN: Record<AlertStatDimension, string> = {
  PROCESS: "process_id",
  UNIT: "unit_id",
  INDICATOR: "indicator_id",
  LEVEL: "level",
  SOURCE: "source",
  DAY: "period",
  WEEK: "period",
  MONTH: "period",
};

/**
 * The statistics of the alerts matching `where` (already AND-ed with the viewer's read rule),
 * grouped by `groupBy` (at most one period). Open alerts count their firing time up to `asOf`.
 */
export async function alertStats(ctx: Context, where: Prisma.AlertWhereInput, groupBy: AlertStatDimension[], asOf: Date): Promise<AlertStatsRow[]> {
  const ids = (await ctx.prisma.alert.findMany({ where, select: { id: true } })).map((a) => a.id);
  if (ids.length === 0) return [];
  const visibleProcesses = [...(await visibleIds(ctx, "process"))];
  const dims = dimensionSql(visibleProcesses);
  const chosen = [...new Set(groupBy)];
  const select = ALERT_STAT_DIMENSIONS.filter((d) => d !== "WEEK" && d !== "MONTH").map((d) => {
    const used = d === "DAY" ? chosen.find((c) => c === "DAY" || c === "WEEK" || c === "MONTH") : chosen.includes(d) ? d : undefined;
    return Prisma.sql`${used ? dims[used] : Prisma.raw(d === "DAY" ? "NULL::timestamp" : "NULL::text")} AS ${Prisma.raw(COLUMN[d])}`;
  });
  const at = Prisma.sql`(${asOf.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  const rows = await ctx.prisma.$queryRaw<(Omit<AlertStatsRow, "period"> & { period: number | null })[]>(Prisma.sql`
    SELECT process_id AS "processId", unit_id AS "unitId", indicator_id AS "indicatorId", level, source,
           (extract(epoch FROM period) * 1000)::float8 AS period,
           count(*)::int AS count, count(acked)::int AS acknowledged, count(resolved)::int AS resolved,
           coalesce(sum(firing), 0)::float8 AS "firingSeconds",
           avg(acked)::float8 AS "meanSecondsToAcknowledge",
           percentile_cont(0.9) WITHIN GROUP (ORDER BY acked)::float8 AS "p90SecondsToAcknowledge",
           avg(resolved)::float8 AS "meanSecondsToResolve",
           percentile_cont(0.9) WITHIN GROUP (ORDER BY resolved)::float8 AS "p90SecondsToResolve"
    FROM (
      SELECT ${Prisma.join(select)},
             ${seconds("a.acknowledged_at")} AS acked,
             ${seconds("a.resolved_at")} AS resolved,
             greatest(0, extract(epoch FROM (coalesce(a.resolved_at, ${at}) - a.started_at))) AS firing
      FROM alert a
      LEFT JOIN indicator i ON i.id = a.indicator_id
      LEFT JOIN process ip ON ip.id = i.process_id
      LEFT JOIN process p ON p.id = a.process_id
      LEFT JOIN action act ON act.id = a.action_id
      LEFT JOIN risk rk ON rk.id = a.risk_id
      WHERE a.id = ANY(${ids}::text[])
    ) g
    GROUP BY ${Prisma.raw(GROUP_COLUMNS)}
    ORDER BY ${Prisma.raw(GROUP_COLUMNS)}`);
  return rows.map((r) => ({ ...r, period: r.period == null ? null : new Date(r.period) }));
}

// ───────────── reading statistics per indicator and period (issue 14 item 3, §4.2.4) ─────────────

export type StatPeriod = "DAY" | "WEEK" | "MONTH";

export interface ReadingStatsRow {
  indicatorId: string;
  start: Date;
  count: number;
  min: number;
  max: number;
  mean: number;
  /** 0–100 against the indicator's target, as an evaluation computes it (§4.3.2); null without a usable target. */
  attainment: number | null;
}

/** At most this many (indicator, period) rows in one answer. */
export const MAX_READING_STAT_ROWS = 10_000;

/** count, min, max, mean and attainment of each readable indicator's readings per UTC period in [from, to). */
export async function readingStats(ctx: Context, where: Prisma.IndicatorWhereInput, period: StatPeriod, from: Date, to: Date): Promise<ReadingStatsRow[]> {
  const ids = (await ctx.prisma.indicator.findMany({ where, select: { id: true } })).map((i) => i.id);
  if (ids.length === 0) return [];
  const utc = (d: Date) => Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
  const rows = await ctx.prisma.$queryRaw<(Omit<ReadingStatsRow, "start"> & { start: number })[]>(Prisma.sql`
    SELECT s."indicatorId", (extract(epoch FROM s.start) * 1000)::float8 AS start, s.readings AS count, s.min, s.max, s.actual AS mean,
           ${ATTAINMENT_SQL} AS attainment
    FROM (
      SELECT i.id AS "indicatorId", date_trunc(${period.toLowerCase()}, r.observed_at) AS start,
             i.direction::text AS direction, i.target, i.target_low AS "targetLow", i.target_high AS "targetHigh",
             count(*)::int AS readings, min(r.value)::float8 AS min, max(r.value)::float8 AS max, avg(r.value)::float8 AS actual,
             avg(CASE WHEN r.value BETWEEN i.target_low AND i.target_high THEN 1.0 ELSE 0.0 END)::float8 AS in_band
      FROM reading r JOIN indicator i ON i.id = r.indicator_id
      WHERE r.indicator_id = ANY(${ids}::text[]) AND r.observed_at >= ${utc(from)} AND r.observed_at < ${utc(to)}
      GROUP BY i.id, 2
    ) s
    ORDER BY s."indicatorId", s.start
    LIMIT ${MAX_READING_STAT_ROWS}`);
  return rows.map((r) => ({ ...r, start: new Date(r.start) }));
}
