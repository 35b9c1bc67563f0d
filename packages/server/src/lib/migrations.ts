import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { DatabaseTarget } from "./adapter.js";
import { closeOnSignal } from "./exit.js";
import { MIGRATIONS_DIR } from "./paths.js";

/**
 * The migrator of both databases, in-process: `pnpm db:deploy` (so `npm start`), the tests and
 * CI all apply the committed `prisma/migrations/<name>/migration.sql` files through it.
 *
 * It replaces `prisma migrate deploy`, which through the driver adapter splits a dollar-quoted
 * function body at its semicolons (PostgreSQL) and, on PGlite, is a second process holding the
 * database files that does not always exit (docs/operations.md, "Migrations"). Each file is sent
 * whole, in its own transaction, and recorded in `_prisma_migrations` as Prisma records it, so
 * `prisma migrate status` and `prisma migrate deploy` keep agreeing with it. Prisma's own
 * advisory lock key makes concurrent migrators (several servers starting at once, or the Prisma
 * CLI) wait for each other, so each migration is applied once.
 */

/** Prisma's advisory lock key for migrations (schema engine, PostgreSQL flavour). */
const PRISMA_LOCK_KEY = 72707369;

/** `_prisma_migrations` exactly as Prisma's schema engine creates it. */
const PRISMA_MIGRATIONS_DDL = `CREATE TABLE "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** One committed migration. */
export interface Migration {
  name: string;
  sql: string;
  /** Prisma's checksum: the SHA-256 of the file's bytes, in lowercase hex. */
  checksum: string;
}

/** Names of the committed migrations, in the order Prisma applies them. */
export function migrationNames(dir = MIGRATIONS_DIR): string[] {
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort();
}

/** The committed migrations, in order. */
export function committedMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return migrationNames(dir).map((name) => {
    const bytes = readFileSync(join(dir, name, "migration.sql"));
    return { name, sql: bytes.toString("utf8"), checksum: createHash("sha256").update(bytes).digest("hex") };
  });
}

/**
 * Why the database cannot be brought up to date. `message` is one paragraph for a person: what
 * happened and what to do. Start scripts print it, without a stack trace, and exit non-zero.
 */
export class MigrationError extends Error {
  constructor(
    readonly reason: "damaged" | "half-applied" | "edited" | "failed",
    message: string,
  ) {
    super(message);
    this.name = "MigrationError";
  }
}

/**
 * Reports why a start script failed and sets a non-zero exit code: a MigrationError's paragraph
 * as it is, anything else as one line; never a stack trace (LOG_LEVEL=debug adds it).
 */
export function reportFailure(what: string, error: unknown): void {
  console.error(error instanceof MigrationError ? error.message : `${what} failed: ${describe(error)}`);
  if (process.env.LOG_LEVEL === "debug") console.error(error);
  process.exitCode = 1;
}

/** One database session: parameterised queries, and whole scripts sent as they are. */
export interface MigrationSession {
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of many statements in one round trip (simple query protocol), unsplit. */
  exec(sql: string): Promise<void>;
}

/** A session over an open PGlite instance. */
export function pgliteSession(db: PGlite): MigrationSession {
  return {
    query: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
    exec: async (sql) => void (await db.exec(sql)),
  };
}

/** A session over a connected `pg` client. */
export function pgSession(client: pg.Client): MigrationSession {
  return {
    query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
    // Without parameters pg uses the simple query protocol: the script goes to the server whole.
    exec: async (sql) => void (await client.query(sql)),
  };
}

/**
 * Opens the embedded database in `dir` (creating it when new); see `checkPglite`.
 */
export async function openPglite(dir: string): Promise<PGlite> {
  mkdirSync(dir, { recursive: true });
  const fresh = !existsSync(join(dir, "PG_VERSION"));
  return checkPglite(new PGlite(dir), dir, fresh);
}

/**
 * Waits until an embedded database is ready. A folder PGlite cannot open (for instance
 * `RuntimeError: Aborted()` after a process was killed while writing it) becomes a
 * MigrationError saying what to do.
 */
export async function checkPglite(db: PGlite, dir: string, fresh = false): Promise<PGlite> {
  try {
    await db.waitReady;
    await db.query("SELECT 1");
    return db;
  } catch (error) {
    throw new MigrationError(
      "damaged",
      `The embedded database in ${dir} could not be ${fresh ? "created" : "opened"} (${describe(error)}). ` +
        `Its files are probably damaged, for instance by a process that was killed while writing them. ` +
        `Restore the folder from your backup, or move it away (mv ${dir} ${dir}.damaged) and start again ` +
        `to get a new database with the seed data.`,
    );
  }
}

interface MigrationRow {
  id: string;
  migration_name: string;
  checksum: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
}

const ROWS_SQL = `SELECT id, migration_name, checksum, started_at, finished_at, rolled_back_at, logs
  FROM "_prisma_migrations" ORDER BY started_at`;

async function hasMigrationsTable(session: MigrationSession): Promise<boolean> {
  const [row] = await session.query<{ t: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS t`);
  return !!row?.t;
}

/** What `migrate` did. */
export interface MigrateResult {
  /** Migrations applied by this call, in order. */
  applied: string[];
  /** Migrations the database has applied that are not committed here (a newer checkout's). */
  unknown: string[];
}

/**
 * Brings the database behind `session` up to date with the committed migrations (see the top of
 * this file). Throws a MigrationError when a migration failed half-way before, an applied one was
 * edited since, or one fails now (its transaction is rolled back and the attempt recorded).
 */
export async function migrate(session: MigrationSession, options: { dir?: string; log?: (line: string) => void } = {}): Promise<MigrateResult> {
  const committed = committedMigrations(options.dir);
  await session.query(`SELECT pg_advisory_lock(${PRISMA_LOCK_KEY})`);
  try {
    if (!(await hasMigrationsTable(session))) await session.exec(PRISMA_MIGRATIONS_DDL);
    const rows = await session.query<MigrationRow>(ROWS_SQL);
    checkHistory(rows, committed);
    const done = new Set(rows.filter((r) => r.finished_at && !r.rolled_back_at).map((r) => r.migration_name));
    const applied: string[] = [];
    for (const migration of committed) {
      if (done.has(migration.name)) continue;
      options.log?.(`Applying migration ${migration.name}`);
      await applyOne(session, migration);
      applied.push(migration.name);
    }
    const names = new Set(committed.map((m) => m.name));
    return { applied, unknown: [...done].filter((name) => !names.has(name)) };
  } finally {
    // Also released when the session ends; a failure here must not hide the one that matters.
    await session.query(`SELECT pg_advisory_unlock(${PRISMA_LOCK_KEY})`).catch(() => {});
  }
}

/** Refuses a history with a migration that never finished, or an applied one edited since. */
function checkHistory(rows: MigrationRow[], committed: Migration[]) {
  const unfinished = rows.find((r) => !r.finished_at && !r.rolled_back_at);
  if (unfinished) {
    throw new MigrationError(
      "half-applied",
      `Migration ${unfinished.migration_name} was started on ${unfinished.started_at.toISOString()} and never finished` +
        `${unfinished.logs ? ` (${firstLine(unfinished.logs)})` : ""}, so the database may be half-migrated and nothing more is applied to it. ` +
        `Restore the database from your backup (for the embedded database: restore or move away its folder under DATA_DIR, ` +
        `and a new one is created and seeded at the next start). If you have checked that none of the migration is in the database, ` +
        `mark it rolled back with \`npx prisma migrate resolve --rolled-back ${unfinished.migration_name}\` and start again.`,
    );
  }
  const byName = new Map(committed.map((m) => [m.name, m]));
  for (const row of rows) {
    const file = byName.get(row.migration_name);
    if (!row.finished_at || row.rolled_back_at || !file || file.checksum === row.checksum) continue;
    throw new MigrationError(
      "edited",
      `Migration ${row.migration_name} was applied to this database on ${row.finished_at.toISOString()}, but the committed ` +
        `prisma/migrations/${row.migration_name}/migration.sql has changed since (checksum ${file.checksum}, applied ${row.checksum}). ` +
        `An applied migration must never be edited: restore the file as it was (git log -p -- prisma/migrations/${row.migration_name}) ` +
        `and put the change in a new migration with \`pnpm db:migration <name>\`; if the database itself is wrong, restore it from your backup.`,
    );
  }
}

/** Applies one migration in its own transaction, recorded as Prisma records it. */
async function applyOne(session: MigrationSession, migration: Migration) {
  const id = randomUUID();
  await session.exec("BEGIN");
  try {
    // started_at is the transaction's start (now()), finished_at the moment the script ended.
    await session.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`, [
      id,
      migration.checksum,
      migration.name,
    ]);
    await session.exec(migration.sql);
    await session.query(`UPDATE "_prisma_migrations" SET applied_steps_count = 1, finished_at = clock_timestamp() WHERE id = $1`, [id]);
    await session.exec("COMMIT");
  } catch (error) {
    await session.exec("ROLLBACK").catch(() => {});
    // Recorded as Prisma records a failure that was then rolled back: it stays pending.
    await session
      .query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, rolled_back_at, logs, applied_steps_count) VALUES ($1, $2, $3, now(), now(), $4, 0)`, [
        randomUUID(),
        migration.checksum,
        migration.name,
        describe(error),
      ])
      .catch(() => {});
    throw new MigrationError(
      "failed",
      `Migration ${migration.name} failed: ${describe(error)}. Its transaction was rolled back, so none of it is in the database ` +
        `and the migrations before it are intact. Fix prisma/migrations/${migration.name}/migration.sql if it has not been applied ` +
        `anywhere yet (or the database, if the error says what is in the way), then start again.`,
    );
  }
}

/**
 * Runs `work` on one session of the target. With PGlite the database is closed however this
 * ends, so no process is left holding its files.
 */
async function withSession<T>(target: DatabaseTarget, work: (session: MigrationSession) => Promise<T>): Promise<T> {
  if (target.kind === "postgres") {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      return await work(pgSession(client));
    } finally {
      await client.end();
    }
  }
  const db = target.dir ? await openPglite(target.dir) : new PGlite();
  const close = async () => {
    if (!db.closed) await db.close();
  };
  const unregister = closeOnSignal(close);
  try {
    return await work(pgliteSession(db));
  } finally {
    await close();
    unregister();
  }
}

/** Opens the target, brings it up to date (`migrate`), closes it. */
export function migrateTarget(target: DatabaseTarget, options: { dir?: string; log?: (line: string) => void } = {}): Promise<MigrateResult> {
  return withSession(target, (session) => migrate(session, options));
}

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name === "Error" ? "" : `${error.name}: `}${error.message}` : String(error);
  return firstLine(text);
}

function firstLine(text: string): string {
  return text.split("\n")[0]!.trim();
}
