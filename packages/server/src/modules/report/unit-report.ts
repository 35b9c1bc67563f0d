/**
 * The periodic department report (§2.2.3 a department head reports on the own processes, §6.3.1
 * monitoring results reported per unit): one unit and one period, read with the reader's read
 * rules (`access/visibility.ts`), so the report never shows more than the reader's lists would
 * (a SECRET process, risk or action is simply absent for a reader below it).
 *
 * One computation serves the GraphQL `unitReport`, the PDF, the CSV and the scheduled sends.
 */
import type { Viewer } from "../../context.js";
import type { Prisma, PrismaClient } from "../../lib/db.js";
import { forbidden, notFound } from "../../lib/errors.js";
import { actionWhere, alertWhere, processWhere, readScope, riskWhere } from "../access/visibility.js";
import { indicatorFigures } from "../evaluation/compute.js";
import { parseReportPeriod } from "./period.js";

export interface ReportIndicator {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  processCode: string;
  unit: string;
  target: number | null;
  readings: number;
  actual: number | null;
  /** 0-100, as evaluations compute it (§4.3.2); null without readings or a usable target. */
  attainment: number | null;
  /** Alerts of the indicator started in the period. */
  warnings: number;
}

export interface ReportWarnings {
  total: number;
  warning: number;
  critical: number;
  acknowledged: number;
  resolved: number;
  stillOpen: number;
  /** Mean minutes from start to acknowledgement, over the acknowledged ones; null when none. */
  meanMinutesToAcknowledge: number | null;
  /** Mean minutes from start to resolution, over the resolved ones; null when none. */
  meanMinutesToResolve: number | null;
}

export interface UnitReportData {
  unit: { id: string; code: string; name: string; nameEn: string };
  period: string;
  start: Date;
  end: Date;
  generatedAt: Date;
  indicators: ReportIndicator[];
  warnings: ReportWarnings;
  inspections: { count: number; findings: number; high: number; medium: number; low: number; openFindings: number };
  evaluations: { id: string; processCode: string; processName: string; period: string; status: string; grade: string; totalScore: number }[];
  actions: { open: number; overdue: number; items: { id: string; title: string; kind: string; status: string; deadline: Date | null; overdue: boolean }[] };
  risks: { id: string; code: string; title: string; titleEn: string; category: string; level: string | null; status: string }[];
}

const OPEN_ACTION = ["OPEN", "IN_PROGRESS"] as const;
const round = (x: number | null, digits = 1) => (x == null ? null : Math.round(x * 10 ** digits) / 10 ** digits);
const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length);

/**
 * Who may ask for a unit's report: company-wide readers (management, the process office, analysts,
 * administrators) any unit's; a department head or an employee only the own unit's (§2.2.3). A
 * machine token none. Returns the reason, or null.
 */
export function whyCannotReadReport(viewer: Viewer, unitId: string): string | null {
  if (viewer.kind !== "user") return "Unit reports are for signed-in people, not machine tokens.";
  const scope = readScope(viewer);
  if (!scope) return "You may not read unit reports.";
  if (scope.unitId && scope.unitId !== unitId) return "You may read the report of your own unit only (§2.2.3).";
  return null;
}

/** The unit by id or code; NOT_FOUND when there is none. */
export async function findReportUnit(prisma: PrismaClient, by: { id: string } | { code: string }) {
  const unit = await prisma.orgUnit.findUnique({ where: by as Prisma.OrgUnitWhereUniqueInput, select: { id: true, code: true, name: true, nameEn: true } });
  if (!unit) throw notFound("OrgUnit", "id" in by ? by.id : by.code);
  return unit;
}

/** Computes a unit's report for a period as `viewer` may read it; FORBIDDEN / NOT_FOUND / BAD_USER_INPUT as the API's. */
export async function computeUnitReport(
  prisma: PrismaClient,
  viewer: Viewer,
  by: { id: string } | { code: string },
  periodText: string,
  now = new Date(),
): Promise<UnitReportData> {
  const period = parseReportPeriod(periodText);
  const unit = await findReportUnit(prisma, by);
  const why = whyCannotReadReport(viewer, unit.id);
  if (why) throw forbidden(why);
  const { start, end } = period;
  const processes = await prisma.process.findMany({
    where: { AND: [{ ownerUnitId: unit.id, archivedAt: null }, processWhere(viewer)] },
    select: { id: true, code: true, name: true },
    orderBy: { code: "asc" },
  });
  const processIds = processes.map((p) => p.id);
  const [indicators, warnings, inspections, evaluations, actions, risks] = await Promise.all([
    reportIndicators(prisma, processes, start, end),
    reportAlerts(prisma, viewer, unit.id, start, end),
    reportInspections(prisma, processIds, start, end),
    prisma.evaluation.findMany({
      where: { processId: { in: processIds }, periodStart: { lt: end }, periodEnd: { gt: start } },
      select: { id: true, period: true, status: true, grade: true, totalScore: true, process: { select: { code: true, name: true } } },
      orderBy: [{ process: { code: "asc" } }, { periodStart: "asc" }, { status: "asc" }],
    }),
    reportActions(prisma, viewer, unit.id, end, now),
    prisma.risk.findMany({
      where: { AND: [{ ownerUnitId: unit.id, archivedAt: null }, riskWhere(viewer)] },
      select: { id: true, code: true, title: true, titleEn: true, category: true, currentLevel: true, status: true },
      orderBy: { code: "asc" },
    }),
  ]);
  for (const i of indicators) i.warnings = warnings.byIndicator.get(i.id) ?? 0;
  return {
    unit,
    period: period.period,
    start,
    end,
    generatedAt: now,
    indicators,
    warnings: warnings.summary,
    inspections,
    evaluations: evaluations.map((e) => ({
      id: e.id,
      processCode: e.process.code,
      processName: e.process.name,
      period: e.period,
      status: e.status,
      grade: e.grade,
      totalScore: e.totalScore,
    })),
    actions,
    risks: risks.map((r) => ({ id: r.id, code: r.code, title: r.title, titleEn: r.titleEn, category: r.category, level: r.currentLevel, status: r.status })),
  };
}

/** Each readable process's indicators with their period figures (the evaluation's SQL, §4.3.2). */
async function reportIndicators(prisma: PrismaClient, processes: { id: string; code: string }[], start: Date, end: Date): Promise<ReportIndicator[]> {
  const out: ReportIndicator[] = [];
  for (const p of processes) {
    const figures = await indicatorFigures(prisma, p.id, start, end);
    const more = await prisma.indicator.findMany({ where: { id: { in: figures.map((f) => f.id) } }, select: { id: true, nameEn: true, unit: true } });
    const byId = new Map(more.map((m) => [m.id, m]));
    for (const f of figures) {
      out.push({
        id: f.id,
        code: f.code,
        name: f.name,
        nameEn: byId.get(f.id)?.nameEn ?? "",
        processCode: p.code,
        unit: byId.get(f.id)?.unit ?? "",
        target: f.target,
        readings: f.readings,
        actual: round(f.actual, 4),
        attainment: round(f.attainment),
        warnings: 0,
      });
    }
  }
  return out;
}

/** The unit's alerts started in the period (by indicator, process, risk or action of the unit), as the reader may see them. */
async function reportAlerts(prisma: PrismaClient, viewer: Viewer, unitId: string, start: Date, end: Date) {
  const ofUnit: Prisma.AlertWhereInput = {
    OR: [
      { indicator: { process: { ownerUnitId: unitId } } },
      { indicatorId: null, process: { ownerUnitId: unitId } },
      { indicatorId: null, risk: { ownerUnitId: unitId } },
      { indicatorId: null, action: { ownerUnitId: unitId } },
    ],
  };
  const alerts = await prisma.alert.findMany({
    where: { AND: [ofUnit, alertWhere(viewer), { startedAt: { gte: start, lt: end } }] },
    select: { indicatorId: true, level: true, startedAt: true, acknowledgedAt: true, resolvedAt: true },
  });
  const minutes = (from: Date, to: Date | null) => (to ? (to.getTime() - from.getTime()) / 60_000 : null);
  const acked = alerts.map((a) => minutes(a.startedAt, a.acknowledgedAt)).filter((x): x is number => x != null);
  const resolved = alerts.map((a) => minutes(a.startedAt, a.resolvedAt)).filter((x): x is number => x != null);
  const byIndicator = new Map<string, number>();
  for (const a of alerts) if (a.indicatorId) byIndicator.set(a.indicatorId, (byIndicator.get(a.indicatorId) ?? 0) + 1);
  const summary: ReportWarnings = {
    total: alerts.length,
    warning: alerts.filter((a) => a.level === "WARNING").length,
    critical: alerts.filter((a) => a.level === "CRITICAL").length,
    acknowledged: acked.length,
    resolved: resolved.length,
    stillOpen: alerts.length - resolved.length,
    meanMinutesToAcknowledge: round(mean(acked)),
    meanMinutesToResolve: round(mean(resolved)),
  };
  return { summary, byIndicator };
}

/** Inspections of the readable processes performed in the period, and their findings by severity. */
async function reportInspections(prisma: PrismaClient, processIds: string[], start: Date, end: Date) {
  const inspections = await prisma.inspection.findMany({
    where: { processId: { in: processIds }, performedAt: { gte: start, lt: end } },
    select: { findings: { select: { severity: true, status: true } } },
  });
  const findings = inspections.flatMap((i) => i.findings);
  const count = (s: string) => findings.filter((f) => f.severity === s).length;
  return {
    count: inspections.length,
    findings: findings.length,
    high: count("HIGH"),
    medium: count("MEDIUM"),
    low: count("LOW"),
    openFindings: findings.filter((f) => f.status !== "CLOSED").length,
  };
}

/**
 * The unit's actions still open (§4.4.2), created before the period's end; overdue: past the
 * deadline at the period's end, or now for the running period.
 */
async function reportActions(prisma: PrismaClient, viewer: Viewer, unitId: string, end: Date, now: Date) {
  const asOf = end.getTime() < now.getTime() ? end : now;
  const rows = await prisma.action.findMany({
    where: { AND: [{ ownerUnitId: unitId, status: { in: [...OPEN_ACTION] }, createdAt: { lt: end } }, actionWhere(viewer)] },
    select: { id: true, title: true, kind: true, status: true, deadline: true },
    orderBy: [{ deadline: "asc" }, { id: "asc" }],
  });
  const items = rows.map((a) => ({ ...a, overdue: a.deadline != null && a.deadline.getTime() < asOf.getTime() }));
  return { open: items.length, overdue: items.filter((a) => a.overdue).length, items };
}
