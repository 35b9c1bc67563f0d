/**
 * Evaluation grades (§4.3.2, §4.3.3): four criterion scores 0-100 are weighted into a total, and
 * the total is graded 優秀 / 良好 / 合格 / 不合格 by cut-offs.
 */
export type GradeName = "EXCELLENT" | "GOOD" | "PASS" | "FAIL";

/** Lowest total of each grade above FAIL, highest first. */
export interface GradeCutoffs {
  EXCELLENT: number;
  GOOD: number;
  PASS: number;
}

export const DEFAULT_GRADE_CUTOFFS: Readonly<GradeCutoffs> = { EXCELLENT: 90, GOOD: 80, PASS: 60 };

/** The criteria of §4.3.2 and their default weights (they sum to 1). */
export interface CriterionScores {
  attainment: number;
  compliance: number;
  efficiency: number;
  effectiveness: number;
}

export const DEFAULT_WEIGHTS: Readonly<CriterionScores> = {
  attainment: 0.4,
  compliance: 0.2,
  efficiency: 0.2,
  effectiveness: 0.2,
};

/** Grade of a total score: ≥ 90 EXCELLENT, ≥ 80 GOOD, ≥ 60 PASS, else FAIL. */
export function gradeFor(total: number, cutoffs: GradeCutoffs = DEFAULT_GRADE_CUTOFFS): GradeName {
  if (!Number.isFinite(total)) throw new RangeError(`total must be a finite number, got ${total}`);
  if (total >= cutoffs.EXCELLENT) return "EXCELLENT";
  if (total >= cutoffs.GOOD) return "GOOD";
  if (total >= cutoffs.PASS) return "PASS";
  return "FAIL";
}

/** Weighted sum of the criterion scores, rounded to one decimal. */
export function totalScore(scores: CriterionScores, weights: CriterionScores = DEFAULT_WEIGHTS): number {
  const sum =
    scores.attainment * weights.attainment + scores.compliance * weights.compliance + scores.efficiency * weights.efficiency + scores.effectiveness * weights.effectiveness;
  return Math.round(sum * 10) / 10;
}

/**
 * Process capability maturity (§4.3.1), 1-5, from the total: below 40 initial (1), 40 managed
 * (2), 60 defined (3), 80 quantitatively managed (4), 90 optimising (5).
 */
export function maturityFor(total: number): number {
  if (!Number.isFinite(total)) throw new RangeError(`total must be a finite number, got ${total}`);
  return total >= 90 ? 5 : total >= 80 ? 4 : total >= 60 ? 3 : total >= 40 ? 2 : 1;
}

/** Why weights cannot be used (each 0-1, summing to 1), or null. */
export function whyBadWeights(w: CriterionScores): string | null {
  const values = [w.attainment, w.compliance, w.efficiency, w.effectiveness];
  if (values.some((v) => !Number.isFinite(v) || v < 0 || v > 1)) return "Each weight must lie between 0 and 1.";
  if (Math.abs(values.reduce((a, b) => a + b, 0) - 1) > 1e-6) return "The weights must add up to 1.";
  return null;
}

/** Why cut-offs cannot be used (0-100, EXCELLENT > GOOD > PASS), or null. */
export function whyBadCutoffs(c: GradeCutoffs): string | null {
  const values = [c.EXCELLENT, c.GOOD, c.PASS];
  if (values.some((v) => !Number.isFinite(v) || v < 0 || v > 100)) return "Each cut-off must lie between 0 and 100.";
  if (!(c.EXCELLENT > c.GOOD && c.GOOD > c.PASS)) return "The cut-offs must fall: EXCELLENT above GOOD above PASS.";
  return null;
}
