/**
 * Starts the real Control Room server for a test: a migrated, seeded in-memory database, the
 * built dashboard, graphql-ws and /graphql on a free port, with a temporary DATA_DIR. It can
 * be stopped and started again on the same port (the database stays), and a second replica
 * can share the database, as two servers behind a load balancer would.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../..");
export const CLIENT_DIR = join(ROOT, "packages/client");
export const CLIENT_DIST = join(CLIENT_DIR, "dist");
export const PASSWORD = "controlroom-dev";
const SECRET = new TextEncoder().encode("e2e-secret-e2e-secret-e2e-secret-0123456789");

/** Builds the dashboard when `dist/` is missing (or E2E_BUILD=1 asks for a fresh build). */
export function ensureClientBuilt(): void {
  if (existsSync(join(CLIENT_DIST, "index.html")) && process.env.E2E_BUILD !== "1") return;
  const vite = join(CLIENT_DIR, "node_modules/vite/bin/vite.js");
  // vitest sets NODE_ENV=test; the dashboard is tested as it ships, with production React.
  const r = spawnSync(process.execPath, [vite, "build"], { cwd: CLIENT_DIR, stdio: "inherit", timeout: 300_000, env: { ...process.env, NODE_ENV: "production" } });
  if (r.status !== 0) throw new Error(`vite build failed (${r.status ?? r.signal})`);
}

export interface RunningServer {
  url: string;
  port: number;
  /** pglite, or postgres when DATABASE_URL is set. */
  databaseKind: string;
  /** Stops the HTTP and WebSocket server; the database stays. */
  stop(): Promise<void>;
  /** Starts a new server instance on the same port and database. */
  restart(): Promise<void>;
  /** A second server on the same database (another port), e.g. to keep ingesting while this one is down. */
  replica(): Promise<{ url: string; stop(): Promise<void> }>;
  /** Stops everything and removes the temporary DATA_DIR. */
  close(): Promise<void>;
}

type AppModule = typeof import("../../../packages/server/src/app.js");

/**
 * Starts a seeded server; `readingsDays` keeps the seed small (default 14 days); `seedNow` ends
 * the seeded readings at that time (default: this hour); `clientDir` serves another build than
 * packages/client/dist (the dashboard benchmark builds its own); `accessTokenSeconds` shortens
 * the access tokens' life (default ACCESS_TOKEN_TTL or 15 minutes).
 */
export async function startServer(options: { readingsDays?: number; seedNow?: Date; clientDir?: string; accessTokenSeconds?: number } = {}): Promise<RunningServer> {
  if (!options.clientDir) ensureClientBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), "cr-e2e-"));
  process.env.DATA_DIR = dataDir;
  process.env.LOG_LEVEL ??= "warn";
  // Imported after DATA_DIR is set: the server reads its environment when its modules load.
  const { buildApp }: AppModule = await import("../../../packages/server/src/app.js");
  const { createEventBus } = await import("../../../packages/server/src/lib/pubsub.js");
  const { createTestDatabase } = await import("../../../packages/server/test/helpers/test-db.js");
  const { seed } = await import("../../../prisma/seed/seed.js");

  const db = await createTestDatabase();
  await seed(db.prisma, { readingsDays: options.readingsDays ?? 14, password: PASSWORD, now: options.seedNow });
  const make = () =>
    buildApp({
      db,
      pubsub: createEventBus(null as never),
      secret: SECRET,
      clientDir: options.clientDir ?? CLIENT_DIST,
      ratePerMinute: 1_000_000,
      accessTokenSeconds: options.accessTokenSeconds,
    });

  let app: ReturnType<typeof make> | null = make();
  const port = await app.start(0);
  const replicas: { stop(): Promise<void> }[] = [];
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    databaseKind: db.target.kind,
    async stop() {
      await app?.stop();
      app = null;
    },
    async restart() {
      if (app) await app.stop();
      app = make();
      await app.start(port);
    },
    async replica() {
      const r = make();
      const p = await r.start(0);
      const handle = { url: `http://127.0.0.1:${p}`, stop: () => r.stop() };
      replicas.push(handle);
      return handle;
    },
    async close() {
      for (const r of replicas) await r.stop().catch(() => {});
      await app?.stop().catch(() => {});
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
