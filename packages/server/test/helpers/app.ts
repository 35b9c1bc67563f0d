import { buildApp, type App } from "../../src/app.js";
import type { Database } from "../../src/lib/db.js";
import type { SignInThrottleRules } from "../../src/modules/access/throttle.js";
import { createEventBus } from "../../src/lib/pubsub.js";
import { seed } from "../../../../prisma/seed/seed.js";
import { createTestDatabase } from "./test-db.js";

export const PASSWORD = "controlroom-dev";
const SECRET = new TextEncoder().encode("test-secret-test-secret-test-secret-0123456789");

export interface TestApp {
  app: App;
  db: Database;
  /** Runs an operation through yoga.fetch (no port), as the given bearer token. */
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, any>; path?: string[] }[]; status: number }>;
  /** Signs in a seeded user and returns the access token (cached per email). */
  login(email: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A migrated, seeded database and the app on top of it, for integration tests through the
 * real HTTP handler. `readingsDays` keeps the seed small where a test needs no history.
 */
export async function createTestApp(
  options: {
    seed?: boolean;
    readingsDays?: number;
    ratePerMinute?: number;
    logQueries?: boolean;
    accessTokenSeconds?: number;
    trustProxy?: string;
    credentialRecheckMs?: number;
    signInThrottle?: SignInThrottleRules;
    deliveryPollMs?: number;
    deliveryRetryBaseMs?: number;
  } = {},
): Promise<TestApp> {
  const db = await createTestDatabase({ logQueries: options.logQueries });
  if (options.seed !== false) await seed(db.prisma, { readingsDays: options.readingsDays ?? 3, password: PASSWORD });
  const app = buildApp({
    db,
    pubsub: createEventBus(null as never),
    secret: SECRET,
    clientDir: null,
    ratePerMinute: options.ratePerMinute ?? 100_000,
    checkIntervalMs: 0,
    accessTokenSeconds: options.accessTokenSeconds,
    trustProxy: options.trustProxy ?? "",
    credentialRecheckMs: options.credentialRecheckMs ?? 0,
    signInThrottle: options.signInThrottle,
    deliveryPollMs: options.deliveryPollMs ?? 0,
    deliveryRetryBaseMs: options.deliveryRetryBaseMs,
  });
  const tokens = new Map<string, string>();
  const gql: TestApp["gql"] = async (query, variables, token) => {
    const res = await app.yoga.fetch("http://yoga/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: any; errors?: any[] };
    return { ...body, status: res.status };
  };
  return {
    app,
    db,
    gql,
    async login(email) {
      const cached = tokens.get(email);
      if (cached) return cached;
      const r = await gql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, { e: email, p: PASSWORD });
      if (!r.data?.login) throw new Error(`login ${email} failed: ${JSON.stringify(r.errors)}`);
      tokens.set(email, r.data.login.accessToken);
      return r.data.login.accessToken;
    },
    async close() {
      await app.stop();
      await db.close();
    },
  };
}
