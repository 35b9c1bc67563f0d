/**
 * Key indicators per process (§4.1.1) and their warning rules (§5.3.2), from the catalogue of
 * indicator-catalog.ts. Upserted by code; rules by (indicator, kind, level).
 */
import type { RuleSpec } from "../../packages/server/src/modules/alerting/rules.js";
import type { PrismaClient } from "../../packages/server/src/lib/db.js";
import type { AlertLevel, Comparator, Direction } from "../../packages/server/src/generated/prisma/enums.js";
import { type Bound, HOURLY, INDICATORS, type IndicatorSeed } from "./indicator-catalog.js";
import type { ProcessIds } from "./processes.js";
import { stepKey } from "./processes.js";
import { upsertByKey } from "./rows.js";

const COMPARATOR: Record<Direction, Comparator> = {
  HIGHER_IS_BETTER: "BELOW",
  LOWER_IS_BETTER: "ABOVE",
  TARGET_BAND: "OUTSIDE",
};

const round = (x: number) => Math.round(x * 1000) / 1000;
const pair = (b: Bound): readonly [number, number] => (typeof b === "number" ? [b, b] : b);

/** True when `value` is past `bound` on the bad side for this direction. */
export function breaches(direction: Direction, bound: Bound, value: number): boolean {
  const [low, high] = pair(bound);
  if (direction === "HIGHER_IS_BETTER") return value < low;
  if (direction === "LOWER_IS_BETTER") return value > low;
  return value < low || value > high;
}

/** A seeded rule: the fields evaluation reads, with the engine's defaults for the timing ones. */
export type RuleSeed = Omit<RuleSpec, "pendingMinutes" | "keepFiringMinutes" | "noDataFactor"> & { noDataFactor?: number };

/** The rules of one indicator: WARNING and CRITICAL thresholds, plus NO_DATA / TREND if asked. */
export function rulesFor(ind: IndicatorSeed): RuleSeed[] {
  const comparator = COMPARATOR[ind.direction];
  const [wLow, wHigh] = pair(ind.warn);
  const [cLow, cHigh] = pair(ind.crit);
  const gap = Math.abs(wLow - cLow) / 4; // hysteresis: clear a quarter of the way back
  const hourly = ind.interval <= HOURLY;
  const threshold = (level: AlertLevel, low: number, high: number): RuleSeed => {
    const band = ind.direction === "TARGET_BAND";
    const clear = ind.direction === "LOWER_IS_BETTER" ? low - gap : low + gap;
    return {
      kind: "THRESHOLD",
      level,
      comparator,
      value: low,
      upperValue: band ? high : null,
      clearValue: round(clear),
      clearUpperValue: band ? round(high - gap) : null,
      consecutive: hourly ? (level === "WARNING" ? 3 : 2) : 1,
      trendWindow: null,
      trendHorizonMinutes: null,
    };
  };
  const rules = [threshold("WARNING", wLow, wHigh), threshold("CRITICAL", cLow, cHigh)];
  if (ind.noData) {
    rules.push({
      kind: "NO_DATA",
      level: "WARNING",
      comparator: null,
      value: null,
      upperValue: null,
      clearValue: null,
      clearUpperValue: null,
      consecutive: 1,
      noDataFactor: 3,
      trendWindow: null,
      trendHorizonMinutes: null,
    });
  }
  if (ind.trend) {
    // Warn when the fitted trend of the last 24 readings reaches the critical bound within 12 h.
    rules.push({
      kind: "TREND",
      level: "WARNING",
      comparator,
      value: cLow,
      upperValue: ind.direction === "TARGET_BAND" ? cHigh : null,
      clearValue: null,
      clearUpperValue: null,
      consecutive: 1,
      trendWindow: 24,
      trendHorizonMinutes: 720,
    });
  }
  return rules;
}

/** indicator code → id */
export type IndicatorIds = Record<string, string>;

export async function seedIndicators(prisma: PrismaClient, ids: ProcessIds): Promise<IndicatorIds> {
  const out: IndicatorIds = {};
  for (const ind of INDICATORS) {
    const data = {
      name: ind.name,
      nameEn: ind.nameEn,
      processId: ids.process[ind.process],
      stepId: ind.step ? ids.step[stepKey(ind.process, ind.step)] : null,
      kind: ind.kind,
      unit: ind.unit,
      direction: ind.direction,
      target: ind.target,
      targetLow: ind.band ? ind.band[0] : null,
      targetHigh: ind.band ? ind.band[1] : null,
      expectedIntervalMinutes: ind.interval,
    };
    const row = await prisma.indicator.upsert({
      where: { code: ind.code },
      create: { code: ind.code, ...data },
      update: data,
      select: { id: true },
    });
    out[ind.code] = row.id;
    for (const rule of rulesFor(ind)) {
      await upsertByKey(prisma.thresholdRule, { indicatorId: row.id, kind: rule.kind, level: rule.level }, rule);
    }
  }
  return out;
}
