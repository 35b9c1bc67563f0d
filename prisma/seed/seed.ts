/**
 * The seed of Control Room's database, taken from the head office's process management policy
 * (shared policy/outline.md). Deterministic (fixed-seed PRNG, every date derived from `now`) and
 * idempotent (upserts by natural keys, existence checks elsewhere): running it twice changes no
 * count. Used by `pnpm db:seed` (index.ts) and by the tests.
 */
import type { PrismaClient } from "../../packages/server/src/lib/db.js";
import { seedIndicators } from "./indicators.js";
import { seedInformation } from "./information.js";
import { seedMonitoring } from "./monitoring.js";
import { seedOrg } from "./org.js";
import { seedProcesses } from "./processes.js";
import { seedReadings } from "./readings.js";
import { seedRisks } from "./risks.js";
import { seedUsers } from "./users.js";

export interface SeedOptions {
  /** End of the readings window and anchor of every seeded date; default: this hour. */
  now?: Date;
  /** Password of every seeded user; default SEED_PASSWORD or "controlroom-dev". */
  password?: string;
  /** Days of readings per indicator; default 90. */
  readingsDays?: number;
}

export interface SeedCounts {
  units: number;
  users: number;
  processes: number;
  steps: number;
  informationRequirements: number;
  indicators: number;
  rules: number;
  readings: number;
  risks: number;
  assessments: number;
  responses: number;
  contingencyPlans: number;
  incidents: number;
  reviews: number;
  monitoringPlans: number;
  inspections: number;
  findings: number;
  evaluations: number;
  actions: number;
  informationRecords: number;
  feedback: number;
  notificationRoutes: number;
}

export interface SeedSummary {
  now: Date;
  /** Row counts of the seeded tables after the run. */
  counts: SeedCounts;
  /** Readings this run inserted (0 when the seed had already run for this `now`). */
  readingsInserted: number;
}

const HOUR = 3_600_000;

/** The current time rounded down to the hour. */
export function currentHour(): Date {
  return new Date(Math.floor(Date.now() / HOUR) * HOUR);
}

export async function seed(prisma: PrismaClient, options: SeedOptions = {}): Promise<SeedSummary> {
  const now = options.now ?? currentHour();
  const password = options.password ?? process.env.SEED_PASSWORD ?? "controlroom-dev";
  const readingsDays = options.readingsDays ?? 90;
  if (Number.isNaN(now.getTime())) throw new RangeError("seed: `now` is not a valid date");
  if (!Number.isInteger(readingsDays) || readingsDays < 1) {
    throw new RangeError(`seed: readingsDays must be a positive integer, got ${readingsDays}`);
  }

  const units = await seedOrg(prisma); // §1.2
  const users = await seedUsers(prisma, units, password); // §2
  const processes = await seedProcesses(prisma, units); // §3, §6.1.1
  const indicators = await seedIndicators(prisma, processes); // §4.1, §5.3.2
  const readings = await seedReadings(prisma, indicators, now, readingsDays); // §4.2.4
  await seedRisks(prisma, now, units, users, processes, indicators); // §5
  await seedMonitoring(prisma, now, units, users, processes); // §4.2-§4.4
  await seedInformation(prisma, units, users, processes); // §6, §2.4.3

  return { now, counts: await countRows(prisma), readingsInserted: readings.inserted };
}

export async function countRows(prisma: PrismaClient): Promise<SeedCounts> {
  const [
    units,
    users,
    processes,
    steps,
    informationRequirements,
    indicators,
    rules,
    readings,
    risks,
    assessments,
    responses,
    contingencyPlans,
    incidents,
    reviews,
    monitoringPlans,
    inspections,
    findings,
    evaluations,
    actions,
    informationRecords,
    feedback,
    notificationRoutes,
  ] = await Promise.all([
    prisma.orgUnit.count(),
    prisma.user.count(),
    prisma.process.count(),
    prisma.processStep.count(),
    prisma.informationRequirement.count(),
    prisma.indicator.count(),
    prisma.thresholdRule.count(),
    prisma.reading.count(),
    prisma.risk.count(),
    prisma.riskAssessment.count(),
    prisma.riskResponse.count(),
    prisma.contingencyPlan.count(),
    prisma.riskIncident.count(),
    prisma.postIncidentReview.count(),
    prisma.monitoringPlan.count(),
    prisma.inspection.count(),
    prisma.finding.count(),
    prisma.evaluation.count(),
    prisma.action.count(),
    prisma.informationRecord.count(),
    prisma.feedback.count(),
    prisma.notificationRoute.count(),
  ]);
  return {
    units,
    users,
    processes,
    steps,
    informationRequirements,
    indicators,
    rules,
    readings,
    risks,
    assessments,
    responses,
    contingencyPlans,
    incidents,
    reviews,
    monitoringPlans,
    inspections,
    findings,
    evaluations,
    actions,
    informationRecords,
    feedback,
    notificationRoutes,
  };
}
