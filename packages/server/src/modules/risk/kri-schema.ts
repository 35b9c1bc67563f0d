/**
 * Review cadence (§5.1.2) and key risk indicators (§5.3.1) on the risk and the alert: when the
 * risk is next due for review, whether it is overdue, whether one of its key indicators breaches
 * with an alert no assessment has answered yet, and which risks an indicator's alert concerns.
 */
import { builder } from "../../builder.js";
import type { Prisma } from "../../lib/db.js";
import { alertWhere, riskWhere } from "../access/visibility.js";

const OPEN = ["FIRING", "ACKNOWLEDGED"] as const;

/** Open alerts on a risk's key indicators that no assessment of the risk names as its reason. */
export const unansweredKriAlerts = (riskId: string): Prisma.AlertWhereInput => ({
  state: { in: [...OPEN] },
  indicator: { risks: { some: { id: riskId } } },
  reassessments: { none: { riskId } },
});

builder.prismaObjectFields("Risk", (t) => ({
  nextReviewAt: t.expose("nextReviewAt", { type: "DateTime", nullable: true, description: "When the risk is next due for review (§5.1.2)." }),
  reviewOverdue: t.boolean({
    description: "The review date has passed (§5.1.2); an assessment moves it.",
    select: { nextReviewAt: true, archivedAt: true, status: true },
    resolve: (r) => !r.archivedAt && r.status !== "CLOSED" && !!r.nextReviewAt && r.nextReviewAt < new Date(),
  }),
  needsReassessment: t.boolean({
    description: "A key risk indicator breaches with an alert no assessment has answered yet (§5.3.1).",
    resolve: async (r, _a, ctx) => (await ctx.prisma.alert.count({ where: unansweredKriAlerts(r.id) })) > 0,
  }),
  reassessmentAlerts: t.prismaField({
    type: ["Alert"],
    description: "The key indicators' open alerts to re-assess for (§5.3.1); pass one as reasonAlertId.",
    resolve: (query, r, _a, ctx) => ctx.prisma.alert.findMany({ ...query, where: { AND: [unansweredKriAlerts(r.id), alertWhere(ctx.viewer)] }, orderBy: { startedAt: "asc" } }),
  }),
}));

builder.prismaObjectFields("RiskAssessment", (t) => ({
  reasonAlert: t.relation("reasonAlert", { nullable: true, description: "The key indicator's alert this re-assessment answered (§5.3.1)." }),
}));

builder.prismaObjectFields("Alert", (t) => ({
  risks: t.prismaField({
    type: ["Risk"],
    description: "The risks this alert concerns: those watching its indicator as a key risk indicator (§5.3.1), or its subject risk.",
    select: { indicatorId: true, riskId: true },
    resolve: (query, a, _args, ctx) => {
      const about: Prisma.RiskWhereInput[] = [];
      if (a.indicatorId) about.push({ keyIndicators: { some: { id: a.indicatorId } } });
      if (a.riskId) about.push({ id: a.riskId });
      if (!about.length) return [];
      return ctx.prisma.risk.findMany({ ...query, where: { AND: [{ OR: about }, riskWhere(ctx.viewer)] }, orderBy: { code: "asc" } });
    },
  }),
}));
