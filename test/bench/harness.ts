/**
 * Shared set-up of the live benchmarks (ingest, latency, fanout, redis, memory): a fresh migrated
 * database on the PostgreSQL server in DATABASE_URL, the seed, one bench indicator with a WARNING
 * THRESHOLD rule, the app on a port, sign-in over HTTP, and a forked child process that holds the
 * WebSocket clients (ws-clients.ts) so that the clients do not share the server's event loop.
 */
import { fork, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { WebSocketServer, WebSocket } from "ws";
import { buildApp, type App } from "../../packages/server/src/app.js";
import type { Database, PrismaClient } from "../../packages/server/src/lib/db.js";
import { createEventBus, type PubSub } from "../../packages/server/src/lib/pubsub.js";
import { encodeGlobalID } from "../../packages/server/src/modules/common/ids.js";
import { createTestDatabase } from "../../packages/server/test/helpers/test-db.js";
import { seed } from "../../prisma/seed/seed.js";

export const SECRET = new TextEncoder().encode("bench-secret-bench-secret-bench-secret-0000");

/** Exits with a clear message unless DATABASE_URL names a PostgreSQL server. */
export function requireDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    console.error(
      "Set DATABASE_URL to a PostgreSQL server, e.g. DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:5432/postgres " +
        "(every figure is a ratio to a baseline measured in the same run on PostgreSQL).",
    );
    process.exit(2);
  }
  return url;
}

/** Exits with a clear message unless REDIS_URL is set (the Redis hop benchmark). */
export function requireRedisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url || !/^rediss?:\/\//.test(url)) {
    console.error("Set REDIS_URL to a Redis server, e.g. REDIS_URL=redis://127.0.0.1:6379 (the Redis hop benchmark publishes through it).");
    process.exit(2);
  }
  return url;
}

export const inProcessBus = (): PubSub => createEventBus(null as never);

export interface BenchIndicator {
  id: string;
  globalId: string;
  processId: string;
}

/** A fresh database with the seed (1 day of readings) and `n` bench indicators with one WARNING rule each (ABOVE 90, clear at 80). */
export async function prepareDatabase(n = 1): Promise<{ db: Database; url: string; indicators: BenchIndicator[] }> {
  const db = await createTestDatabase();
  await seed(db.prisma, { readingsDays: 1 });
  const indicators = await createBenchIndicators(db.prisma, n);
  return { db, url: (db.target as { url: string }).url, indicators };
}

export async function createBenchIndicators(prisma: PrismaClient, n: number, prefix = "BENCH"): Promise<BenchIndicator[]> {
  const process = await prisma.process.findFirstOrThrow({ where: { code: "P-ADM" } });
  const out: BenchIndicator[] = [];
  for (let i = 0; i < n; i++) {
    const ind = await prisma.indicator.create({
      data: { code: `${prefix}-${i}`, name: `Bench ${i}`, processId: process.id, kind: "EFFICIENCY", unit: "%", direction: "LOWER_IS_BETTER", target: 60 },
    });
    await prisma.thresholdRule.create({
      data: { indicatorId: ind.id, kind: "THRESHOLD", level: "WARNING", comparator: "ABOVE", value: 90, clearValue: 80 },
    });
    out.push({ id: ind.id, globalId: encodeGlobalID("Indicator", ind.id), processId: process.id });
  }
  return out;
}

export interface RunningApp {
  app: App;
  port: number;
  url: string;
  ws: string;
}

export async function startApp(db: Database, pubsub: PubSub): Promise<RunningApp> {
  const app = buildApp({ db, pubsub, secret: SECRET, clientDir: null, ratePerMinute: 1e9, checkIntervalMs: 0 });
  const port = await app.start(0);
  return { app, port, url: `http://127.0.0.1:${port}/graphql`, ws: `ws://127.0.0.1:${port}/graphql` };
}

/** Signs in over HTTP and returns the access token. */
export async function login(url: string, email: string, password = "controlroom-dev"): Promise<string> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`, variables: { e: email, p: password } }),
  });
  const body = (await res.json()) as { data?: { login: { accessToken: string } }; errors?: unknown };
  if (!body.data?.login) throw new Error(`login ${email} failed: ${JSON.stringify(body.errors)}`);
  return body.data.login.accessToken;
}

export const RECORD_MUTATION = `mutation($r: [ReadingInput!]!) { recordReadings(input: { readings: $r }) { accepted alertEvents } }`;

/** The dashboard's alert feed subscription (packages/client/src/features/alerts/queries.ts). */
export const FEED_SUBSCRIPTION = `subscription AlertEvents($after: ID, $filter: AlertEventFilter) {
  alertEvents(after: $after, filter: $filter) {
    id type at level state value note
    alert {
      id level state value message predictedAt startedAt ackNote ackExpiresAt
      indicator { id code name nameEn unit process { id code name nameEn } }
      rule { id }
      assignee { id name }
    }
  }
}`;

/** Observation times that only move forward (a rule ignores readings older than what it evaluated). */
export function monotonicClock() {
  let last = 0;
  return () => {
    last = Math.max(last + 1, Date.now());
    return new Date(last);
  };
}

/** The HTTP request that records readings through the GraphQL mutation. */
export function recordRequest(url: string, token: string, readings: { indicatorId: string; value: number; observedAt?: string }[]) {
  return {
    url,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: RECORD_MUTATION, variables: { r: readings } }),
  };
}

// ───────────── the raw baseline: a plain `ws` server that broadcasts ─────────────

export interface RawBroadcaster {
  port: number;
  url: string;
  triggerUrl: string;
  clients: Set<WebSocket>;
  /** The text sent to every client (set from a GraphQL message captured in the same run). */
  setPayload(text: string): void;
  close(): Promise<void>;
}

/**
 * POST /trigger with a JSON body `{ readings, count }`: parses it, then sends `count` messages
 * (the payload, with its `id` field bumped, serialised once per message) to every connected
 * client in a loop, and answers 200. That is the classic broadcast the GraphQL path is held against.
 */
export async function startRawBroadcaster(): Promise<RawBroadcaster> {
  let payload: Record<string, unknown> = { type: "next", id: "1", payload: { data: {} } };
  let seq = 0;
  const clients = new Set<WebSocket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { count?: number };
      const count = body.count ?? 1;
      for (let k = 0; k < count; k++) {
        const text = JSON.stringify(withEventId(payload, String(++seq)));
        for (const ws of clients) ws.send(text);
      }
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  const wss = new WebSocketServer({ server, path: "/raw" });
  wss.on("connection", (ws) => {
    clients.add(ws);
    ws.on("close", () => clients.delete(ws));
  });
  const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));
  return {
    port,
    url: `ws://127.0.0.1:${port}/raw`,
    triggerUrl: `http://127.0.0.1:${port}/trigger`,
    clients,
    setPayload(text) {
      payload = JSON.parse(text) as Record<string, unknown>;
    },
    async close() {
      for (const ws of clients) ws.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function withEventId(message: Record<string, unknown>, id: string): Record<string, unknown> {
  const data = (message.payload as { data?: { alertEvents?: Record<string, unknown> } })?.data;
  if (!data?.alertEvents) return message;
  return { ...message, payload: { ...(message.payload as object), data: { alertEvents: { ...data.alertEvents, id } } } };
}

// ───────────── the client process ─────────────

export interface RoundResult {
  /** Per client: ms from just before the trigger was sent to its first matching message. */
  first: number[];
  /** Per client: ms to its last expected message. */
  last: number[];
  /** ms until the trigger's HTTP response arrived. */
  responseMs: number;
  received: number;
  expected: number;
  errors: number;
  /** The trigger's response body (the mutation's payload). */
  response: string;
}

/** A forked process holding WebSocket clients (test/bench/ws-clients.ts), driven over IPC. */
export class ClientProcess {
  private child: ChildProcess;
  private seq = 0;
  private pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();

  constructor() {
    this.child = fork(join(import.meta.dirname, "ws-clients.ts"), [], {
      execArgv: ["--import", "tsx", "--max-old-space-size=4096"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.child.on("message", (m: { seq: number; ok: boolean; value?: unknown; error?: string }) => {
      const p = this.pending.get(m.seq);
      if (!p) return;
      this.pending.delete(m.seq);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(`client process: ${m.error}`));
    });
    this.child.on("exit", (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`client process exited (${code})`));
      this.pending.clear();
    });
  }

  get pid() {
    return this.child.pid;
  }

  call<T = unknown>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
    const seq = ++this.seq;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(seq, { resolve, reject });
      this.child.send({ seq, cmd, ...args });
    });
  }

  /** Opens `n` graphql-ws clients, each with one subscription; resolves once all are connected (acknowledged). */
  openGraphql(set: string, url: string, n: number, token: string, query = FEED_SUBSCRIPTION, subscribe = true) {
    return this.call<{ ms: number }>("open", { set, kind: "gql", url, n, token, query, subscribe });
  }

  openRaw(set: string, url: string, n: number) {
    return this.call<{ ms: number }>("open", { set, kind: "raw", url, n });
  }

  /** Sends the trigger request, then waits until every client of `set` got `expect` messages (or timeout). */
  round(set: string, trigger: { url: string; headers?: Record<string, string>; body: string }, expect = 1, timeoutMs = 30_000) {
    return this.call<RoundResult>("round", { set, trigger, expect, timeoutMs });
  }

  /** The last message one client of `set` received, as the text a server would have sent. */
  sample(set: string) {
    return this.call<string>("sample", { set });
  }

  closeSet(set: string) {
    return this.call("close", { set });
  }

  async stop() {
    try {
      await Promise.race([this.call("exit"), new Promise((r) => setTimeout(r, 3000))]);
    } catch {
      /* exited */
    }
    if (this.child.exitCode === null) this.child.kill();
  }
}

// ───────────── measuring the server process ─────────────

/** Event-loop utilisation and CPU time of this process while `fn` runs. */
export async function measureProcess<T>(fn: () => Promise<T>): Promise<{ value: T; elu: number; cpuMs: number; wallMs: number }> {
  const elu0 = performance.eventLoopUtilization();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0).utilization;
  return { value, elu, cpuMs: (cpu.user + cpu.system) / 1000, wallMs };
}

/**
 * A Prisma client that counts its model operations (and their wall time), for diagnostics only:
 * `$extends` query hooks around the same client, so the app's code runs unchanged.
 */
export function countingPrisma(prisma: PrismaClient) {
  const counts = new Map<string, { n: number; ms: number }>();
  let enabled = false;
  const client = prisma.$extends({
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          if (!enabled) return query(args);
          const t0 = performance.now();
          try {
            return await query(args);
          } finally {
            const k = `${model}.${operation}`;
            const c = counts.get(k) ?? { n: 0, ms: 0 };
            c.n++;
            c.ms += performance.now() - t0;
            counts.set(k, c);
          }
        },
      },
    },
  }) as unknown as PrismaClient;
  return {
    client,
    counts,
    start() {
      counts.clear();
      enabled = true;
    },
    stop() {
      enabled = false;
      return new Map(counts);
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
export const fmt = (v: number, d = 0) => v.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

// ───────────── where the server's CPU goes ─────────────

const CATEGORIES: [string, RegExp][] = [
  ["Prisma query compiler (wasm)", /^wasm:\/\//],
  ["Prisma client runtime", /@prisma\+client|generated\/prisma/],
  ["pg driver + Prisma adapter", /\/pg@|pg-protocol|pg-pool|pg-types|@prisma\+adapter-pg|@prisma\+driver-adapter/],
  ["graphql-js (execute, serialise)", /\/graphql@16/],
  ["Pothos (plugins, prisma selections)", /@pothos\+/],
  ["graphql-yoga / envelop / whatwg-node", /graphql-yoga|@envelop|@whatwg-node|@graphql-yoga|@escape\.tech/],
  ["graphql-ws + ws (frames)", /graphql-ws|\/ws@/],
  ["ioredis + Redis event target", /ioredis|redis-event-target|redis-parser|cluster-key-slot/],
  ["server code (packages/server/src)", /packages\/server\/src/],
  ["Node internals (streams, net, timers)", /^node:/],
];

export interface CpuBreakdown {
  totalMs: number;
  rows: { category: string; ms: number; share: number }[];
  topFunctions: { name: string; where: string; ms: number }[];
}

/** Samples this process's CPU (V8 profiler through node:inspector) while `fn` runs; self time per library. */
export async function profileCpu<T>(fn: () => Promise<T>): Promise<{ value: T; cpu: CpuBreakdown }> {
  const { Session } = await import("node:inspector/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  let value: T;
  try {
    value = await fn();
  } finally {
    /* stop below */
  }
  const { profile } = (await session.post("Profiler.stop")) as unknown as {
    profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[]; samples: number[]; timeDeltas: number[] };
  };
  session.disconnect();
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const byCat = new Map<string, number>();
  const byFn = new Map<string, { name: string; where: string; us: number }>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (!us) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)" || functionName === "(root)") continue;
    // The in-process inspector's own call (Profiler.start/stop) is not the server's work.
    if (functionName === "dispatch" && !url) continue;
    total += us;
    let cat = functionName === "(garbage collector)" ? "garbage collector" : functionName === "(program)" ? "(program: native, not attributed)" : "";
    if (!cat) cat = CATEGORIES.find(([, re]) => re.test(url))?.[0] ?? (url ? "other JS" : "native / builtins");
    byCat.set(cat, (byCat.get(cat) ?? 0) + us);
    const short = url.replace(/^.*node_modules\/\.pnpm\/([^/]+)\/node_modules\//, "$1:").replace(/^.*\/work\/main\//, "").replace(/^file:\/\//, "");
    const key = `${functionName}|${short}|${lineNumber}`;
    const f = byFn.get(key) ?? { name: functionName || "(anonymous)", where: `${short}:${lineNumber + 1}`, us: 0 };
    f.us += us;
    byFn.set(key, f);
  }
  const rows = [...byCat.entries()].sort((a, b) => b[1] - a[1]).map(([category, us]) => ({ category, ms: us / 1000, share: total ? us / total : 0 }));
  const topFunctions = [...byFn.values()].sort((a, b) => b.us - a.us).slice(0, 12).map((f) => ({ name: f.name, where: f.where, ms: f.us / 1000 }));
  return { value: value!, cpu: { totalMs: total / 1000, rows, topFunctions } };
}

export function cpuTable(cpu: CpuBreakdown): string {
  return [
    "| where the server's CPU went (self time) | ms | share |",
    "|---|---|---|",
    ...cpu.rows.map((r) => `| ${r.category} | ${r.ms.toFixed(0)} | ${(r.share * 100).toFixed(1)} % |`),
    "",
    "| top functions (self time) | where | ms |",
    "|---|---|---|",
    ...cpu.topFunctions.map((f) => `| \`${f.name}\` | ${f.where} | ${f.ms.toFixed(0)} |`),
  ].join("\n");
}

/**
 * Diagnostics only: a client on which concurrent `alertEvent.findUniqueOrThrow` calls with the
 * same arguments share one query (for 2 s), i.e. what the subscription would cost if its resolve
 * loaded each event once per event instead of once per subscriber. Not the shipped path.
 */
export function sharedAlertEventLoads(prisma: PrismaClient): PrismaClient {
  const cache = new Map<string, Promise<unknown>>();
  const key = (args: unknown) => JSON.stringify(args, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));
  return prisma.$extends({
    query: {
      alertEvent: {
        findUniqueOrThrow({ args, query }) {
          const k = key(args);
          let p = cache.get(k);
          if (!p) {
            p = query(args);
            cache.set(k, p);
            setTimeout(() => cache.delete(k), 2000).unref();
          }
          return p as ReturnType<typeof query>;
        },
      },
    },
  }) as unknown as PrismaClient;
}

/** p50 / p99 / max of a sample, in ms. */
export function summary(v: number[]) {
  const clean = v.filter((x) => Number.isFinite(x));
  const sorted = [...clean].sort((a, b) => a - b);
  const pick = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  return { n: clean.length, p50: pick(50), p90: pick(90), p99: pick(99), max: sorted[sorted.length - 1] ?? NaN, mean: clean.reduce((a, b) => a + b, 0) / (clean.length || 1) };
}
