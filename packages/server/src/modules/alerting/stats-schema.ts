import { builder } from "../../builder.js";
import { badInput } from "../../lib/errors.js";
import { indicatorWhere } from "../access/visibility.js";
import { encodeGlobalID, parseIds } from "../common/ids.js";
import { AlertLevelEnum, AlertStateEnum } from "../common/schema.js";
import { IndicatorNode } from "../indicator/schema.js";
import { alertListWhere } from "./queries.js";
import { OrgUnitNode } from "../org/schema.js";
import { ProcessNode } from "../process/schema.js";
import { AlertSourceEnum } from "./alert-source.js";
import { ALERT_STAT_DIMENSIONS, alertStats, readingStats, type AlertStatDimension, type AlertStatsRow, type ReadingStatsRow } from "./stats.js";

// ───────────── aggregates for analysts (issue 14 item 3, §4.2.4, §6.4) ─────────────

const AlertStatsGroupBy = builder.enumType("AlertStatsGroupBy", { values: ALERT_STAT_DIMENSIONS });
const StatPeriodEnum = builder.enumType("StatPeriod", { values: ["DAY", "WEEK", "MONTH"] as const });

const DAY_MS = 86_400_000;

/** "PROCESS=<id>|LEVEL=WARNING|DAY=2026-11-01": one stable string per group, in the order asked. */
function groupKey(row: AlertStatsRow, groupBy: AlertStatDimension[]): string {
  const part = (d: AlertStatDimension): string => {
    switch (d) {
      case "PROCESS":
        return row.processId ? encodeGlobalID("Process", row.processId) : "-";
      case "UNIT":
        return row.unitId ? encodeGlobalID("OrgUnit", row.unitId) : "-";
      case "INDICATOR":
        return row.indicatorId ? encodeGlobalID("Indicator", row.indicatorId) : "-";
      case "LEVEL":
        return row.level ?? "-";
      case "SOURCE":
        return row.source ?? "-";
      default:
        return row.period ? row.period.toISOString().slice(0, d === "MONTH" ? 7 : 10) : "-";
    }
  };
  return groupBy.map((d) => `${d}=${part(d)}`).join("|");
}

type Group = AlertStatsRow & { key: string };

const AlertStatsGroup = builder.objectRef<Group>("AlertStatsGroup").implement({
  description: "Alert figures of one group; the dimensions not grouped by are null. Seconds are wall-clock.",
  fields: (t) => ({
    key: t.exposeString("key", { description: "DIMENSION=value pairs joined by |, in the groupBy order (ids are global ids; - for none or hidden)." }),
    process: t.field({
      type: ProcessNode,
      nullable: true,
      description: "Null when not grouped by process, for a risk's alert, or when the process is hidden from the viewer.",
      resolve: (g, _a, ctx) => (g.processId ? ctx.prisma.process.findUnique({ where: { id: g.processId } }) : null),
    }),
    unit: t.field({ type: OrgUnitNode, nullable: true, resolve: (g, _a, ctx) => (g.unitId ? ctx.prisma.orgUnit.findUnique({ where: { id: g.unitId } }) : null) }),
    indicator: t.field({
      type: IndicatorNode,
      nullable: true,
      resolve: (g, _a, ctx) => (g.indicatorId ? ctx.prisma.indicator.findUnique({ where: { id: g.indicatorId } }) : null),
    }),
    level: t.expose("level", { type: AlertLevelEnum, nullable: true }),
    source: t.field({ type: AlertSourceEnum, nullable: true, resolve: (g) => g.source as typeof AlertSourceEnum.$inferType | null }),
    period: t.expose("period", { type: "DateTime", nullable: true, description: "Start of the UTC day, ISO week (Monday) or month." }),
    count: t.exposeInt("count"),
    acknowledged: t.exposeInt("acknowledged", { description: "Alerts with an acknowledgement." }),
    resolved: t.exposeInt("resolved", { description: "Alerts resolved." }),
    firingSeconds: t.exposeFloat("firingSeconds", { description: "Sum over the alerts of start to resolution (or to asOf while open)." }),
    meanSecondsToAcknowledge: t.exposeFloat("meanSecondsToAcknowledge", { nullable: true }),
    p90SecondsToAcknowledge: t.exposeFloat("p90SecondsToAcknowledge", { nullable: true, description: "percentile_cont(0.9) over the acknowledged alerts." }),
    meanSecondsToResolve: t.exposeFloat("meanSecondsToResolve", { nullable: true }),
    p90SecondsToResolve: t.exposeFloat("p90SecondsToResolve", { nullable: true }),
  }),
});

const AlertStatsFilter = builder.inputType("AlertStatsFilter", {
  fields: (t) => ({
    from: t.field({ type: "DateTime", description: "Alerts started at or after." }),
    to: t.field({ type: "DateTime", description: "Alerts started before." }),
    processIds: t.idList(),
    unitIds: t.idList(),
    indicatorIds: t.idList(),
    levels: t.field({ type: [AlertLevelEnum] }),
    sources: t.field({ type: [AlertSourceEnum] }),
    states: t.field({ type: [AlertStateEnum], description: "Default: every state." }),
    asOf: t.field({ type: "DateTime", description: "Open alerts count their firing time up to here. Default: now." }),
  }),
});

const ReadingStats = builder.objectRef<ReadingStatsRow>("ReadingStats").implement({
  description: "An indicator's readings in one period.",
  fields: (t) => ({
    indicator: t.field({ type: IndicatorNode, nullable: true, resolve: (r, _a, ctx) => ctx.prisma.indicator.findUnique({ where: { id: r.indicatorId } }) }),
    start: t.expose("start", { type: "DateTime", description: "Start of the UTC day, ISO week or month." }),
    count: t.exposeInt("count"),
    min: t.exposeFloat("min"),
    max: t.exposeFloat("max"),
    mean: t.exposeFloat("mean"),
    attainment: t.exposeFloat("attainment", { nullable: true, description: "0–100 against the target, as an evaluation computes it (§4.3.2)." }),
  }),
});

builder.queryFields((t) => ({
  alertStats: t.field({
    type: [AlertStatsGroup],
    description: "Alert counts, firing time, time to acknowledge and to resolve, grouped; over exactly the alerts the `alerts` list shows the viewer (§6.4).",
    authScopes: { reader: true },
    complexity: 50,
    args: {
      filter: t.arg({ type: AlertStatsFilter }),
      groupBy: t.arg({ type: [AlertStatsGroupBy], required: true, defaultValue: [] }),
    },
    resolve: async (_root, { filter: f, groupBy }, ctx) => {
      if (groupBy.filter((d) => d === "DAY" || d === "WEEK" || d === "MONTH").length > 1) throw badInput("Group by one period at most (DAY, WEEK or MONTH).", "groupBy");
      const list = alertListWhere(ctx.viewer, {
        states: f?.states?.length ? f.states : ["FIRING", "ACKNOWLEDGED", "RESOLVED"],
        levels: f?.levels,
        processIds: f?.processIds,
        unitIds: f?.unitIds,
        indicatorIds: f?.indicatorIds,
        sources: f?.sources,
        startedAt: { from: f?.from, to: f?.to },
      });
      const rows = await alertStats(ctx, list, groupBy, f?.asOf ?? new Date());
      return rows.map((r) => ({ ...r, key: groupKey(r, groupBy) }));
    },
  }),
  readingStats: t.field({
    type: [ReadingStats],
    description: "count, min, max, mean and attainment of readings per indicator and UTC period, for the indicators the viewer may read (at most 10,000 rows).",
    authScopes: { reader: true },
    complexity: 50,
    args: {
      indicatorIds: t.arg.idList(),
      processIds: t.arg.idList(),
      from: t.arg({ type: "DateTime" }),
      to: t.arg({ type: "DateTime" }),
      period: t.arg({ type: StatPeriodEnum, required: true, defaultValue: "DAY" }),
    },
    resolve: (_root, args, ctx) => {
      const to = args.to ?? new Date();
      const from = args.from ?? new Date(to.getTime() - 30 * DAY_MS);
      if (from >= to) throw badInput("from must be before to.", "from");
      const where = {
        AND: [
          indicatorWhere(ctx.viewer),
          args.indicatorIds?.length ? { id: { in: parseIds(args.indicatorIds, "Indicator", "indicatorIds") } } : {},
          args.processIds?.length ? { processId: { in: parseIds(args.processIds, "Process", "processIds") } } : {},
        ],
      };
      return readingStats(ctx, where, args.period, from, to);
    },
  }),
}));
