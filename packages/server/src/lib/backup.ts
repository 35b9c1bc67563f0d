/**
 * `npm run backup` / `npm run restore` (docs/operations.md, "Backups"). The embedded database
 * (PGlite) is saved whole as a tarball of its data folder (PGlite's `dumpDataDir`) and restored
 * by loading that tarball into a new folder (`loadDataDir`); the folder it replaces is kept aside,
 * never deleted. A PostgreSQL server (DATABASE_URL) is saved with `pg_dump --format=custom` and
 * restored in one transaction: the `public` schema is dropped and re-created, then the dump's
 * statements (`pg_restore --file=-`) run through `psql --single-transaction` (`pg_restore --clean`
 * cannot drop the monthly partitions' inherited keys). The embedded database belongs to
 * one process: both refuse while a server holds it open.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { DatabaseTarget } from "./adapter.js";
import { checkPglite } from "./migrations.js";

export class BackupError extends Error {}

const stamp = () => new Date().toISOString().replace(/[:.]/g, "-");

/** Where a backup goes when no file is named: `backups/` beside the data folder, named by the time. */
export function defaultBackupFile(target: DatabaseTarget): string {
  if (target.kind === "pglite") return join(dirname(target.dir ?? "."), "backups", `controlroom-${stamp()}.tar.gz`);
  return resolve("backups", `controlroom-${stamp()}.dump`);
}

/** The embedded database must not be open in another process (a running server): its files would be copied mid-write. */
function refuseIfOpen(dir: string) {
  if (existsSync(join(dir, "postmaster.pid"))) {
    throw new BackupError(
      `The embedded database in ${dir} is open (postmaster.pid): stop the server first (Ctrl-C), then run this again. If no server is running, it was not closed cleanly: start and stop it once (npm start, Ctrl-C) so it recovers.`,
    );
  }
}

/** Saves the database to `file`; returns its size in bytes. */
export async function backup(target: DatabaseTarget, file: string): Promise<number> {
  mkdirSync(dirname(resolve(file)), { recursive: true });
  if (target.kind === "postgres") {
    run("pg_dump", ["--format=custom", "--no-owner", `--file=${file}`, `--dbname=${target.url}`]);
    return readFileSync(file).length;
  }
  if (!target.dir || !existsSync(join(target.dir, "PG_VERSION"))) throw new BackupError(`There is no embedded database in ${target.dir} to back up.`);
  refuseIfOpen(target.dir);
  const db = await checkPglite(new PGlite(target.dir), target.dir);
  try {
    const tarball = await db.dumpDataDir("gzip");
    const bytes = Buffer.from(await tarball.arrayBuffer());
    writeFileSync(file, bytes);
    return bytes.length;
  } finally {
    await db.close();
  }
}

/** Replaces the database with the backup in `file`; for the embedded one, returns where the replaced folder was kept. */
export async function restore(target: DatabaseTarget, file: string): Promise<string | null> {
  if (!existsSync(file)) throw new BackupError(`No backup at ${file}.`);
  if (target.kind === "postgres") {
    const script = run("pg_restore", ["--no-owner", "--file=-", file]);
    run(
      "psql",
      ["--no-psqlrc", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1", `--dbname=${target.url}`],
      `DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n${script}`,
    );
    return null;
  }
  if (!target.dir) throw new BackupError("The embedded database has no folder to restore into.");
  let keptAside: string | null = null;
  if (existsSync(target.dir)) {
    refuseIfOpen(target.dir);
    keptAside = `${target.dir}.before-restore-${stamp()}`;
    renameSync(target.dir, keptAside);
  }
  mkdirSync(target.dir, { recursive: true });
  const db = new PGlite({ dataDir: target.dir, loadDataDir: new Blob([readFileSync(file)]) });
  try {
    await checkPglite(db, target.dir);
    await db.query("SELECT 1");
  } catch (error) {
    await db.close().catch(() => {});
    throw new BackupError(`${file} could not be loaded (${error instanceof Error ? error.message : error}); the previous database is still in ${keptAside}.`);
  }
  await db.close();
  return keptAside;
}

/** Runs a PostgreSQL client program; returns what it printed. */
function run(program: string, args: string[], input?: string): string {
  const result = spawnSync(program, args, { encoding: "utf8", input, maxBuffer: 1 << 30 });
  if (result.error) throw new BackupError(`${program} is not installed (apt-get install postgresql-client, the server's major version): ${result.error.message}`);
  if (result.status !== 0) throw new BackupError(`${program} failed: ${result.stderr.trim()}`);
  return result.stdout;
}
