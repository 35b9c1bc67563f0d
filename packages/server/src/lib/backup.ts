/**
 * `npm run backup` / `npm run restore` (docs/operations.md, "Backups"). The embedded database
 * (PGlite) is saved whole as a tarball of its data folder (PGlite's `dumpDataDir`) and restored
 * by loading that tarball into a new folder (`loadDataDir`); the folder it replaces is kept aside,
 * never deleted. A PostgreSQL server (DATABASE_URL) is saved with `pg_dump --format=custom` and
 * restored in one transaction: the `public` schema is dropped and re-created, then the dump's
 * statements (`pg_restore --file=-`) are piped, as they come, into `psql --single-transaction`
 * (`pg_restore --clean` cannot drop the monthly partitions' inherited keys); nothing holds the
 * whole script in memory, so a database larger than this process's memory restores too, and a
 * pg_restore that fails midway ends psql before its COMMIT. The embedded database belongs to
 * one process: both refuse while a server holds it open.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
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
    return statSync(file).size;
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
    await pipe(
      ["pg_restore", ["--no-owner", "--file=-", file]],
      ["psql", ["--no-psqlrc", "--quiet", "--single-transaction", "-v", "ON_ERROR_STOP=1", `--dbname=${target.url}`]],
      "DROP SCHEMA public CASCADE;\nCREATE SCHEMA public;\n",
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

const notInstalled = (program: string, error: Error) =>
  new BackupError(`${program} is not installed (apt-get install postgresql-client, the server's major version): ${error.message}`);

/** Runs a PostgreSQL client program whose output goes to a file. */
function run(program: string, args: string[]): void {
  const result = spawnSync(program, args, { encoding: "utf8" });
  if (result.error) throw notInstalled(program, result.error);
  if (result.status !== 0) throw new BackupError(`${program} failed: ${result.stderr.trim()}`);
}

type Command = [program: string, args: string[]];

/**
 * `source | sink`, with `prefix` written to the sink first. The sink's input is closed (so psql
 * reaches its COMMIT) only when the source ended well; otherwise the sink is killed, and its
 * transaction rolls back with it.
 */
function pipe(source: Command, sink: Command, prefix: string): Promise<void> {
  return new Promise((resolvePipe, reject) => {
    const from = spawn(source[0], source[1], { stdio: ["ignore", "pipe", "pipe"] });
    const to = spawn(sink[0], sink[1], { stdio: ["pipe", "ignore", "pipe"] });
    const errors = { [source[0]]: "", [sink[0]]: "" };
    const keep = (name: string) => (chunk: Buffer) => {
      errors[name] = (errors[name] + chunk.toString()).slice(-4000);
    };
    from.stderr.on("data", keep(source[0]));
    to.stderr.on("data", keep(sink[0]));
    let failure: BackupError | null = null;
    const fail = (error: BackupError) => {
      failure ??= error;
      from.kill("SIGKILL");
      to.kill("SIGKILL");
    };
    from.once("error", (e) => fail(notInstalled(source[0], e)));
    to.once("error", (e) => fail(notInstalled(sink[0], e)));
    // The sink may stop reading (psql ON_ERROR_STOP): its exit says why, not the broken pipe.
    to.stdin.on("error", () => {});
    to.stdin.write(prefix);
    from.stdout.pipe(to.stdin, { end: false });
    const sourceDone = new Promise<void>((done) =>
      from.once("close", (code, signal) => {
        if (code === 0) to.stdin.end();
        else fail(new BackupError(`${source[0]} failed: ${errors[source[0]].trim() || `exit ${code ?? signal}`}`));
        done();
      }),
    );
    to.once("close", async (code, signal) => {
      // A sink that stopped early would leave the source blocked on a full pipe: fail ends both.
      if (code !== 0) fail(new BackupError(`${sink[0]} failed: ${errors[sink[0]].trim() || `exit ${code ?? signal}`}`));
      await sourceDone;
      if (failure) reject(failure);
      else resolvePipe();
    });
  });
}
