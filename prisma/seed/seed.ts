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

/** Each seeded table's count, by the name the summary gives it. */
const COUNTS = {
  units: (p: PrismaClient) => p.orgUnit.count(),
  users: (p: PrismaClient) => p.user.count(),
  processes: (p: PrismaClient) => p.process.count(),
  steps: (p: PrismaClient) => p.processStep.count(),
  informationRequirements: (p: PrismaClient) => p.informationRequirement.count(),
  indicators: (p: PrismaClient) => p.indicator.count(),
  rules: (p: PrismaClient) => p.thresholdRule.count(),
  readings: (p: PrismaClient) => p.reading.count(),
  risks: (p: PrismaClient) => p.risk.count(),
  assessments: (p: PrismaClient) => p.riskAssessment.count(),
  responses: (p: PrismaClient) => p.riskResponse.count(),
  contingencyPlans: (p: PrismaClient) => p.contingencyPlan.count(),
  incidents: (p: PrismaClient) => p.riskIncident.count(),
  reviews: (p: PrismaClient) => p.postIncidentReview.count(),
  monitoringPlans: (p: PrismaClient) => p.monitoringPlan.count(),
  inspections: (p: PrismaClient) => p.inspection.count(),
  findings: (p: PrismaClient) => p.finding.count(),
  evaluations: (p: PrismaClient) => p.evaluation.count(),
  actions: (p: PrismaClient) => p.action.count(),
  informationRecords: (p: PrismaClient) => p.informationRecord.count(),
  feedback: (p: PrismaClient) => p.feedback.count(),
  notificationRoutes: (p: PrismaClient) => p.notificationRoute.count(),
} satisfies Record<string, (p: PrismaClient) => Promise<number>>;

export type SeedCounts = { [K in keyof typeof COUNTS]: number };

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
  const entries = await Promise.all(Object.entries(COUNTS).map(async ([name, count]) => [name, await count(prisma)] as const));
  return Object.fromEntries(entries) as SeedCounts;
}
