/**
 * `npm run restore -- <file>`: replaces the database the environment names with the backup in
 * <file> (from `npm run backup`). The embedded database's current folder is kept aside
 * (`<folder>.before-restore-<time>`), never deleted. Stop the server first.
 */
import { targetFromEnv } from "../packages/server/src/lib/adapter";
import { restore } from "../packages/server/src/lib/backup";

const file = process.argv[2];
if (!file) {
  console.error("Usage: npm run restore -- <backup file>");
  process.exit(2);
}
const target = targetFromEnv();
try {
  const keptAside = await restore(target, file);
  console.log(`Restored ${file} into the ${target.kind === "postgres" ? "PostgreSQL" : "embedded"} database.${keptAside ? ` The previous one is kept in ${keptAside}.` : ""}`);
} catch (error) {
  console.error(`Restore failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
