/**
 * Shared set-up of the live benchmarks (ingest, latency, fanout, redis, memory): a fresh migrated
 * database on the PostgreSQL server in DATABASE_URL, the seed, one bench indicator with a WARNING
 * THRESHOLD rule, the app on a port, sign-in over HTTP, and a forked child process that holds the
 * WebSocket clients (ws-clients.ts) so that the clients do not share the server's event loop.
 */
import { execFileSync, fork, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { cpus, loadavg } from "node:os";
import { readFileSync } from "node:fs";
import { WebSocketServer, type WebSocket } from "ws";
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

/** A forked TypeScript child process driven over IPC (one request, one answer, by sequence number). */
class Forked {
  protected child: ChildProcess;
  private seq = 0;
  private pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();

  constructor(file: string, execArgv: string[] = []) {
    this.child = fork(join(import.meta.dirname, file), [], {
      execArgv: ["--import", "tsx", ...execArgv],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    this.child.on("message", (m: { seq: number; ok: boolean; value?: unknown; error?: string }) => {
      const p = this.pending.get(m.seq);
      if (!p) return;
      this.pending.delete(m.seq);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(`${file}: ${m.error}`));
    });
    this.child.on("exit", (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`${file} exited (${code})`));
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

  async stop(cmd = "stop") {
    if (this.child.exitCode === null && this.child.connected) {
      try {
        await Promise.race([this.call(cmd), new Promise((r) => setTimeout(r, 5000))]);
      } catch {
        /* exited */
      }
    }
    await new Promise((r) => setTimeout(r, 100));
    if (this.child.exitCode === null) this.child.kill();
  }
}

/** The process holding the WebSocket clients (test/bench/ws-clients.ts). */
export class ClientProcess extends Forked {
  constructor() {
    super("ws-clients.ts", ["--max-old-space-size=4096"]);
  }

  /** Opens `n` graphql-ws clients, each with one subscription (unless `subscribe` is false); resolves once all are acknowledged. */
  openGraphql(set: string, url: string, n: number, token: string, query = FEED_SUBSCRIPTION, subscribe = true) {
    return this.call<{ ms: number }>("open", { set, kind: "gql", url, n, token, query, subscribe });
  }

  openRaw(set: string, url: string, n: number) {
    return this.call<{ ms: number }>("open", { set, kind: "raw", url, n });
  }

  /** Sends the trigger request, then waits until every client of `set` got `expect` messages (or timeout). */
  round(set: string, trigger: { url: string; headers?: Record<string, string>; body: string }, expect = 1, timeoutMs = 60_000) {
    return this.call<RoundResult>("round", { set, trigger, expect, timeoutMs });
  }

  /** The last message one client of `set` received, as the frame a server would have sent. */
  sample(set: string) {
    return this.call<string>("sample", { set });
  }

  closeSet(set: string) {
    return this.call("close", { set });
  }

  override stop() {
    return super.stop("exit");
  }
}

export interface ProcessMeasure {
  elu: number;
  cpuMs: number;
  wallMs: number;
  heapUsed: number;
  /** Garbage collections during the measurement: minor (scavenge), major (mark-compact), other (incremental marking, weak callbacks). */
  gc: Record<"minor" | "major" | "other", { n: number; ms: number }>;
}

/** A server in its own process (test/bench/server-process.ts): the app, or the raw broadcaster. */
export class ServerProcess extends Forked {
  port = 0;

  constructor(execArgv: string[] = []) {
    super("server-process.ts", execArgv);
  }

  static async app(dbUrl: string, options: { bus?: "memory" | "redis"; execArgv?: string[] } = {}) {
    const s = new ServerProcess(options.execArgv);
    const { port } = await s.call<{ port: number }>("start", {
      mode: "app",
      dbUrl,
      bus: options.bus ?? "memory",
      redisUrl: process.env.REDIS_URL,
    });
    s.port = port;
    return s;
  }

  static async raw() {
    const s = new ServerProcess();
    s.port = (await s.call<{ port: number }>("start", { mode: "raw" })).port;
    return s;
  }

  get url() {
    return `http://127.0.0.1:${this.port}/graphql`;
  }
  get ws() {
    return `ws://127.0.0.1:${this.port}/graphql`;
  }
  get rawUrl() {
    return `ws://127.0.0.1:${this.port}/raw`;
  }
  get triggerUrl() {
    return `http://127.0.0.1:${this.port}/trigger`;
  }

  setPayload(text: string) {
    return this.call("setPayload", { text });
  }
  measureStart() {
    return this.call("measureStart");
  }
  /** The app's direct ingest (modules/alerting/ingest-direct.ts) on or off for the next requests. */
  setDirectIngest(on: boolean) {
    return this.call("directIngest", { on });
  }
  measureStop() {
    return this.call<ProcessMeasure>("measureStop");
  }
  /** SQL statements this server sent so far, by "VERB table". */
  sqlCounts() {
    return this.call<Record<string, number>>("sqlCounts");
  }
  /** The live groups' timings per delivery since the last call (app/live-groups.ts): render and write phases inside the server. */
  deliveryTimings() {
    return this.call<{ renderMs: number; writeMs: number; events: number; members: number }[]>("deliveryTimings");
  }
  /** The first statement text seen per "VERB table". */
  sqlSamples() {
    return this.call<Record<string, string>>("sqlSamples");
  }
  profileStart() {
    return this.call("profileStart");
  }
  profileStop() {
    return this.call<CpuBreakdown>("profileStop");
  }
  memory(gc = true) {
    return this.call<{ heapUsed: number; heapTotal: number; rss: number; external: number; arrayBuffers: number; gc: boolean }>("memory", { gc });
  }
}

// ───────────── measuring the server process ─────────────

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

/** Starts sampling this process's CPU (V8 profiler through node:inspector); `stop` gives self time per library. */
export async function startProfile(): Promise<{ stop(): Promise<CpuBreakdown> }> {
  const { Session } = await import("node:inspector/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  return {
    async stop() {
      const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: Profile };
      session.disconnect();
      return breakdown(profile);
    },
  };
}

type Profile = { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[] };

function breakdown(profile: Profile): CpuBreakdown {
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
    if (!cat) cat = CATEGORIES.find(([, re]) => re.test(url))?.[0] ?? (url ? "other JS" : "native / builtins (microtasks, writev, JSON)");
    byCat.set(cat, (byCat.get(cat) ?? 0) + us);
    const short = url
      .replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, "")
      .replace(/^.*\/work\/main\//, "")
      .replace(/^file:\/\//, "");
    const key = `${functionName}|${short}|${lineNumber}`;
    // Lines of TypeScript files are those of tsx's output, not of the source: name the file only.
    const at = !short ? "(native)" : short.endsWith(".ts") ? short : `${short}:${lineNumber + 1}`;
    const f = byFn.get(key) ?? { name: functionName || "(anonymous)", where: at, us: 0 };
    f.us += us;
    byFn.set(key, f);
  }
  const rows = [...byCat.entries()].sort((a, b) => b[1] - a[1]).map(([category, us]) => ({ category, ms: us / 1000, share: total ? us / total : 0 }));
  const topFunctions = [...byFn.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, 12)
    .map((f) => ({ name: f.name, where: f.where, ms: f.us / 1000 }));
  return { totalMs: total / 1000, rows, topFunctions };
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

/** p50 / p99 / max of a sample, in ms. */
export function summary(v: number[]) {
  const clean = v.filter((x) => Number.isFinite(x));
  const sorted = [...clean].sort((a, b) => a - b);
  const pick = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
  return { n: clean.length, p50: pick(50), p90: pick(90), p99: pick(99), max: sorted[sorted.length - 1] ?? NaN, mean: clean.reduce((a, b) => a + b, 0) / (clean.length || 1) };
}

/** The machine's load while a benchmark ran (other work shares these cores). */
export function loadAverage(): string {
  const [one, five] = loadavg();
  return `load average ${one.toFixed(1)} (1 min) / ${five.toFixed(1)} (5 min) on ${cpus().length} cores`;
}

/** Statements sent between two `sqlCounts` snapshots. */
export function sqlDelta(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(after)) if (v - (before[k] ?? 0) > 0) out[k] = v - (before[k] ?? 0);
  return out;
}

export function gcLine(m: ProcessMeasure): string {
  const g = m.gc;
  const total = g.minor.ms + g.major.ms + g.other.ms;
  return `garbage collection ${fmt(total)} ms of ${fmt(m.wallMs)} ms wall (${fmt(g.minor.n)} scavenges ${fmt(g.minor.ms)} ms, ${fmt(g.major.n)} mark-compacts ${fmt(g.major.ms)} ms, ${fmt(g.other.n)} other ${fmt(g.other.ms)} ms); heap used at the end ${fmt(m.heapUsed / 2 ** 20)} MiB`;
}

/** "path:line" of the first line containing `needle` in a repository file (reports cite the code as it is at run time). */
export function where(path: string, needle: string): string {
  try {
    const lines = readFileSync(join(import.meta.dirname, "..", "..", path), "utf8").split("\n");
    const i = lines.findIndex((l) => l.includes(needle));
    return i >= 0 ? `${path}:${i + 1}` : path;
  } catch {
    return path;
  }
}

/** The code under test: the commit, and the server / seed / schema files that differ from it (others edit the tree too). */
export function codeVersion(): string {
  const root = join(import.meta.dirname, "..", "..");
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, timeout: 5000 }).toString().trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--", "packages/server/src", "prisma"], { cwd: root, timeout: 5000 })
      .toString()
      .split("\n")
      .filter(Boolean)
      .map((l) => l.slice(3));
    return `commit ${head}${dirty.length ? ` plus uncommitted changes in ${dirty.map((f) => `\`${f}\``).join(", ")}` : ""}`;
  } catch {
    return "unknown (no git)";
  }
}
