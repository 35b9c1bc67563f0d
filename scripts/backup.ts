/**
 * `npm run backup [-- <file>]`: saves the database the environment names (the embedded one under
 * DATA_DIR, or DATABASE_URL's with pg_dump) to <file>, by default backups/controlroom-<time>.*
 * beside the data folder. Stop the server first when the database is the embedded one.
 */
import { targetFromEnv } from "../packages/server/src/lib/adapter";
import { backup, defaultBackupFile } from "../packages/server/src/lib/backup";

const target = targetFromEnv();
const file = process.argv[2] ?? defaultBackupFile(target);
try {
  const bytes = await backup(target, file);
  console.log(`Backed up the ${target.kind === "postgres" ? "PostgreSQL" : "embedded"} database to ${file} (${bytes} bytes).`);
} catch (error) {
  console.error(`Backup failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
