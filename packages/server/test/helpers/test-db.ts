import { randomBytes } from "node:crypto";
import pg from "pg";
import { openDatabase, type Database } from "../../src/lib/db.js";
import { migrationSql } from "../../src/lib/migrations.js";

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or a new database
 * on the PostgreSQL server in DATABASE_URL (dropped again by `close`). Same migrations, same SQL.
 */
export async function createTestDatabase(options: { logQueries?: boolean } = {}): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    const name = `cr_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const testUrl = new URL(url);
    testUrl.pathname = `/${name}`;
    const client = new pg.Client({ connectionString: testUrl.toString() });
    await client.connect();
    for (const sql of migrationSql()) await client.query(sql);
    await client.end();
    const db = openDatabase({ kind: "postgres", url: testUrl.toString() }, options);
    return {
      ...db,
      async close() {
        await db.close();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
  const db = openDatabase({ kind: "pglite", dir: null }, options);
  for (const sql of migrationSql()) await db.pglite!.exec(sql);
  return db;
}
