import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { buildApp, type App } from "../../src/app.js";
import type { Database } from "../../src/lib/db.js";
import { createEventBus } from "../../src/lib/pubsub.js";
import { REPO_ROOT } from "../../src/lib/paths.js";
import { seed } from "../../../../prisma/seed/seed.js";
import { createTestDatabase } from "../helpers/test-db.js";

/**
 * Scale-out (design: "Scale-out"): an alert committed by one server process reaches a subscriber
 * of another through Redis. Needs a real PostgreSQL (DATABASE_URL) and Redis (REDIS_URL).
 */
const enabled = !!process.env.DATABASE_URL && !!process.env.REDIS_URL;
const SECRET = "redis-test-secret-redis-test-secret-0123456789";

let db: Database;
let other: ChildProcess;
let otherPort: number;
let local: App;
let localPort: number;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

async function gql(port: number, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data: any; errors?: unknown[] };
}

describe.skipIf(!enabled)("§5.3.2 warnings across server processes through Redis", () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    await seed(db.prisma, { readingsDays: 1 });
    otherPort = await freePort();
    const url = (db.target as { url: string }).url;
    other = spawn("npx", ["tsx", join(REPO_ROOT, "packages/server/src/index.ts")], {
      env: { ...process.env, DATABASE_URL: url, PORT: String(otherPort), JWT_SECRET: SECRET, LOG_LEVEL: "warn", CHECK_INTERVAL_MS: "0" },
      stdio: ["ignore", "inherit", "inherit"],
    });
    for (let i = 0; i < 120; i++) {
      const up = await fetch(`http://127.0.0.1:${otherPort}/health`)
        .then((r) => r.ok)
        .catch(() => false);
      if (up) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    local = buildApp({ db, pubsub: createEventBus(process.env.REDIS_URL), secret: new TextEncoder().encode(SECRET), clientDir: null, checkIntervalMs: 0 });
    localPort = await local.start(0);
  }, 120_000);

  afterAll(async () => {
    other?.kill("SIGTERM");
    await local?.stop();
    await db?.close();
  });

  it("a breach recorded on process A reaches a graphql-ws subscriber on process B", async () => {
    const login = await gql(otherPort, `mutation { login(email: "office@example.com", password: "controlroom-dev") { accessToken } }`);
    const token = login.data.login.accessToken;
    const received: string[] = [];
    const client = createClient({ url: `ws://127.0.0.1:${localPort}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0 });
    const dispose = client.subscribe<{ alertEvents: { id: string; type: string } }>(
      { query: `subscription { alertEvents { id type } }` },
      { next: (m) => m.data && received.push(m.data.alertEvents.type), error: () => {}, complete: () => {} },
    );
    await new Promise((r) => setTimeout(r, 500));
    const fin = await gql(otherPort, `{ process(code: "P-FIN") { indicators(first: 1) { edges { node { id rules { kind comparator value } } } } } }`, {}, token);
    const ind = fin.data.process.indicators.edges[0].node;
    const rule = ind.rules.find((r: { kind: string }) => r.kind === "THRESHOLD");
    const value = rule.comparator === "BELOW" ? rule.value - 1000 : rule.value + 1000;
    const r = await gql(
      otherPort,
      `mutation($i: ID!, $v: Float!) { recordReadings(input: { readings: [{ indicatorId: $i, value: $v }] }) { alertEvents } }`,
      { i: ind.id, v: value },
      token,
    );
    expect(r.data.recordReadings.alertEvents).toBeGreaterThan(0);
    for (let i = 0; i < 50 && received.length === 0; i++) await new Promise((res) => setTimeout(res, 100));
    expect(received.length).toBeGreaterThan(0);
    dispose();
    await client.dispose();
  });
});
