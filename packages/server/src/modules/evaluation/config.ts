/**
 * Weights per process category and grade cut-offs (§4.3.2, §4.3.3). The process office sets
 * them; every setting is a new row, so the history stays and each evaluation names the row it
 * was computed with. The newest row for the process's category applies, else the newest for all
 * categories, else the defaults.
 */
import type { ProcessCategory } from "../../generated/prisma/enums.js";
import type { PrismaClient, Tx } from "../../lib/db.js";
import { type CriterionScores, DEFAULT_GRADE_CUTOFFS, DEFAULT_WEIGHTS, type GradeCutoffs } from "./grade.js";

export interface EffectiveConfig {
  /** The row in force, or null for the built-in defaults. */
  id: string | null;
  category: ProcessCategory | null;
  weights: CriterionScores;
  cutoffs: GradeCutoffs;
}

export async function configFor(prisma: PrismaClient | Tx, category: ProcessCategory | null): Promise<EffectiveConfig> {
  const row =
    (category ? await prisma.evaluationConfig.findFirst({ where: { category }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] }) : null) ??
    (await prisma.evaluationConfig.findFirst({ where: { category: null }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] }));
  if (!row) return { id: null, category: null, weights: { ...DEFAULT_WEIGHTS }, cutoffs: { ...DEFAULT_GRADE_CUTOFFS } };
  return { id: row.id, category: row.category, weights: row.weights as unknown as CriterionScores, cutoffs: row.cutoffs as unknown as GradeCutoffs };
}
