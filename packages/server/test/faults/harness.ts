import { seed } from "../../../../prisma/seed/seed.js";
import { openDatabase } from "../../src/lib/db.js";
import { migrateTarget } from "../../src/lib/migrations.js";
import { encodeGlobalID } from "../../src/modules/common/ids.js";
import { databaseEnv, gql, REPLICA, type ServerProcess, startServer } from "../helpers/processes.js";
import { createPostgresDatabase } from "../helpers/test-db.js";

/**
 * Issue 13, item 5: replicas (`npm run replica`) on one PostgreSQL database and one Redis, and
 * what happens when one of them, Redis or PostgreSQL dies. These need a real PostgreSQL
 * (DATABASE_URL) and Redis (REDIS_URL); `.ci/run` starts both.
 */
export const postgresUrl = process.env.DATABASE_URL && /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL) ? process.env.DATABASE_URL : null;
export const redisUrl = process.env.REDIS_URL ?? null;
export const faultsEnabled = !!postgresUrl && !!redisUrl;
export const SKIP_REASON = "needs DATABASE_URL (PostgreSQL) and REDIS_URL (Redis): set both, as .ci/run does, to run the fault tests";
if (!faultsEnabled) console.log(`Fault tests skipped: ${SKIP_REASON}.`);

export const SECRET = "fault-tests-secret-0123456789abcdef-0123456789";
export const PASSWORD = process.env.SEED_PASSWORD ?? "controlroom-dev";

/** What a fault test writes to: its own indicator with one WARNING rule, ABOVE 100, clearing at 90, firing on the first breach. */
export interface FaultFixture {
  url: string;
  processId: string;
  indicatorId: string;
  /** The indicator's global id, as clients send it. */
  indicatorGid: string;
  ruleId: string;
  drop(): Promise<void>;
}

/** A new database on the PostgreSQL server, migrated, seeded (one day of readings) and given the test's indicator. */
export async function prepareDatabase(name: string): Promise<FaultFixture> {
  const fresh = await createPostgresDatabase(postgresUrl!);
  return { ...(await fillDatabase(fresh.url, name)), drop: fresh.drop };
}

/** Migrates and seeds the database at `url` (one day of readings) and gives it the test's indicator. */
export async function fillDatabase(url: string, name: string): Promise<FaultFixture> {
  await migrateTarget({ kind: "postgres", url });
  const db = openDatabase({ kind: "postgres", url });
  try {
    await seed(db.prisma, { readingsDays: 1 });
    const process = await db.prisma.process.findFirstOrThrow({ orderBy: { code: "asc" } });
    const indicator = await db.prisma.indicator.create({
      data: { code: `FAULT-${name}`, name: `Fault test ${name}`, processId: process.id, kind: "EFFICIENCY", unit: "count", direction: "LOWER_IS_BETTER" },
    });
    const rule = await db.prisma.thresholdRule.create({
      data: { indicatorId: indicator.id, kind: "THRESHOLD", level: "WARNING", comparator: "ABOVE", value: 100, clearValue: 90, consecutive: 1 },
    });
    return { url, processId: process.id, indicatorId: indicator.id, indicatorGid: encodeGlobalID("Indicator", indicator.id), ruleId: rule.id, drop: async () => {} };
  } finally {
    await db.close();
  }
}

/** A replica as `npm run replica` starts it, on `databaseUrl` and `redis`. */
export function startReplica(databaseUrl: string, redis: string, extra: Record<string, string> = {}): Promise<ServerProcess> {
  const env = databaseEnv({ databaseUrl }, { JWT_SECRET: SECRET, RATE_LIMIT_PER_MINUTE: "1000000", DELIVERY_POLL_MS: "0", ...extra });
  return startServer({ ...env, REDIS_URL: redis }, 90_000, REPLICA);
}

/** A seeded person's access token (the process office records readings and sees every process). */
export async function signIn(port: number, email = "office@example.com"): Promise<string> {
  const body = await gql(port, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, { e: email, p: PASSWORD });
  if (!body.data) throw new Error(`sign-in failed: ${JSON.stringify(body.errors)}`);
  return body.data.login.accessToken;
}

export const RECORD = `mutation($r: [ReadingInput!]!) { recordReadings(input: { readings: $r }) { accepted duplicates alertEvents } }`;

/** Waits until `done()` holds, checking every 100 ms, for at most `ms`: a deadline, never an assertion on time. */
export async function until(done: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await done()) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
}
