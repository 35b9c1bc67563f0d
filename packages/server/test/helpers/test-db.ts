import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../../src/lib/db.js";
import { migrate, migrateTarget, pgliteSession } from "../../src/lib/migrations.js";

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database
 * on the PostgreSQL server in DATABASE_URL (dropped again by `close`). Migrated by the migrator
 * `npm start` uses (lib/migrations.ts), so the tests run the path users run.
 */
export async function createTestDatabase(options: { logQueries?: boolean } = {}): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const fresh = await createPostgresDatabase(url);
    await migrateTarget({ kind: "postgres", url: fresh.url });
    const db = openDatabase({ kind: "postgres", url: fresh.url }, options);
    return {
      ...db,
      async close() {
        await db.close();
        await fresh.drop();
      },
    };
  }
  const db = openDatabase({ kind: "pglite", dir: null }, options);
  await migrate(pgliteSession(db.pglite!));
  return db;
}

/** A new, empty database on the PostgreSQL server of `url`, and how to drop it again. */
export async function createPostgresDatabase(url: string, name = `cr_test_${randomBytes(6).toString("hex")}`) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const fresh = new URL(url);
  fresh.pathname = `/${name}`;
  return {
    name,
    url: fresh.toString(),
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
