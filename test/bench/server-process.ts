/**
 * A server of the live benchmarks in its own process (forked by harness.ts ServerProcess), so that
 * each server has its own event loop and heap: the Control Room app on an existing database, or
 * the raw `ws` broadcaster (the baseline). Driven over IPC:
 *
 *   start         { mode: "app", dbUrl, bus: "memory" | "redis", redisUrl } | { mode: "raw" } → { port }
 *   setPayload    { text }                 (raw) the frame to broadcast
 *   measureStart / measureStop             event-loop utilisation, CPU, memory of this process
 *   profileStart / profileStop             V8 CPU profile, self time per library
 *   sqlCounts                              SQL statements sent so far, by verb and first table
 *   memory        { gc }                   heap and RSS, after full GCs when gc is true (needs --expose-gc)
 *   stop
 */
import { performance, PerformanceObserver, constants as perfConstants } from "node:perf_hooks";
import pg from "pg";
import type { App } from "../../packages/server/src/app.js";
import { openDatabase, type Database } from "../../packages/server/src/lib/db.js";
import { createEventBus } from "../../packages/server/src/lib/pubsub.js";
import { startApp, startRawBroadcaster, startProfile, type RawBroadcaster } from "./harness.js";
import { takeDeliveryTimings } from "../../packages/server/src/app/live-groups.js";

// SQL statements this process sends, by verb and first table (pg.Client is shared with @prisma/adapter-pg:
// one pg@8 in the tree). A regex per statement; cheap next to the statement itself.
const sqlCounts: Record<string, number> = {};
const sqlSamples: Record<string, string> = {};
const originalQuery = pg.Client.prototype.query as (...a: unknown[]) => unknown;
pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
  const first = args[0] as string | { text?: string } | undefined;
  const text = typeof first === "string" ? first : (first?.text ?? "");
  const verb = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? "?";
  const table = /\b(?:from|into|update)\s+(?:"public"\.)?"?(\w+)"?/i.exec(text)?.[1];
  const key = table ? `${verb} ${table}` : verb;
  sqlCounts[key] = (sqlCounts[key] ?? 0) + 1;
  if (!sqlSamples[key]) sqlSamples[key] = text.replace(/\s+/g, " ").slice(0, 600);
  return originalQuery.apply(this, args);
} as typeof pg.Client.prototype.query;

// Garbage collections by kind (minor = scavenge, major = mark-compact), for measureStart/measureStop.
const gcStats = { minor: { n: 0, ms: 0 }, major: { n: 0, ms: 0 }, other: { n: 0, ms: 0 } };
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
    const k = kind === perfConstants.NODE_PERFORMANCE_GC_MINOR ? "minor" : kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR ? "major" : "other";
    gcStats[k].n++;
    gcStats[k].ms += e.duration;
  }
}).observe({ entryTypes: ["gc"] });
let gc0 = structuredClone(gcStats);

let app: App | null = null;
let db: Database | null = null;
let raw: RawBroadcaster | null = null;
let measure: { elu: ReturnType<typeof performance.eventLoopUtilization>; cpu: NodeJS.CpuUsage; t0: number } | null = null;
let profile: Awaited<ReturnType<typeof startProfile>> | null = null;

async function start(args: { mode: "app" | "raw"; dbUrl?: string; bus?: "memory" | "redis"; redisUrl?: string }) {
  if (args.mode === "raw") {
    raw = await startRawBroadcaster();
    return { port: raw.port };
  }
  db = openDatabase({ kind: "postgres", url: args.dbUrl! });
  const pubsub = createEventBus(args.bus === "redis" ? args.redisUrl : (null as never));
  const running = await startApp(db, pubsub);
  app = running.app;
  return { port: running.port };
}

async function memory(args: { gc?: boolean }) {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (args.gc && gc) {
    for (let i = 0; i < 4; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, heapTotal: m.heapTotal, rss: m.rss, external: m.external, arrayBuffers: m.arrayBuffers, gc: !!gc };
}

process.on("message", async (m: { seq: number; cmd: string } & Record<string, any>) => {
  try {
    let value: unknown = null;
    switch (m.cmd) {
      case "start":
        value = await start(m as never);
        break;
      case "setPayload":
        raw!.setPayload(m.text);
        break;
      case "measureStart":
        measure = { elu: performance.eventLoopUtilization(), cpu: process.cpuUsage(), t0: performance.now() };
        gc0 = structuredClone(gcStats);
        break;
      case "measureStop": {
        const cpu = process.cpuUsage(measure!.cpu);
        value = {
          elu: performance.eventLoopUtilization(measure!.elu).utilization,
          cpuMs: (cpu.user + cpu.system) / 1000,
          wallMs: performance.now() - measure!.t0,
          heapUsed: process.memoryUsage().heapUsed,
          gc: {
            minor: { n: gcStats.minor.n - gc0.minor.n, ms: gcStats.minor.ms - gc0.minor.ms },
            major: { n: gcStats.major.n - gc0.major.n, ms: gcStats.major.ms - gc0.major.ms },
            other: { n: gcStats.other.n - gc0.other.n, ms: gcStats.other.ms - gc0.other.ms },
          },
        };
        break;
      }
      case "sqlCounts":
        value = { ...sqlCounts };
        break;
      case "directIngest":
        // modules/alerting/ingest-direct.ts on or off for the next requests (the ingest bench's diagnostic row).
        app!.caches.directIngest = !!m.on;
        break;
      case "deliveryTimings":
        value = app ? takeDeliveryTimings(app.caches) : [];
        break;
      case "sqlSamples":
        value = { ...sqlSamples };
        break;
      case "profileStart":
        profile = await startProfile();
        break;
      case "profileStop":
        value = await profile!.stop();
        break;
      case "memory":
        value = await memory(m as { gc?: boolean });
        break;
      case "stop":
        if (app) await app.stop();
        if (db) await db.close();
        if (raw) await raw.close();
        process.send!({ seq: m.seq, ok: true, value: null });
        setTimeout(() => process.exit(0), 50);
        return;
      default:
        throw new Error(`unknown command ${m.cmd}`);
    }
    process.send!({ seq: m.seq, ok: true, value });
  } catch (error) {
    process.send!({ seq: m.seq, ok: false, error: (error as Error).stack ?? String(error) });
  }
});
process.on("disconnect", () => process.exit(0));
