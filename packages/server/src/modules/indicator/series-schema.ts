import { builder } from "../../builder.js";
import { IndicatorNode } from "./schema.js";
import { indicatorSeries } from "./series.js";

// ───────────── time series (§2.3.3, §4.2.4) ─────────────

const SeriesBucket = builder
  .objectRef<{ start: Date; end: Date; count: number; min: number; max: number; avg: number; last: number; lastObservedAt: Date }>("SeriesBucket")
  .implement({
    description: "Readings of one time bucket, aggregated in SQL.",
    fields: (t) => ({
      start: t.expose("start", { type: "DateTime" }),
      end: t.expose("end", { type: "DateTime", description: "Exclusive." }),
      count: t.exposeInt("count"),
      min: t.exposeFloat("min"),
      max: t.exposeFloat("max"),
      avg: t.exposeFloat("avg"),
      last: t.exposeFloat("last", { description: "The latest reading in the bucket." }),
      lastObservedAt: t.expose("lastObservedAt", { type: "DateTime" }),
    }),
  });

builder.objectField(IndicatorNode, "series", (t) =>
  t.field({
    type: [SeriesBucket],
    description: "min, max, avg, last and count per bucket between `from` and `to` (1–1000 buckets); empty buckets are left out.",
    args: { from: t.arg({ type: "DateTime", required: true }), to: t.arg({ type: "DateTime", required: true }), buckets: t.arg.int({ defaultValue: 200 }) },
    complexity: (args) => ({ field: 5, multiplier: Math.max(1, Math.min(args.buckets ?? 200, 1000)) }),
    resolve: (indicator, args, ctx) =>
      indicatorSeries(ctx.prisma, {
        indicatorId: indicator.id,
        from: args.from,
        to: args.to,
        buckets: args.buckets ?? 200,
        expectedIntervalMinutes: indicator.expectedIntervalMinutes ?? null,
      }),
  }),
);
