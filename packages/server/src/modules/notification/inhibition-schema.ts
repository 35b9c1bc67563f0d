/**
 * Inhibition in the feed and on the wall (§6.2.2): what a dashboard needs to show one alert per
 * indicator with its escalation. The rule is routing's (`inhibition.ts`), so what the wall hides
 * is exactly what routing does not send.
 */
import { builder } from "../../builder.js";
import type { Context } from "../../context.js";
import { alertWhere } from "../access/visibility.js";
import { pageComplexity } from "../common/schema.js";
import { AlertFilter } from "../alerting/alert-schema.js";
import { alertListWhere } from "../alerting/queries.js";
import { INHIBITING_STATES, type InhibitionKey, inhibitedWhere, inhibitionLoader } from "./inhibition.js";

const loaders = new WeakMap<object, ReturnType<typeof inhibitionLoader>>();
function loaderOf(ctx: Context): ReturnType<typeof inhibitionLoader> {
  const known = loaders.get(ctx);
  if (known) return known;
  const made = inhibitionLoader(ctx.prisma);
  loaders.set(ctx, made);
  return made;
}
const alertKey = (a: { id: string; level: string; indicatorId: string | null; state: string }): InhibitionKey => ({
  alertId: a.id,
  level: a.level,
  indicatorId: a.indicatorId,
  open: a.state !== "RESOLVED",
});

builder.prismaObjectFields("Alert", (t) => ({
  inhibitedBy: t.prismaField({
    type: "Alert",
    nullable: true,
    description: "The open CRITICAL alert of the same indicator that inhibits this open WARNING (not routed, left out of wallAlerts); null otherwise.",
    select: { id: true, level: true, indicatorId: true, state: true },
    resolve: async (query, a, _args, ctx) => {
      const id = await loaderOf(ctx).load(alertKey(a));
      return id ? ctx.prisma.alert.findFirst({ ...query, where: { AND: [{ id }, alertWhere(ctx.viewer)] } }) : null;
    },
  }),
  inhibited: t.boolean({
    description: "True while a CRITICAL of the same indicator inhibits this WARNING (§6.2.2).",
    select: { id: true, level: true, indicatorId: true, state: true },
    resolve: async (a, _args, ctx) => (await loaderOf(ctx).load(alertKey(a))) != null,
  }),
  inhibits: t.prismaField({
    type: ["Alert"],
    description: "For an open CRITICAL: the open WARNINGs of the same indicator it inhibits (its escalation history on the wall).",
    select: { id: true, level: true, indicatorId: true, state: true },
    resolve: (query, a, _args, ctx) =>
      a.level === "CRITICAL" && a.indicatorId && (INHIBITING_STATES as readonly string[]).includes(a.state)
        ? ctx.prisma.alert.findMany({
            ...query,
            where: { AND: [{ indicatorId: a.indicatorId, level: "WARNING", state: { not: "RESOLVED" } }, alertWhere(ctx.viewer)] },
            orderBy: { startedAt: "asc" },
          })
        : [],
  }),
}));

builder.prismaObjectFields("AlertEvent", (t) => ({
  inhibited: t.boolean({
    description:
      "True when routing found an open CRITICAL of the same indicator as this WARNING event was written: no message was sent, and a feed folds it under the critical (§6.2.2).",
    select: { inhibitedById: true },
    resolve: (e) => e.inhibitedById != null,
  }),
  inhibitedBy: t.prismaField({
    type: "Alert",
    nullable: true,
    description: "The CRITICAL alert that inhibited this event, when readable.",
    select: { inhibitedById: true },
    resolve: (query, e, _a, ctx) => (e.inhibitedById ? ctx.prisma.alert.findFirst({ ...query, where: { AND: [{ id: e.inhibitedById }, alertWhere(ctx.viewer)] } }) : null),
  }),
}));

builder.queryFields((t) => ({
  wallAlerts: t.prismaConnection({
    type: "Alert",
    cursor: "id",
    complexity: pageComplexity,
    description:
      "The alerts a wall or feed shows (§6.2.2): as `alerts`, without the WARNINGs a CRITICAL of the same indicator inhibits (one alert per indicator, as routing sends); `inhibited: true` lists only those, null all.",
    authScopes: { reader: true },
    args: { filter: t.arg({ type: AlertFilter }), inhibited: t.arg.boolean({ defaultValue: false }) },
    totalCount: (_c, args, ctx) => ctx.prisma.alert.count({ where: wallWhere(args, ctx) }),
    resolve: (query, _root, args, ctx) => ctx.prisma.alert.findMany({ ...query, where: wallWhere(args, ctx), orderBy: [{ startedAt: "desc" }, { id: "asc" }] }),
  }),
}));

function wallWhere(args: { filter?: typeof AlertFilter.$inferInput | null; inhibited?: boolean | null }, ctx: Context) {
  const and = [alertListWhere(ctx.viewer, args.filter)];
  return { AND: args.inhibited == null ? and : [...and, inhibitedWhere(args.inhibited)] };
}
