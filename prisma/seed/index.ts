/**
 * `pnpm db:seed`: seeds the database named by the environment (PGlite under DATA_DIR, or the
 * PostgreSQL server in DATABASE_URL) with the policy's organisation, processes, indicators,
 * readings, risks, monitoring and evaluations.
 *
 * `npm start` runs it on every start, so a database that has been seeded before is left alone:
 * what people changed since (a renamed process, a new threshold) survives a restart.
 * `pnpm db:seed --force` re-applies the seed's definitions (it is idempotent: no duplicates).
 * `SEED_READINGS_DAYS` (default 90) sets the days of readings per indicator.
 *
 * The database is closed on every way out (done, error, SIGINT/SIGTERM/SIGHUP), so an embedded
 * database is never left half-written; a failure is one paragraph and a non-zero exit.
 */
import { openDatabase } from "../../packages/server/src/lib/db.js";
import { closeOnSignal } from "../../packages/server/src/lib/exit.js";
import { checkPglite, reportFailure } from "../../packages/server/src/lib/migrations.js";
import { seed } from "./seed.js";

const started = performance.now();
const readingsDays = process.env.SEED_READINGS_DAYS ? Number(process.env.SEED_READINGS_DAYS) : undefined;
const db = openDatabase();
const unregister = closeOnSignal(() => db.close());
try {
  if (db.pglite && db.target.kind === "pglite") await checkPglite(db.pglite, db.target.dir ?? "memory");
  const seeded = await db.prisma.orgUnit.findUnique({ where: { code: "HO" }, select: { createdAt: true } });
  if (seeded && !process.argv.includes("--force")) {
    console.log(`Database already seeded (${seeded.createdAt.toISOString()}); leaving its data as it is. (pnpm db:seed --force re-applies the seed.)`);
  } else {
    await seedAndReport();
  }
} catch (error) {
  reportFailure("Seeding", error);
} finally {
  // A database that failed to open fails again on close; the first report is the one that says why.
  await db.close().catch((error: unknown) => process.exitCode || reportFailure("Closing the database", error));
  unregister();
}

async function seedAndReport() {
  const summary = await seed(db.prisma, { readingsDays });
  const c = summary.counts;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Seeded ${db.target.kind} database up to ${summary.now.toISOString()} in ${seconds}s:`);
  console.log(`  ${c.units} units, ${c.users} users, ${c.processes} processes, ${c.steps} steps, ${c.informationRequirements} information requirements`);
  console.log(`  ${c.indicators} indicators, ${c.rules} rules, ${c.readings} readings (${summary.readingsInserted} new)`);
  console.log(`  ${c.risks} risks, ${c.assessments} assessments, ${c.responses} responses, ${c.contingencyPlans} contingency plans, ${c.incidents} incident(s)`);
  console.log(`  ${c.monitoringPlans} monitoring plans, ${c.inspections} inspections, ${c.findings} findings, ${c.evaluations} evaluations, ${c.actions} actions`);
  console.log(`  ${c.informationRecords} information records, ${c.feedback} feedback, ${c.notificationRoutes} notification routes`);
}
