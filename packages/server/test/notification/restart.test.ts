/**
 * §6.2.2 delivery that never loses a message: a server killed with SIGKILL while a delivery is
 * pending delivers it once after restart; two replicas on one PostgreSQL send each message once
 * (one sender per message: FOR UPDATE SKIP LOCKED). Real server processes, a real receiver.
 */
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
import { startWebhookReceiver, until } from "../helpers/receivers.js";

const postgresUrl = process.env.DATABASE_URL && /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL) ? process.env.DATABASE_URL : null;
const work = mkdtempSync(join(tmpdir(), "cr-notify-restart-"));
const SECRET = "notify-restart-secret-0123456789abcdefgh";
const FAST = { DELIVERY_POLL_MS: "100", DELIVERY_RETRY_BASE_MS: "200", CHECK_INTERVAL_MS: "0" };
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  rmSync(work, { recursive: true, force: true });
});

async function start(env: NodeJS.ProcessEnv) {
  const s = await startServer(env);
  servers.push(s);
  return s;
}

async function prepare(target: DatabaseTarget) {
  await migrateTarget(target);
  const db = openDatabase(target);
  try {
    await seed(db.prisma, { readingsDays: 1 });
  } finally {
    await db.close();
  }
}

async function login(port: number, email: string): Promise<string> {
  const r = await gql(port, `mutation($e: String!) { login(email: $e, password: "controlroom-dev") { accessToken } }`, { e: email });
  return (r.data as any).login.accessToken;
}

/** A webhook contact point and a policy sending every event of P-ADM to it at once. */
async function route(port: number, token: string, url: string): Promise<string> {
  const p = await gql(port, `{ process(code: "P-ADM") { id } }`, {}, token);
  const processId = (p.data as any).process.id;
  const cp = await gql(
    port,
    `mutation($u: String!) { createContactPoint(input: { name: "Receiver", kind: WEBHOOK, webhook: { url: $u, format: GENERIC } }) { id } }`,
    { u: url },
    token,
  );
  const pol = await gql(
    port,
    `mutation($c: ID!, $p: ID!) { createNotificationPolicy(input: { contactPointId: $c, matchers: { processIds: [$p] }, groupWaitSeconds: 0 }) { id } }`,
    { c: (cp.data as any).createContactPoint.id, p: processId },
    token,
  );
  expect(pol.errors).toBeUndefined();
  return processId;
}

/** A new indicator with a WARNING rule above 90, breached once: one FIRED event. */
async function breachNew(port: number, token: string, processId: string, code: string) {
  const ind = await gql(
    port,
    `mutation($p: ID!, $c: String!) { createIndicator(input: { processId: $p, code: $c, name: $c, unit: "%", kind: EFFICIENCY, direction: LOWER_IS_BETTER, target: 60 }) { id } }`,
    { p: processId, c: code },
    token,
  );
  const id = (ind.data as any).createIndicator.id;
  await gql(port, `mutation($i: ID!) { createThresholdRule(input: { indicatorId: $i, kind: THRESHOLD, level: WARNING, comparator: ABOVE, value: 90 }) { id } }`, { i: id }, token);
  const r = await gql(
    port,
    `mutation($i: ID!, $k: String!) { recordReadings(input: { readings: [{ indicatorId: $i, value: 97, key: $k }] }) { alertEvents } }`,
    { i: id, k: code },
    token,
  );
  expect((r.data as any).recordReadings.alertEvents).toBe(1);
}

const deliveryIds = (received: { headers: Record<string, unknown> }[]) => received.map((m) => String(m.headers["x-delivery-id"]));

describe("§6.2.2 a restart neither loses nor repeats a delivery", () => {
  it("failure pinned: a message pending when the server is killed with SIGKILL is lost — it is sent once after restart", async () => {
    const dataDir = join(work, "data");
    await prepare({ kind: "pglite", dir: join(dataDir, "pglite") });
    const env = databaseEnv({ dataDir }, { JWT_SECRET: SECRET, ...FAST });
    const hook = await startWebhookReceiver();
    try {
      hook.down = true;
      const first = await start(env);
      const office = await login(first.port, "office@example.com");
      const processId = await route(first.port, office, hook.url);
      await breachNew(first.port, office, processId, "KILL-1");
      await until(() => hook.refused >= 1, "a refused attempt while the receiver is down", 60_000);
      first.child.kill("SIGKILL");
      await new Promise<void>((r) => (first.child.exitCode !== null || first.child.signalCode !== null ? r() : first.child.once("exit", () => r())));
      expect(hook.received).toHaveLength(0);

      hook.down = false;
      const second = await start(env);
      await until(() => hook.received.length >= 1, "the delivery after restart", 60_000);
      const token = await login(second.port, "office@example.com");
      await until(
        async () => {
          const r = await gql(second.port, `{ notificationDeliveries(first: 10, filter: { status: [SENT] }) { totalCount } }`, {}, token);
          return (r.data as any).notificationDeliveries.totalCount === 1;
        },
        "the delivery marked SENT",
        60_000,
      );
      await new Promise((r) => setTimeout(r, 1000));
      expect(hook.received).toHaveLength(1);
      expect(JSON.parse(hook.received[0]!.body).event.type).toBe("FIRED");
      await second.stop();
    } finally {
      await hook.close();
    }
  }, 300_000);

  it.skipIf(!postgresUrl)(
    "failure pinned: two replicas on one database both send a message — each is sent once",
    async () => {
      const fresh = await createPostgresDatabase(postgresUrl!);
      const hook = await startWebhookReceiver();
      try {
        await prepare({ kind: "postgres", url: fresh.url });
        const env = databaseEnv({ databaseUrl: fresh.url }, { JWT_SECRET: SECRET, ...FAST, DELIVERY_POLL_MS: "50" });
        const [a, b] = await Promise.all([start(env), start(env)]);
        const office = await login(a.port, "office@example.com");
        const processId = await route(a.port, office, hook.url);
        const N = 8;
        for (let i = 0; i < N; i++) await breachNew(i % 2 ? b.port : a.port, office, processId, `REPLICA-${i}`);
        await until(() => hook.received.length >= N, `${N} deliveries`, 60_000);
        await new Promise((r) => setTimeout(r, 1000));
        expect(hook.received).toHaveLength(N);
        expect(new Set(deliveryIds(hook.received)).size).toBe(N);
        await Promise.all([a.stop(), b.stop()]);
      } finally {
        await hook.close();
        await fresh.drop();
      }
    },
    300_000,
  );
});
