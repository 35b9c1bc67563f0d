/**
 * The review cadence (§5.1.2): a risk is reviewed again a number of months after its latest
 * assessment, by its level. Configurable with RISK_REVIEW_MONTHS, e.g.
 * "EXTREME=1,HIGH=3,MEDIUM=6,LOW=12" (the default). An approved acceptance (§5.2.1) brings the
 * review forward to its expiry.
 */
import type { RiskLevel } from "../../generated/prisma/enums.js";
import type { PrismaClient } from "../../lib/db.js";
import type { Condition } from "../alerting/conditions.js";

export const DEFAULT_REVIEW_MONTHS: Record<RiskLevel, number> = { EXTREME: 1, HIGH: 3, MEDIUM: 6, LOW: 12 };

/** Parses "LEVEL=months,..." over the defaults; a bad entry is an error at start-up, not a silent default. */
export function reviewMonths(setting: string | undefined = process.env.RISK_REVIEW_MONTHS): Record<RiskLevel, number> {
  const months = { ...DEFAULT_REVIEW_MONTHS };
  for (const part of (setting ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [level, n] = part.split("=").map((x) => x.trim());
    const value = Number(n);
    if (!(level in months) || !Number.isInteger(value) || value < 1 || value > 120) {
      throw new Error(`RISK_REVIEW_MONTHS: "${part}" is not LEVEL=months (1-120) with LEVEL one of ${Object.keys(months).join(", ")}.`);
    }
    months[level as RiskLevel] = value;
  }
  return months;
}

const MONTHS = reviewMonths();

/** The next review after an assessment at `assessedAt` of `level`. */
export function nextReviewAfter(assessedAt: Date, level: RiskLevel, months = MONTHS): Date {
  const d = new Date(assessedAt);
  d.setUTCMonth(d.getUTCMonth() + months[level]);
  return d;
}

/** The earlier of two optional dates. */
export const earlier = (a: Date | null | undefined, b: Date | null | undefined): Date | null => (a && b ? (a < b ? a : b) : (a ?? b ?? null));

/** Open, assessed risks whose review date has passed (§5.1.2). */
export async function overdueReviews(prisma: PrismaClient, now: Date): Promise<Condition[]> {
  const risks = await prisma.risk.findMany({
    where: { archivedAt: null, status: { not: "CLOSED" }, nextReviewAt: { lt: now } },
    select: { id: true, code: true, currentLevel: true, nextReviewAt: true },
  });
  return risks.map((r) => ({
    source: "RISK_REVIEW_OVERDUE",
    subjectId: r.id,
    level: r.currentLevel === "EXTREME" || r.currentLevel === "HIGH" ? "CRITICAL" : "WARNING",
    riskId: r.id,
    message: `${r.code}: the review due ${r.nextReviewAt!.toISOString().slice(0, 10)} has not been recorded (§5.1.2).`,
  }));
}
