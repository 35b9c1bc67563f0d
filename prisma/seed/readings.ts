/**
 * Readings (§4.2.4, §2.3.3): `days` of observations per indicator at its expected interval,
 * ending at `now`. Each series is a slow trend, a weekly (and for hourly series a daily) season
 * and autocorrelated gaussian noise around the target, with a few short excursions past the
 * WARNING and CRITICAL thresholds (§5.3.2). Keys `seed:<code>:<index>` make re-seeding a no-op.
 */
import type { PrismaClient } from "../../packages/server/src/lib/db.js";
import type { AlertLevel } from "../../packages/server/src/generated/prisma/enums.js";
import { recordReadings } from "../../packages/server/src/modules/alerting/engine/ingest.js";
import { insertRawReadings } from "../../packages/server/src/modules/alerting/engine/reading-keys.js";
import { ensureReadingPartitions } from "../../packages/server/src/modules/indicator/partitions.js";
import { INDICATORS, type IndicatorSeed } from "./indicator-catalog.js";
import type { IndicatorIds } from "./indicators.js";
import { createRandom, type Random } from "./random.js";

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;
const CHUNK = 5000;

export interface Point {
  observedAt: Date;
  value: number;
}

interface Excursion {
  start: number;
  length: number;
  level: AlertLevel;
  lowSide: boolean; // for a band: below the band (true) or above it
}

const pair = (b: number | readonly [number, number]) => (typeof b === "number" ? [b, b] : b);

/** A value inside the WARNING band (between the two thresholds) or past the CRITICAL one. */
function breachValue(ind: IndicatorSeed, level: AlertLevel, lowSide: boolean, rng: Random): number {
  const [wLow, wHigh] = pair(ind.warn);
  const [cLow, cHigh] = pair(ind.crit);
  const below = ind.direction === "HIGHER_IS_BETTER" || (ind.direction === "TARGET_BAND" && lowSide);
  const warn = below ? wLow : ind.direction === "TARGET_BAND" ? wHigh : wLow;
  const crit = below ? cLow : ind.direction === "TARGET_BAND" ? cHigh : cLow;
  const span = Math.abs(warn - crit);
  const sign = below ? -1 : 1; // direction of "worse"
  return level === "WARNING" ? warn + sign * span * rng.uniform(0.2, 0.8) : crit + sign * span * rng.uniform(0.1, 0.5);
}

/** The seeded series of one indicator: deterministic for a given code, `now` and `days`. */
export function generateSeries(ind: IndicatorSeed, now: Date, days: number): Point[] {
  const rng = createRandom(ind.code);
  const interval = ind.interval * MINUTE;
  const n = Math.max(1, Math.round((days * DAY) / interval));
  const hourly = ind.interval <= 60;
  const s = ind.series;

  const excursions: Excursion[] = [];
  const levels: AlertLevel[] = days >= 30 ? ["WARNING", "CRITICAL", "WARNING"] : ["WARNING"];
  for (const level of levels) {
    const length = hourly ? rng.int(4, 8) : rng.int(2, 3);
    const lo = Math.floor(n * 0.05);
    const hi = Math.max(lo, Math.floor(n * 0.9) - length);
    // A few tries for a start that keeps the excursions apart, so each one is its own episode.
    let start = rng.int(lo, hi);
    for (let tries = 0; tries < 8 && excursions.some((e) => Math.abs(e.start - start) < e.length + length); tries++) {
      start = rng.int(lo, hi);
    }
    excursions.push({ start, length, level, lowSide: rng.next() < 0.5 });
  }
  if (s.endState) {
    const length = hourly ? 4 : 3;
    excursions.push({ start: n - length, length, level: s.endState, lowSide: true });
  }

  const phi = hourly ? 0.7 : 0.3;
  const innovation = Math.sqrt(1 - phi * phi);
  let noise = rng.gaussian(0, s.sd);
  const scale = 10 ** s.decimals;
  const points: Point[] = [];
  for (let i = 0; i < n; i++) {
    const t = now.getTime() - (n - 1 - i) * interval;
    const tDays = t / DAY;
    const progress = n > 1 ? i / (n - 1) : 1;
    noise = phi * noise + innovation * rng.gaussian(0, s.sd);
    let value = s.base + s.drift * progress + s.weekly * Math.sin((2 * Math.PI * tDays) / 7) + (s.daily ?? 0) * Math.sin(2 * Math.PI * tDays) + noise;
    const excursion = excursions.find((e) => i >= e.start && i < e.start + e.length);
    if (excursion) value = breachValue(ind, excursion.level, excursion.lowSide, rng);
    if (s.min !== undefined) value = Math.max(s.min, value);
    if (s.max !== undefined) value = Math.min(s.max, value);
    points.push({ observedAt: new Date(t), value: Math.round(value * scale) / scale });
  }
  return points;
}

export interface ReadingsResult {
  /** Rows this run inserted (0 on a re-seed). */
  inserted: number;
  /** Rows the seed asked for. */
  generated: number;
}

/** Readings per indicator at the end of the window that go through the live engine. */
const LIVE_TAIL = { hourly: 72, daily: 14 };

/**
 * Inserts the history in bulk, then records the last days through the live engine
 * (`recordReadings`), so the indicators' status, the open alerts and the alert log agree with
 * the readings the way they would after a real feed (§5.3.2): a wall display opens on the
 * warnings the seed's last readings raise.
 */
export async function seedReadings(prisma: PrismaClient, ids: IndicatorIds, now: Date, days: number): Promise<ReadingsResult> {
  const bulk: { indicatorId: string; value: number; observedAt: Date; key: string }[] = [];
  const tail: { indicatorId: string; value: number; observedAt: Date; key: string }[] = [];
  for (const ind of INDICATORS) {
    const series = generateSeries(ind, now, days);
    const keep = ind.interval <= 60 ? LIVE_TAIL.hourly : LIVE_TAIL.daily;
    series.forEach((p, index) => {
      const row = { indicatorId: ids[ind.code], value: p.value, observedAt: p.observedAt, key: `seed:${ind.code}:${index}` };
      (index >= series.length - keep ? tail : bulk).push(row);
    });
  }
  // The months of the history get their partitions before their rows arrive.
  await ensureReadingPartitions(prisma, now, new Date(now.getTime() - days * 86_400_000));
  let inserted = 0;
  for (let i = 0; i < bulk.length; i += CHUNK) {
    inserted += await insertRawReadings(prisma, bulk.slice(i, i + CHUNK));
  }
  // The engine evaluates each indicator's rules in observation order; keys make a re-seed a no-op.
  const live = await recordReadings(prisma, { readings: tail }, { now });
  inserted += live.accepted;
  return { inserted, generated: bulk.length + tail.length };
}
