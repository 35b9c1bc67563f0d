import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seed } from "../../../../prisma/seed/seed.js";
import type { DatabaseTarget } from "../../src/lib/adapter.js";
import { openDatabase } from "../../src/lib/db.js";
import { migrateTarget } from "../../src/lib/migrations.js";
import { createPostgresDatabase } from "../helpers/test-db.js";
import { databaseEnv, gql, startServer, type ServerProcess } from "../helpers/processes.js";

/**
 * §4.2.4 readings are kept (issue 8, "Done when"): a server process killed with SIGKILL in the
 * middle of an ingest stream restarts on the same database with every reading it acknowledged.
 * On the embedded database (its own DATA_DIR) and, when DATABASE_URL is set, on PostgreSQL.
 */
const postgresUrl = process.env.DATABASE_URL && /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL) ? process.env.DATABASE_URL : null;
const work = mkdtempSync(join(tmpdir(), "cr-kill-ingest-"));
const SECRET = "kill-during-ingest-secret-0123456789abcdef";
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  rmSync(work, { recursive: true, force: true });
});

/** Batches of this many readings, sent by two streams at once; the kill comes after KILL_AFTER acknowledged batches. */
const BATCH = 25;
const KILL_AFTER = 12;

describe("the server killed with SIGKILL during ingest restarts with every acknowledged reading", () => {
  it.each(postgresUrl ? ["pglite", "postgres"] : ["pglite"])(
    "on %s",
    async (kind) => {
      const { target, env, drop } = await prepare(kind);
      try {
        const first = await start(env);
        const token = await ingestToken(first.port);
        const indicators = token.indicatorIds;

        // Two streams of batches with unique keys; the kill lands while both are in flight.
        const acknowledged: string[] = [];
        let batches = 0;
        let killed = false;
        const stream = async (name: string) => {
          for (let n = 0; !killed; n++) {
            const readings = Array.from({ length: BATCH }, (_, i) => ({
              indicatorId: indicators[i % indicators.length],
              value: 50 + (i % 7),
              observedAt: new Date(Date.now() - 60_000 + i).toISOString(),
              key: `kill-${name}-${n}-${i}`,
            }));
            const body = await gql(
              first.port,
              `mutation($r: [ReadingInput!]!) { recordReadings(input: { readings: $r }) { accepted duplicates } }`,
              { r: readings },
              token.secret,
            ).catch(() => null);
            if (!body?.data) return; // the server is gone: this batch was never acknowledged
            expect(body.data.recordReadings.accepted).toBe(BATCH);
            acknowledged.push(...readings.map((r) => r.key));
            if (++batches === KILL_AFTER) {
              killed = true;
              first.child.kill("SIGKILL");
            }
          }
        };
        await Promise.all([stream("a"), stream("b")]);
        await new Promise<void>((resolve) => (first.child.exitCode !== null || first.child.signalCode !== null ? resolve() : first.child.once("exit", () => resolve())));
        expect(first.child.signalCode).toBe("SIGKILL");
        expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER * BATCH);

        // The restarted server answers, and takes a resent acknowledged batch as all duplicates.
        const second = await start(env);
        const resent = acknowledged.slice(0, BATCH).map((key, i) => ({ indicatorId: indicators[i % indicators.length], value: 1, key }));
        const again = await gql(second.port, `mutation($r: [ReadingInput!]!) { recordReadings(input: { readings: $r }) { accepted duplicates } }`, { r: resent }, token.secret);
        expect(again.data?.recordReadings).toEqual({ accepted: 0, duplicates: BATCH });
        expect(await second.stop()).not.toBeNull();

        // Every acknowledged key is stored, read straight from the database the server left.
        const db = openDatabase(target);
        try {
          const rows = await db.prisma.reading.findMany({ where: { key: { startsWith: "kill-" } }, select: { key: true } });
          const stored = new Set(rows.map((r) => r.key));
          expect(acknowledged.filter((key) => !stored.has(key))).toEqual([]);
        } finally {
          await db.close();
        }
      } finally {
        await drop();
      }
    },
    300_000,
  );
});

async function start(env: NodeJS.ProcessEnv) {
  const server = await startServer(env);
  servers.push(server);
  return server;
}

/** A migrated, seeded database of the kind, and the environment of a server on it. */
async function prepare(kind: string): Promise<{ target: DatabaseTarget; env: NodeJS.ProcessEnv; drop(): Promise<void> }> {
  let target: DatabaseTarget;
  let env: NodeJS.ProcessEnv;
  let drop = async () => {};
  if (kind === "pglite") {
    const dataDir = join(work, "data");
    target = { kind: "pglite", dir: join(dataDir, "pglite") };
    env = databaseEnv({ dataDir }, { JWT_SECRET: SECRET });
  } else {
    const fresh = await createPostgresDatabase(postgresUrl!);
    target = { kind: "postgres", url: fresh.url };
    env = databaseEnv({ databaseUrl: fresh.url }, { JWT_SECRET: SECRET });
    drop = fresh.drop;
  }
  await migrateTarget(target);
  const db = openDatabase(target);
  try {
    await seed(db.prisma, { readingsDays: 1 });
  } finally {
    await db.close();
  }
  return { target, env, drop };
}

/** An INGEST token for a few seeded indicators, created by the seeded admin (§6.2). */
async function ingestToken(port: number) {
  const login = await gql(port, `mutation { login(email: "admin@example.com", password: "controlroom-dev") { accessToken } }`);
  const admin = login.data.login.accessToken;
  const list = await gql(port, `{ indicators(first: 5) { edges { node { id } } } }`, {}, admin);
  const indicatorIds: string[] = list.data.indicators.edges.map((e: { node: { id: string } }) => e.node.id);
  const created = await gql(
    port,
    `mutation($ids: [ID!]) { createApiToken(input: { name: "Kill test feed", kind: INGEST, indicatorIds: $ids }) { token } }`,
    { ids: indicatorIds },
    admin,
  );
  return { secret: created.data.createApiToken.token as string, indicatorIds };
}
