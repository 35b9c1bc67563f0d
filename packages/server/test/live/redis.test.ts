import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { buildApp, type App } from "../../src/app.js";
import type { Database } from "../../src/lib/db.js";
import { createEventBus } from "../../src/lib/pubsub.js";
import { seed } from "../../../../prisma/seed/seed.js";
import { gql, REPLICA, type ServerProcess, startServer } from "../helpers/processes.js";
import { createTestDatabase } from "../helpers/test-db.js";

/**
 * Scale-out (design: "Scale-out"): an alert committed by one server process reaches a subscriber
 * of another through Redis. Needs a real PostgreSQL (DATABASE_URL) and Redis (REDIS_URL).
 */
const enabled = !!process.env.DATABASE_URL && !!process.env.REDIS_URL;
const SECRET = "redis-test-secret-redis-test-secret-0123456789";

let db: Database;
// The other process runs as `npm run replica` does, so its pid is the server's: stop() ends it.
// (Spawned through `npx tsx`, SIGTERM reached only npx; the server outlived the test, its pass
// failing on the dropped database, and vitest could not exit.)
let other: ServerProcess;
let otherPort: number;
let local: App;
let localPort: number;

describe.skipIf(!enabled)("§5.3.2 warnings across server processes through Redis", () => {
  beforeAll(async () => {
    db = await createTestDatabase();
    await seed(db.prisma, { readingsDays: 1 });
    const url = (db.target as { url: string }).url;
    other = await startServer({ ...process.env, DATABASE_URL: url, JWT_SECRET: SECRET, LOG_LEVEL: "warn" }, 120_000, REPLICA);
    otherPort = other.port;
    local = buildApp({ db, pubsub: createEventBus(process.env.REDIS_URL), secret: new TextEncoder().encode(SECRET), clientDir: null, checkIntervalMs: 0 });
    localPort = await local.start(0);
  }, 120_000);

  afterAll(async () => {
    await other?.stop();
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
