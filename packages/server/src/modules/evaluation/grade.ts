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
    scores.attainment * weights.attainment +
    scores.compliance * weights.compliance +
    scores.efficiency * weights.efficiency +
    scores.effectiveness * weights.effectiveness;
  return Math.round(sum * 10) / 10;
}
