/**
 * `pnpm db:deploy` (run by `npm start`): applies the committed migrations in-process, to PGlite
 * under DATA_DIR by default or to the PostgreSQL server in DATABASE_URL, through the one
 * migrator the tests and CI use (packages/server/src/lib/migrations.ts). No Prisma CLI process:
 * nothing holding the embedded database is ever killed, and the database is closed on every exit.
 * A damaged folder, a half-applied or an edited migration ends it with one paragraph saying what
 * to do, and a non-zero exit.
 */
import { targetFromEnv } from "../packages/server/src/lib/adapter";
import { migrateTarget, reportFailure } from "../packages/server/src/lib/migrations";

const target = targetFromEnv();
try {
  const { applied, unknown } = await migrateTarget(target, { log: (line) => console.log(line) });
  const where = target.kind === "postgres" ? "PostgreSQL database" : `embedded database (${target.dir})`;
  console.log(applied.length ? `Applied ${applied.length} migration(s) to the ${where}.` : `The ${where} is up to date: no pending migrations.`);
  if (unknown.length) console.warn(`Note: the database has migrations this checkout does not have (${unknown.join(", ")}); is this checkout older than the database?`);
} catch (error) {
  reportFailure("Migrating the database", error);
}
