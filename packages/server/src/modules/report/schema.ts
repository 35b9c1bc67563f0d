/**
 * `unitReport(unitId, period)` (§2.2.3, §6.3.1): the figures of a unit's periodic report, the same
 * computation the PDF and CSV downloads (`/reports/units/<code>/<period>.pdf|.csv`) render, so the
 * dashboard shows and a test compares one set of numbers.
 */
import { builder } from "../../builder.js";
import { encodeGlobalID, parseId } from "../common/ids.js";
import { computeUnitReport, type ReportIndicator, type ReportWarnings, type UnitReportData } from "./unit-report.js";

const ReportIndicatorRef = builder.objectRef<ReportIndicator>("UnitReportIndicator").implement({
  description: "An indicator of the unit's processes with its figures for the period (§4.3.2 attainment).",
  fields: (t) => ({
    indicatorId: t.id({ description: "The Indicator's global id.", resolve: (i) => encodeGlobalID("Indicator", i.id) }),
    code: t.exposeString("code"),
    name: t.exposeString("name"),
    nameEn: t.exposeString("nameEn"),
    processCode: t.exposeString("processCode"),
    unit: t.exposeString("unit", { description: "The unit of measure." }),
    target: t.exposeFloat("target", { nullable: true }),
    readings: t.exposeInt("readings"),
    actual: t.exposeFloat("actual", { nullable: true, description: "The period's average." }),
    attainment: t.exposeFloat("attainment", { nullable: true, description: "0-100; null without readings or a usable target." }),
    warnings: t.exposeInt("warnings", { description: "Alerts of the indicator started in the period." }),
  }),
});

const ReportWarningsRef = builder.objectRef<ReportWarnings>("UnitReportWarnings").implement({
  description: "The unit's alerts started in the period, as the reader may see them.",
  fields: (t) => ({
    total: t.exposeInt("total"),
    warning: t.exposeInt("warning"),
    critical: t.exposeInt("critical"),
    acknowledged: t.exposeInt("acknowledged"),
    resolved: t.exposeInt("resolved"),
    stillOpen: t.exposeInt("stillOpen"),
    meanMinutesToAcknowledge: t.exposeFloat("meanMinutesToAcknowledge", { nullable: true }),
    meanMinutesToResolve: t.exposeFloat("meanMinutesToResolve", { nullable: true }),
  }),
});

type Inspections = UnitReportData["inspections"];
const ReportInspectionsRef = builder.objectRef<Inspections>("UnitReportInspections").implement({
  fields: (t) => ({
    count: t.exposeInt("count"),
    findings: t.exposeInt("findings"),
    high: t.exposeInt("high"),
    medium: t.exposeInt("medium"),
    low: t.exposeInt("low"),
    openFindings: t.exposeInt("openFindings"),
  }),
});

type Evaluation = UnitReportData["evaluations"][number];
const ReportEvaluationRef = builder.objectRef<Evaluation>("UnitReportEvaluation").implement({
  fields: (t) => ({
    evaluationId: t.id({ resolve: (e) => encodeGlobalID("Evaluation", e.id) }),
    processCode: t.exposeString("processCode"),
    processName: t.exposeString("processName"),
    period: t.exposeString("period"),
    status: t.exposeString("status"),
    grade: t.exposeString("grade"),
    totalScore: t.exposeFloat("totalScore"),
  }),
});

type ActionItem = UnitReportData["actions"]["items"][number];
const ReportActionRef = builder.objectRef<ActionItem>("UnitReportAction").implement({
  fields: (t) => ({
    actionId: t.id({ resolve: (a) => encodeGlobalID("Action", a.id) }),
    title: t.exposeString("title"),
    kind: t.exposeString("kind"),
    status: t.exposeString("status"),
    deadline: t.expose("deadline", { type: "DateTime", nullable: true }),
    overdue: t.exposeBoolean("overdue"),
  }),
});

const ReportActionsRef = builder.objectRef<UnitReportData["actions"]>("UnitReportActions").implement({
  fields: (t) => ({
    open: t.exposeInt("open"),
    overdue: t.exposeInt("overdue"),
    items: t.field({ type: [ReportActionRef], resolve: (a) => a.items }),
  }),
});

type RiskItem = UnitReportData["risks"][number];
const ReportRiskRef = builder.objectRef<RiskItem>("UnitReportRisk").implement({
  fields: (t) => ({
    riskId: t.id({ resolve: (r) => encodeGlobalID("Risk", r.id) }),
    code: t.exposeString("code"),
    title: t.exposeString("title"),
    titleEn: t.exposeString("titleEn"),
    category: t.exposeString("category"),
    level: t.exposeString("level", { nullable: true }),
    status: t.exposeString("status"),
  }),
});

export const UnitReportRef = builder.objectRef<UnitReportData>("UnitReport").implement({
  description: "A unit's periodic report (§2.2.3, §6.3.1), computed with the reader's read rules.",
  fields: (t) => ({
    unit: t.prismaField({ type: "OrgUnit", resolve: (query, r, _a, ctx) => ctx.prisma.orgUnit.findUniqueOrThrow({ ...query, where: { id: r.unit.id } }) }),
    period: t.exposeString("period"),
    start: t.expose("start", { type: "DateTime" }),
    end: t.expose("end", { type: "DateTime", description: "The first instant after the period." }),
    generatedAt: t.expose("generatedAt", { type: "DateTime" }),
    pdfPath: t.string({
      description: "Where to download it as PDF (with the Bearer header).",
      resolve: (r) => `/reports/units/${encodeURIComponent(r.unit.code)}/${r.period}.pdf`,
    }),
    csvPath: t.string({
      description: "Where to download it as CSV (with the Bearer header).",
      resolve: (r) => `/reports/units/${encodeURIComponent(r.unit.code)}/${r.period}.csv`,
    }),
    indicators: t.field({ type: [ReportIndicatorRef], resolve: (r) => r.indicators }),
    warnings: t.field({ type: ReportWarningsRef, resolve: (r) => r.warnings }),
    inspections: t.field({ type: ReportInspectionsRef, resolve: (r) => r.inspections }),
    evaluations: t.field({ type: [ReportEvaluationRef], resolve: (r) => r.evaluations }),
    actions: t.field({ type: ReportActionsRef, resolve: (r) => r.actions }),
    risks: t.field({ type: [ReportRiskRef], resolve: (r) => r.risks }),
  }),
});

builder.queryFields((t) => ({
  unitReport: t.field({
    type: UnitReportRef,
    description: "A unit's report for a month (2026-10), quarter (2026-Q4) or year (2026): company-wide readers any unit's, a department head or employee the own unit's (§2.2.3).",
    authScopes: { user: true },
    args: { unitId: t.arg.id({ required: true }), period: t.arg.string({ required: true, validate: { maxLength: 20 } }) },
    resolve: (_r, args, ctx) => computeUnitReport(ctx.prisma, ctx.viewer, { id: parseId(args.unitId, "OrgUnit", "unitId") }, args.period),
  }),
}));
