/**
 * The risk matrix (§5.1.2): likelihood 1-5 × impact 1-5 gives a score 1-25, and the score a
 * level. The same function serves the seed, the register and the heat map, so the three agree.
 */
export type RiskLevelName = "LOW" | "MEDIUM" | "HIGH" | "EXTREME";

/** §5.2.2: the levels at which a risk needs an approved contingency plan (the register's `needsPlan`, the RISK_WITHOUT_PLAN warning). */
export const PLAN_REQUIRED_LEVELS: readonly RiskLevelName[] = ["HIGH", "EXTREME"];

/** Whether a risk at this level needs an approved contingency plan (§5.2.2). */
export function planRequired(level: RiskLevelName | null): boolean {
  return level != null && PLAN_REQUIRED_LEVELS.includes(level);
}

/** Lowest score of each level, highest level first. */
export const RISK_LEVEL_CUTOFFS: ReadonlyArray<readonly [RiskLevelName, number]> = [
  ["EXTREME", 20],
  ["HIGH", 12],
  ["MEDIUM", 6],
  ["LOW", 1],
];

function checkScale(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > 5) {
    throw new RangeError(`${name} must be an integer from 1 to 5, got ${value}`);
  }
}

/** likelihood × impact, each on the 1-5 scale. */
export function riskScore(likelihood: number, impact: number): number {
  checkScale("likelihood", likelihood);
  checkScale("impact", impact);
  return likelihood * impact;
}

/** Level of a likelihood/impact pair: score ≥ 20 EXTREME, ≥ 12 HIGH, ≥ 6 MEDIUM, else LOW. */
export function riskLevel(likelihood: number, impact: number): RiskLevelName {
  const score = riskScore(likelihood, impact);
  for (const [level, min] of RISK_LEVEL_CUTOFFS) if (score >= min) return level;
  return "LOW";
}
