import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { DatabaseTarget } from "./adapter.js";
import { MIGRATIONS_DIR } from "./paths.js";

/** Names of the committed migrations, in the order Prisma applies them. */
export function migrationNames(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((name) => statSync(join(MIGRATIONS_DIR, name)).isDirectory())
    .sort();
}

/** The SQL of every committed migration, in order. */
export function migrationSql(): string[] {
  return migrationNames().map((name) => readFileSync(join(MIGRATIONS_DIR, name, "migration.sql"), "utf8"));
}

const APPLIED_SQL = `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;

/** Committed migrations that the target database has not applied yet. */
export async function pendingMigrations(target: DatabaseTarget): Promise<string[]> {
  const applied = new Set<string>();
  const collect = (rows: { migration_name: string }[]) => rows.forEach((r) => applied.add(r.migration_name));
  if (target.kind === "postgres") {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      const exists = await client.query(`SELECT to_regclass('_prisma_migrations') AS t`);
      if (exists.rows[0].t) collect((await client.query(APPLIED_SQL)).rows);
    } finally {
      await client.end();
    }
  } else {
    // A database that does not exist yet has applied nothing; the Prisma CLI creates it.
    if (!target.dir || !existsSync(join(target.dir, "PG_VERSION"))) return migrationNames();
    const db = new PGlite(target.dir);
    try {
      const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('_prisma_migrations')::text AS t`);
      if (exists.rows[0].t) collect((await db.query<{ migration_name: string }>(APPLIED_SQL)).rows);
    } finally {
      await db.close();
    }
  }
  return migrationNames().filter((name) => !applied.has(name));
}
