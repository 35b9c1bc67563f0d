#!/usr/bin/env node
/**
 * `npm run replica`: one more API server process on the database and event bus the environment
 * names (DATABASE_URL, REDIS_URL), listening on PORT. It installs, migrates, seeds and builds
 * nothing: the first server (`npm start`) did that. The server runs in this very process (tsx's
 * loader registered here), so its pid is the server's: a signal sent to it reaches the server.
 *
 *   DATABASE_URL=postgresql://… REDIS_URL=redis://… PORT=4001 npm run replica
 *
 * It refuses to start, with a sentence saying why, when:
 * - DATABASE_URL names no PostgreSQL server: an embedded database (PGlite) belongs to one process;
 * - REDIS_URL is unset: alerts committed on one replica would not reach another's subscribers;
 * - the database lacks a migration of this checkout: replicas never migrate (`npm start` does).
 */
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { register } from "tsx/esm/api";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function refuse(message) {
  console.error(`replica: ${message}`);
  process.exit(2);
}

const url = process.env.DATABASE_URL;
if (!url || !/^postgres(ql)?:\/\//.test(url)) {
  refuse("DATABASE_URL must name the PostgreSQL server the other replicas use; the embedded database (PGlite) cannot be shared between processes.");
}
if (!process.env.REDIS_URL) {
  refuse("REDIS_URL must name the Redis the other replicas use; without it, alerts committed on one replica never reach another's subscribers.");
}

const committed = readdirSync(join(root, "prisma", "migrations"), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
let applied;
try {
  await client.connect();
  const rows = await client.query("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL");
  applied = new Set(rows.rows.map((r) => r.migration_name));
} catch (error) {
  refuse(`cannot read the database's migrations (${error instanceof Error ? error.message : error}); start the first server with \`npm start\`, which migrates it.`);
} finally {
  await client.end().catch(() => {});
}
const missing = committed.filter((name) => !applied.has(name));
if (missing.length)
  refuse(`the database lacks ${missing.length} migration(s) of this checkout (${missing.join(", ")}); run \`npm start\` (or \`pnpm db:deploy\`) once: a replica never migrates.`);

if (!process.env.JWT_SECRET) {
  console.warn(
    "replica: JWT_SECRET is unset, so this replica signs with the key in DATA_DIR/jwt-secret; replicas on other machines must all be given the same JWT_SECRET, or a token signed by one is refused by the others.",
  );
}

register();
await import("../packages/server/src/index.ts");
