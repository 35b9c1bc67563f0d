/**
 * `pnpm db:seed`: seeds the database named by the environment (PGlite under DATA_DIR, or the
 * PostgreSQL server in DATABASE_URL) with the policy's organisation, processes, indicators,
 * readings, risks, monitoring and evaluations.
 *
 * `npm start` runs it on every start, so a database that has been seeded before is left alone:
 * what people changed since (a renamed process, a new threshold) survives a restart.
 * `pnpm db:seed --force` re-applies the seed's definitions (it is idempotent: no duplicates).
 */
import { openDatabase } from "../../packages/server/src/lib/db.js";
import { seed } from "./seed.js";

const started = performance.now();
const db = openDatabase();
try {
  const seeded = await db.prisma.orgUnit.findUnique({ where: { code: "HO" }, select: { createdAt: true } });
  if (seeded && !process.argv.includes("--force")) {
    console.log(`Database already seeded (${seeded.createdAt.toISOString()}); leaving its data as it is. (pnpm db:seed --force re-applies the seed.)`);
  } else {
    await seedAndReport();
  }
} catch (error) {
  console.error("Seeding failed:", error);
  process.exitCode = 1;
} finally {
  await db.close();
}

async function seedAndReport() {
  const summary = await seed(db.prisma);
  const c = summary.counts;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Seeded ${db.target.kind} database up to ${summary.now.toISOString()} in ${seconds}s:`);
  console.log(`  ${c.units} units, ${c.users} users, ${c.processes} processes, ${c.steps} steps, ${c.informationRequirements} information requirements`);
  console.log(`  ${c.indicators} indicators, ${c.rules} rules, ${c.readings} readings (${summary.readingsInserted} new)`);
  console.log(`  ${c.risks} risks, ${c.assessments} assessments, ${c.responses} responses, ${c.contingencyPlans} contingency plans, ${c.incidents} incident(s)`);
  console.log(`  ${c.monitoringPlans} monitoring plans, ${c.inspections} inspections, ${c.findings} findings, ${c.evaluations} evaluations, ${c.actions} actions`);
  console.log(`  ${c.informationRecords} information records, ${c.feedback} feedback, ${c.notificationRoutes} notification routes`);
}
