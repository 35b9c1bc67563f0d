/**
 * An evaluation computed from data (§4.3.2): indicator attainment from the period's readings
 * against each indicator's target and direction (in SQL), compliance from the period's findings
 * by severity, efficiency and effectiveness from the indicators of those kinds, weighted into a
 * total, graded by cut-offs (§4.3.3), with a maturity level (§4.3.1). Every figure keeps its
 * working: one criterion row per indicator and criterion, whose points add up to the total.
 */
import { Prisma, type PrismaClient, type Tx } from "../../lib/db.js";
import { type CriterionScores, type GradeCutoffs, type GradeName, gradeFor, maturityFor } from "./grade.js";

export type CriterionName = "ATTAINMENT" | "COMPLIANCE" | "EFFICIENCY" | "EFFECTIVENESS";

/** How many points a finding of each severity takes off compliance (out of 100). */
export const FINDING_DEDUCTIONS = { HIGH: 20, MEDIUM: 10, LOW: 5 } as const;

/** Indicator kinds behind the efficiency and effectiveness criteria; RISK indicators are not graded. */
const EFFICIENCY_KINDS = ["EFFICIENCY"];
const EFFECTIVENESS_KINDS = ["SALES", "FINANCIAL", "SATISFACTION"];

/** A manual change of one criterion row by the process office, with its reason (kept). */
export interface Adjustment {
  attainment: number;
  reason: string;
  byId: string;
  at: string;
}

/** One line of an evaluation's working, as stored in `Evaluation.criteria`. */
export interface CriterionRow {
  /** Stable within an evaluation: `ATTAINMENT:<indicatorId>`, `COMPLIANCE`, … */
  key: string;
  criterion: CriterionName;
  indicatorId: string | null;
  label: string;
  direction: string | null;
  target: number | null;
  targetLow: number | null;
  targetHigh: number | null;
  /** The period's average reading (indicators) or the number of findings (compliance). */
  actual: number | null;
  /** Readings (indicators) or findings (compliance) behind `actual`. */
  count: number;
  /** As computed from the data, 0-100; null without data. */
  computedAttainment: number | null;
  /** As used: the adjustment's if any, else the computed one. */
  attainment: number | null;
  /** Share of the total (all weights add up to 1). */
  weight: number;
  /** attainment × weight: the row's part of the total. */
  points: number;
  working: string;
  adjustment: Adjustment | null;
}

/** An indicator's figures for a period, as the SQL returns them. */
export interface IndicatorFigures {
  id: string;
  code: string;
  name: string;
  kind: string;
  direction: string;
  target: number | null;
  targetLow: number | null;
  targetHigh: number | null;
  readings: number;
  actual: number | null;
  attainment: number | null;
}

export interface Scored {
  rows: CriterionRow[];
  scores: CriterionScores;
  /** The weights in effect: criteria without any data get none, the others share theirs. */
  weights: CriterionScores;
  total: number;
  grade: GradeName;
  maturityLevel: number;
}

const NO_DATA_NOTE = " The criterion has no data this period; its weight goes to the others.";
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Attainment (0–100) of a row `s` with readings, direction, target, "targetLow", "targetHigh",
 * actual (the mean) and in_band (share of readings inside the band); see `indicatorFigures`.
 */
export const ATTAINMENT_SQL = Prisma.sql`
           CASE
             WHEN s.readings = 0 THEN NULL
             WHEN s.direction = 'HIGHER_IS_BETTER' AND s.target > 0 THEN LEAST(100, GREATEST(0, 100 * s.actual / s.target))
             WHEN s.direction = 'LOWER_IS_BETTER' AND s.target >= 0 THEN
               CASE WHEN s.actual <= s.target THEN 100 ELSE GREATEST(0, 100 * s.target / s.actual) END
             WHEN s.direction = 'TARGET_BAND' AND s."targetLow" IS NOT NULL AND s."targetHigh" IS NOT NULL THEN 100 * s.in_band
           END::float8`;

/**
 * Attainment of each (non-RISK) indicator of a process over [start, end), in SQL:
 * HIGHER_IS_BETTER 100 × average / target (at most 100); LOWER_IS_BETTER 100 when the average is
 * at or under target, else 100 × target / average; TARGET_BAND the share of readings inside the
 * band. No readings, or no usable target: null.
 */
export function indicatorFigures(prisma: PrismaClient | Tx, processId: string, start: Date, end: Date): Promise<IndicatorFigures[]> {
  return prisma.$queryRaw<IndicatorFigures[]>(Prisma.sql`
    SELECT s.id, s.code, s.name, s.kind, s.direction, s.target, s."targetLow", s."targetHigh", s.readings, s.actual,
           ${ATTAINMENT_SQL} AS attainment
    FROM (
      SELECT i.id, i.code, i.name, i.kind::text AS kind, i.direction::text AS direction, i.target,
             i.target_low AS "targetLow", i.target_high AS "targetHigh",
             count(r.id)::int AS readings, avg(r.value)::float8 AS actual,
             avg(CASE WHEN r.value BETWEEN i.target_low AND i.target_high THEN 1.0 ELSE 0.0 END)::float8 AS in_band
      FROM indicator i
      LEFT JOIN reading r ON r.indicator_id = i.id
        AND r.observed_at >= (${start.toISOString()}::timestamptz AT TIME ZONE 'UTC')
        AND r.observed_at < (${end.toISOString()}::timestamptz AT TIME ZONE 'UTC')
      WHERE i.process_id = ${processId} AND i.archived_at IS NULL AND i.kind <> 'RISK'
      GROUP BY i.id
    ) s
    ORDER BY s.code`);
}

/** Findings of the process's inspections performed in [start, end), by severity. */
export async function findingCounts(prisma: PrismaClient | Tx, processId: string, start: Date, end: Date) {
  const rows = await prisma.finding.groupBy({
    by: ["severity"],
    where: { inspection: { processId, performedAt: { gte: start, lt: end } } },
    _count: { _all: true },
  });
  const counts = { HIGH: 0, MEDIUM: 0, LOW: 0 };
  for (const r of rows) counts[r.severity] = r._count._all;
  return counts;
}

function indicatorWorking(f: IndicatorFigures): string {
  if (f.readings === 0) return "No readings in the period.";
  const actual = round(f.actual!, 4);
  if (f.attainment == null) return `Average ${actual} over ${f.readings} readings; no usable target.`;
  if (f.direction === "HIGHER_IS_BETTER") return `min(100, 100 × ${actual} / ${f.target}) over ${f.readings} readings`;
  if (f.direction === "LOWER_IS_BETTER") {
    return f.actual! <= f.target! ? `${actual} ≤ target ${f.target} over ${f.readings} readings: 100` : `100 × ${f.target} / ${actual} over ${f.readings} readings`;
  }
  return `${round(f.attainment, 1)} % of ${f.readings} readings inside ${f.targetLow}–${f.targetHigh}`;
}

/** The unweighted criterion rows of a process's period (weights and points come from `score`). */
export function criterionRows(figures: IndicatorFigures[], findings: { HIGH: number; MEDIUM: number; LOW: number }): CriterionRow[] {
  const row = (criterion: CriterionName, f: IndicatorFigures): CriterionRow => ({
    key: `${criterion}:${f.id}`,
    criterion,
    indicatorId: f.id,
    label: `${f.code} ${f.name}`,
    direction: f.direction,
    target: f.target,
    targetLow: f.targetLow,
    targetHigh: f.targetHigh,
    actual: f.actual == null ? null : round(f.actual, 4),
    count: f.readings,
    computedAttainment: f.attainment == null ? null : round(f.attainment),
    attainment: f.attainment == null ? null : round(f.attainment),
    weight: 0,
    points: 0,
    working: indicatorWorking(f),
    adjustment: null,
  });
  const total = findings.HIGH + findings.MEDIUM + findings.LOW;
  const deducted = findings.HIGH * FINDING_DEDUCTIONS.HIGH + findings.MEDIUM * FINDING_DEDUCTIONS.MEDIUM + findings.LOW * FINDING_DEDUCTIONS.LOW;
  const compliance = Math.max(0, 100 - deducted);
  return [
    ...figures.map((f) => row("ATTAINMENT", f)),
    {
      key: "COMPLIANCE",
      criterion: "COMPLIANCE",
      indicatorId: null,
      label: "Findings of the period's inspections",
      direction: null,
      target: 0,
      targetLow: null,
      targetHigh: null,
      actual: total,
      count: total,
      computedAttainment: compliance,
      attainment: compliance,
      weight: 0,
      points: 0,
      working:
        `max(0, 100 − ${findings.HIGH} HIGH × ${FINDING_DEDUCTIONS.HIGH} − ${findings.MEDIUM} MEDIUM × ${FINDING_DEDUCTIONS.MEDIUM}` +
        ` − ${findings.LOW} LOW × ${FINDING_DEDUCTIONS.LOW}) = ${compliance}`,
      adjustment: null,
    },
    ...figures.filter((f) => EFFICIENCY_KINDS.includes(f.kind)).map((f) => row("EFFICIENCY", f)),
    ...figures.filter((f) => EFFECTIVENESS_KINDS.includes(f.kind)).map((f) => row("EFFECTIVENESS", f)),
  ];
}

const CRITERIA: { name: CriterionName; field: keyof CriterionScores }[] = [
  { name: "ATTAINMENT", field: "attainment" },
  { name: "COMPLIANCE", field: "compliance" },
  { name: "EFFICIENCY", field: "efficiency" },
  { name: "EFFECTIVENESS", field: "effectiveness" },
];

/**
 * Weights, points, criterion scores, total, grade and maturity from criterion rows (adjusted
 * ones included). A criterion's score is the mean attainment of its rows with data; a criterion
 * with no data at all gives its weight to the others in proportion, and says so in its rows.
 */
export function score(input: CriterionRow[], weights: CriterionScores, cutoffs: GradeCutoffs): Scored {
  const rows = input.map((r) => ({ ...r, attainment: r.adjustment ? r.adjustment.attainment : r.computedAttainment }));
  const withData = (c: CriterionName) => rows.filter((r) => r.criterion === c && r.attainment != null);
  const present = CRITERIA.filter((c) => withData(c.name).length > 0);
  const weightSum = present.reduce((s, c) => s + weights[c.field], 0);
  const effective: CriterionScores = { attainment: 0, compliance: 0, efficiency: 0, effectiveness: 0 };
  const scores: CriterionScores = { attainment: 0, compliance: 0, efficiency: 0, effectiveness: 0 };
  for (const c of present) {
    const members = withData(c.name);
    effective[c.field] = weightSum > 0 ? weights[c.field] / weightSum : 0;
    scores[c.field] = round(members.reduce((s, r) => s + r.attainment!, 0) / members.length, 1);
    for (const r of members) {
      r.weight = round(effective[c.field] / members.length, 6);
      r.points = round((r.attainment! * effective[c.field]) / members.length, 4);
    }
  }
  for (const r of rows) {
    if (r.attainment == null) {
      r.weight = 0;
      r.points = 0;
    }
    if (!present.some((c) => c.name === r.criterion) && !r.working.endsWith(NO_DATA_NOTE)) r.working += NO_DATA_NOTE;
  }
  const total = round(
    rows.reduce((s, r) => s + r.points, 0),
    1,
  );
  return { rows, scores, weights: effective, total, grade: gradeFor(total, cutoffs), maturityLevel: maturityFor(total) };
}

/** The whole computation of a process's period, as computeEvaluation (and the seed) runs it. */
export async function evaluatePeriod(
  db: PrismaClient | Tx,
  processId: string,
  period: { start: Date; end: Date },
  weights: CriterionScores,
  cutoffs: GradeCutoffs,
): Promise<Scored> {
  const indicators = await indicatorFigures(db, processId, period.start, period.end);
  const findings = await findingCounts(db, processId, period.start, period.end);
  return score(criterionRows(indicators, findings), weights, cutoffs);
}

/** The figures an evaluation row stores, from a scoring. */
export function figures(s: Scored) {
  return {
    attainmentScore: s.scores.attainment,
    complianceScore: s.scores.compliance,
    efficiencyScore: s.scores.efficiency,
    effectivenessScore: s.scores.effectiveness,
    weights: s.weights as unknown as Prisma.InputJsonValue,
    totalScore: s.total,
    grade: s.grade,
    maturityLevel: s.maturityLevel,
    criteria: s.rows as unknown as Prisma.InputJsonValue,
  };
}
