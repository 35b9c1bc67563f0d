import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/lib/db.js";
import { migrate, MigrationError, migrateTarget, migrationNames, pgliteSession, pgSession, type MigrationSession } from "../../src/lib/migrations.js";
import { MIGRATIONS_DIR, REPO_ROOT } from "../../src/lib/paths.js";
import { createPostgresDatabase, createTestDatabase } from "../helpers/test-db.js";
import { databaseEnv, runScript } from "../helpers/processes.js";

/**
 * The one migrator (lib/migrations.ts) of `npm start`, the tests and CI (issue 8, failure 1):
 * recorded as Prisma records migrations, so `prisma migrate status` agrees; each file whole in
 * its own transaction; once under concurrent starts; and a clear paragraph, never a stack
 * trace, for a damaged folder, a half-applied or an edited migration.
 */
const postgresUrl = process.env.DATABASE_URL && /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL) ? process.env.DATABASE_URL : null;
const work = mkdtempSync(join(tmpdir(), "cr-migrations-"));
/** An embedded database migrated by `pnpm db:deploy`'s migrator, closed; copied per test. */
const migratedDir = join(work, "migrated");

const fileChecksum = (name: string) =>
  createHash("sha256")
    .update(readFileSync(join(MIGRATIONS_DIR, name, "migration.sql")))
    .digest("hex");
const STACK_LINE = /^\s+at /m;

interface Row {
  migration_name: string;
  checksum: string;
  started_at: Date;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  logs: string | null;
  applied_steps_count: number;
}

beforeAll(async () => {
  await migrateTarget({ kind: "pglite", dir: join(migratedDir, "pglite") });
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("issue 8, failure 1: one migrator, recorded as Prisma records it", () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.close());

  it("records every committed migration once, with Prisma's checksum, steps, times and table", async () => {
    const rows = await db.prisma.$queryRawUnsafe<Row[]>(`SELECT * FROM _prisma_migrations ORDER BY started_at`);
    expect(rows.map((r) => r.migration_name)).toEqual(migrationNames());
    for (const row of rows) {
      expect(row.checksum).toBe(fileChecksum(row.migration_name));
      expect(row).toMatchObject({ applied_steps_count: 1, logs: null, rolled_back_at: null });
      expect(row.finished_at!.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
    }
    const columns = await db.prisma.$queryRawUnsafe<{ column_name: string; data_type: string; is_nullable: string }[]>(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    // The table as Prisma 6.19's schema engine creates it (checked against `prisma migrate deploy`).
    expect(columns.map((c) => `${c.column_name} ${c.data_type} ${c.is_nullable}`)).toEqual([
      "id character varying NO",
      "checksum character varying NO",
      "finished_at timestamp with time zone YES",
      "migration_name character varying NO",
      "logs text YES",
      "rolled_back_at timestamp with time zone YES",
      "started_at timestamp with time zone NO",
      "applied_steps_count integer NO",
    ]);
  });

  it("§6.4: the audit trigger's dollar-quoted function went in whole, with both triggers", async () => {
    const triggers = await db.prisma.$queryRawUnsafe<{ tgname: string }[]>(
      `SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal ORDER BY tgname`,
    );
    expect(triggers.map((t) => t.tgname)).toEqual(["audit_log_no_truncate", "audit_log_no_update_or_delete"]);
    const [fn] = await db.prisma.$queryRawUnsafe<{ prosrc: string }[]>(`SELECT prosrc FROM pg_proc WHERE proname = 'audit_log_append_only'`);
    expect(fn!.prosrc).toMatch(/RAISE EXCEPTION 'audit_log is append-only: % is not allowed'.*;\s*END;/s);
  });

  it("`prisma migrate status` agrees: the database is up to date", async () => {
    const env = postgresUrl ? databaseEnv({ databaseUrl: (db.target as { url: string }).url }) : databaseEnv({ dataDir: join(work, "status") });
    if (!postgresUrl) cpSync(migratedDir, join(work, "status"), { recursive: true });
    const output = await prismaStatus(env);
    expect(output).toContain(`${migrationNames().length} migrations found in prisma/migrations`);
    expect(output).toContain("Database schema is up to date!");
  }, 120_000);
});

describe("issue 8, failure 1: each migration whole, in its own transaction", () => {
  const dir = join(work, "synthetic");
  const write = (name: string, sql: string) => {
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(join(dir, name, "migration.sql"), sql);
  };

  it.each(postgresUrl ? ["pglite", "postgres"] : ["pglite"])("a failing migration is rolled back and recorded; fixed, it applies (%s)", async (kind) => {
    rmSync(dir, { recursive: true, force: true });
    write("20200101000000_a", `CREATE TABLE a (x int);\nCREATE FUNCTION a_f() RETURNS trigger AS $$\nBEGIN\n  RETURN NEW;\nEND;\n$$ LANGUAGE plpgsql;\n`);
    write("20200102000000_b", `CREATE TABLE b (x int);\nSELECT 1/0;\n`);
    await withSession(kind, async (session) => {
      const failure = await migrate(session, { dir }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(MigrationError);
      expect((failure as MigrationError).reason).toBe("failed");
      expect((failure as MigrationError).message).toMatch(/20200102000000_b failed: .*division by zero.*rolled back/);
      const tables = await session.query<{ a: string | null; b: string | null }>(`SELECT to_regclass('a')::text AS a, to_regclass('b')::text AS b`);
      expect(tables[0]).toEqual({ a: "a", b: null });
      const rows = await session.query<Row>(`SELECT * FROM _prisma_migrations ORDER BY started_at`);
      expect(rows.map((r) => [r.migration_name, !!r.finished_at, !!r.rolled_back_at])).toEqual([
        ["20200101000000_a", true, false],
        ["20200102000000_b", false, true],
      ]);
      expect(rows[1]!.logs).toMatch(/division by zero/);

      write("20200102000000_b", `CREATE TABLE b (x int);\n`);
      expect((await migrate(session, { dir })).applied).toEqual(["20200102000000_b"]);
      expect((await migrate(session, { dir })).applied).toEqual([]);
    });
  });
});

describe("issue 8, failure 1: a clear paragraph and a non-zero exit, never a stack trace", () => {
  const copy = (name: string) => {
    const dir = join(work, name);
    cpSync(migratedDir, dir, { recursive: true });
    return dir;
  };
  const edit = async (dataDir: string, sql: string) => {
    const db = new PGlite(join(dataDir, "pglite"));
    await db.exec(sql);
    await db.close();
  };

  it("a damaged data folder (PGlite cannot open it): restore the backup or move the folder away", async () => {
    const dataDir = copy("damaged");
    rmSync(join(dataDir, "pglite", "global", "pg_control"));
    for (const script of ["scripts/db-deploy.ts", "prisma/seed/index.ts"]) {
      const run = await runScript(script, databaseEnv({ dataDir }));
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toMatch(/could not be opened \(RuntimeError: Aborted\(\)/);
      expect(run.stderr).toMatch(/Restore the folder from your backup, or move it away/);
      expect(run.stderr).not.toMatch(STACK_LINE);
    }
  }, 120_000);

  it("a migration that failed half-way (finished_at NULL): nothing more is applied, says what to do", async () => {
    const dataDir = copy("half");
    await edit(dataDir, `UPDATE _prisma_migrations SET finished_at = NULL, logs = 'killed' WHERE migration_name = '${migrationNames().at(-1)}'`);
    const run = await runScript("scripts/db-deploy.ts", databaseEnv({ dataDir }));
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`Migration ${migrationNames().at(-1)} was started on .* and never finished \\(killed\\)`));
    expect(run.stderr).toMatch(/Restore the database from your backup/);
    expect(run.stderr).not.toMatch(STACK_LINE);
  }, 120_000);

  it("a committed migration whose checksum differs from the applied one: restore the file", async () => {
    const dataDir = copy("edited");
    const first = migrationNames()[0]!;
    await edit(dataDir, `UPDATE _prisma_migrations SET checksum = repeat('0', 64) WHERE migration_name = '${first}'`);
    const run = await runScript("scripts/db-deploy.ts", databaseEnv({ dataDir }));
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`Migration ${first} was applied .* has changed since .*must never be edited`));
    expect(run.stderr).not.toMatch(STACK_LINE);
  }, 120_000);
});

describe.skipIf(!postgresUrl)("issue 8, failure 1: several servers starting at once on one PostgreSQL database", () => {
  it("four concurrent `pnpm db:deploy` apply each migration once (Prisma's advisory lock)", async () => {
    const fresh = await createPostgresDatabase(postgresUrl!);
    try {
      const runs = await Promise.all([1, 2, 3, 4].map(() => runScript("scripts/db-deploy.ts", databaseEnv({ databaseUrl: fresh.url }))));
      for (const run of runs) expect(run.code, run.stderr).toBe(0);
      expect(runs.flatMap((r) => r.stdout.match(/^Applying migration \S+/gm) ?? []).sort()).toEqual(migrationNames().map((n) => `Applying migration ${n}`));
      const client = new pg.Client({ connectionString: fresh.url });
      await client.connect();
      const rows = (await client.query<Row>(`SELECT * FROM _prisma_migrations`)).rows;
      await client.end();
      expect(rows.map((r) => r.migration_name).sort()).toEqual(migrationNames());
      expect(rows.every((r) => r.finished_at && !r.rolled_back_at)).toBe(true);
    } finally {
      await fresh.drop();
    }
  }, 180_000);
});

/** A fresh database of the kind: in-memory PGlite, or a new database on the PostgreSQL server. */
async function withSession(kind: string, use: (session: MigrationSession) => Promise<void>) {
  if (kind === "pglite") {
    const db = new PGlite();
    try {
      await use(pgliteSession(db));
    } finally {
      await db.close();
    }
    return;
  }
  const fresh = await createPostgresDatabase(postgresUrl!);
  const client = new pg.Client({ connectionString: fresh.url });
  await client.connect();
  try {
    await use(pgSession(client));
  } finally {
    await client.end();
    await fresh.drop();
  }
}

/**
 * `prisma migrate status`, the CLI as people run it. On PGlite the 6.19 CLI prints its answer
 * but does not always exit, so it is ended once the answer is out (it only read the database).
 */
function prismaStatus(env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(REPO_ROOT, "node_modules", ".bin", "prisma"), ["migrate", "status"], {
      cwd: REPO_ROOT,
      env: { ...env, CHECKPOINT_DISABLE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const done = () => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      resolve(output);
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`prisma migrate status gave no answer within 100 s:\n${output}`));
    }, 100_000);
    const collect = (chunk: Buffer) => {
      output += chunk;
      if (/Database schema is up to date!|have not yet been applied|failed|Error/.test(output)) setTimeout(done, 200);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("close", done);
  });
}
