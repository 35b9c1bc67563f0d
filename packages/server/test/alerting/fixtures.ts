import { randomBytes } from "node:crypto";
import type { Prisma, PrismaClient } from "../../src/lib/db.js";

/** A short unique suffix, so fixtures never collide on unique codes inside one database. */
export const uid = () => randomBytes(5).toString("hex");

export interface World {
  unitId: string;
  userId: string;
  processId: string;
}

/** An org unit, a user in it and a process it owns (§1.2, §3). */
export async function createWorld(prisma: PrismaClient): Promise<World> {
  const s = uid();
  const unit = await prisma.orgUnit.create({
    data: { code: `U-${s}`, name: `部門 ${s}`, nameEn: `Unit ${s}`, kind: "DEPARTMENT" },
  });
  const user = await prisma.user.create({
    data: { email: `u-${s}@example.test`, name: `User ${s}`, passwordHash: "x", roles: ["PROCESS_OFFICE"], unitId: unit.id },
  });
  const process = await prisma.process.create({
    data: {
      code: `P-${s}`,
      name: `流程 ${s}`,
      nameEn: `Process ${s}`,
      category: "FINANCE",
      goal: "目標",
      goalEn: "Goal",
      ownerUnitId: unit.id,
    },
  });
  return { unitId: unit.id, userId: user.id, processId: process.id };
}

export async function createIndicator(prisma: PrismaClient, world: World, data: Partial<Prisma.IndicatorUncheckedCreateInput> = {}) {
  const s = uid();
  return prisma.indicator.create({
    data: {
      code: `I-${s}`,
      name: `指標 ${s}`,
      nameEn: `Indicator ${s}`,
      processId: world.processId,
      kind: "FINANCIAL",
      unit: "%",
      direction: "LOWER_IS_BETTER",
      ...data,
    },
  });
}

export type RuleInput = Omit<Prisma.ThresholdRuleUncheckedCreateInput, "indicatorId">;

export async function createRule(prisma: PrismaClient, indicatorId: string, data: RuleInput) {
  return prisma.thresholdRule.create({ data: { indicatorId, ...data } });
}

/** An indicator with a WARNING rule above `warn` and a CRITICAL rule above `crit` (§5.3.2). */
export async function createWarnCritIndicator(prisma: PrismaClient, world: World, warn: number, crit: number, extra: Partial<RuleInput> = {}) {
  const indicator = await createIndicator(prisma, world);
  const warning = await createRule(prisma, indicator.id, { kind: "THRESHOLD", level: "WARNING", comparator: "ABOVE", value: warn, ...extra });
  const critical = await createRule(prisma, indicator.id, { kind: "THRESHOLD", level: "CRITICAL", comparator: "ABOVE", value: crit, ...extra });
  return { indicator, warning, critical };
}

/** `base` plus `minutes`, as a Date. */
export const at = (base: Date, minutes: number) => new Date(base.getTime() + minutes * 60_000);

/** Open alerts of a rule (not RESOLVED). */
export const openAlerts = (prisma: PrismaClient, ruleId: string) => prisma.alert.findMany({ where: { ruleId, state: { not: "RESOLVED" } } });
