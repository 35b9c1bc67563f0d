/**
 * Benchmark (issue 13 item 7): Control Room against the peers an analyst would pick instead, on the
 * same PostgreSQL database in one interleaved run: PostGraphile v5 and v4, and a plain node:http +
 * pg server for the simple query. Each server is its own child process; autocannon drives them.
 *
 *   DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:5432/postgres pnpm bench:peers
 *
 * The peers are installed at bench time with npm into a directory outside the workspace
 * (PEERS_DIR, default <os tmpdir>/controlroom-bench-peers, reused when already there): nothing is
 * added to the workspace's package.json or lockfile. The database (BENCH_PEERS_DB, default
 * controlroom_bench_peers, on the server of DATABASE_URL: name another one so that two runs on one
 * server do not drop each other's) is dropped, created, migrated and seeded the way users do it
 * (`db:deploy`, `SEED_READINGS_DAYS=90 db:seed`) and dropped at the end.
 *
 * Settings (environment): BENCH_ROUNDS (3) × BENCH_SECONDS (10) of the simple list per server;
 * BENCH_NESTED_ROUNDS (5) × BENCH_NESTED_RUNS (20) sequential nested queries per server;
 * BENCH_NESTED_LOAD_ROUNDS (2) × BENCH_NESTED_SECONDS (5) of the nested query at 10 connections;
 * BENCH_WARMUP_SECONDS (10) of the simple list per server first. BENCH_SERVER_DIR: another
 * packages/server to run as Control Room. BENCH_DEBUG_LOG=1 echoes the servers' output.
 *
 * Writes docs/bench/peers.md.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { ANALYST_QUERY } from "./analyst-query.js";
import { codeVersion, fmt, login, requireDatabaseUrl, sleep } from "./harness.js";
import { machine, ms, percentile, writeReport } from "./stats.js";

const ADMIN_URL = requireDatabaseUrl();
const ROOT = join(import.meta.dirname, "..", "..");
const PEERS_DIR = process.env.PEERS_DIR ?? join(tmpdir(), "controlroom-bench-peers");
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ROUNDS = env("BENCH_ROUNDS", 3);
const SECONDS = env("BENCH_SECONDS", 10);
const NESTED_ROUNDS = env("BENCH_NESTED_ROUNDS", 5);
const NESTED_RUNS = env("BENCH_NESTED_RUNS", 20);
const NESTED_LOAD_ROUNDS = env("BENCH_NESTED_LOAD_ROUNDS", 2);
const NESTED_SECONDS = env("BENCH_NESTED_SECONDS", 5);
/** autocannon on each server before the first measured round: PostGraphile v5 alone on the loaded machine went 145, 316, 446, 530 req/s over its first four 5 s runs. */
const WARMUP_SECONDS = env("BENCH_WARMUP_SECONDS", 10);
const CONNECTIONS = 10;
/** pg pool size of every server (ours: DATABASE_POOL, its default). */
const POOL = 10;
/** BENCH_PEERS_DB: another name, so that two runs on one PostgreSQL server do not drop each other's database. */
const DB_NAME = process.env.BENCH_PEERS_DB ?? "controlroom_bench_peers";
if (!/^[a-z_][a-z0-9_]*$/.test(DB_NAME)) throw new Error(`BENCH_PEERS_DB must be a plain lower-case database name, not ${JSON.stringify(DB_NAME)}`);
/** The Control Room server to run: this checkout's, unless BENCH_SERVER_DIR names another packages/server (e.g. an export of a branch). */
const SERVER_DIR = process.env.BENCH_SERVER_DIR ?? join(ROOT, "packages", "server");

// ───────────── peers, installed outside the workspace ─────────────

/**
 * Two npm prefixes: PostGraphile v4 needs graphql 15 and v5 graphql 16, and v4's graphile-build,
 * hoisted beside v5 in one tree, resolved v5's graphql ("Cannot use GraphQLScalarType "Int" from
 * another module or realm"). autocannon (the load tool) and pg (the plain server) live with v5.
 */
const INSTALLS = { v5: ["postgraphile@5", "pg@8", "autocannon"], v4: ["postgraphile@4", "pg@8"] } as const;

function installPeers(): void {
  for (const [name, specs] of Object.entries(INSTALLS)) {
    const dir = join(PEERS_DIR, name);
    const marker = join(dir, "installed.json");
    if (existsSync(marker) && readFileSync(marker, "utf8") === JSON.stringify(specs)) continue;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), `${JSON.stringify({ name: `controlroom-bench-peers-${name}`, private: true })}\n`);
    console.error(`Installing ${specs.join(", ")} into ${dir} …`);
    const npm = spawnSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error", ...specs], { cwd: dir, stdio: "inherit" });
    if (npm.status !== 0) throw new Error(`npm install ${specs.join(" ")} failed in ${dir} (exit ${npm.status ?? npm.error})`);
    writeFileSync(marker, JSON.stringify(specs));
  }
}

const version = (group: keyof typeof INSTALLS, pkg: string) =>
  (JSON.parse(readFileSync(join(PEERS_DIR, group, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;

// ───────────── the database, migrated and seeded as users do it ─────────────

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function benchUrl(): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${DB_NAME}`;
  return url.toString();
}

/** Runs `node scripts/pnpm.mjs run <script>` on the bench database; returns its output. */
function pnpmRun(script: string, extra: Record<string, string> = {}): string {
  const run = spawnSync(process.execPath, ["scripts/pnpm.mjs", "run", script], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: benchUrl(), ...extra },
    encoding: "utf8",
    maxBuffer: 64 * 2 ** 20,
  });
  const out = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) throw new Error(`pnpm run ${script} failed (exit ${run.status}):\n${out.slice(-3000)}`);
  return out;
}

async function prepareDatabase(): Promise<string> {
  await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB_NAME}`);
  pnpmRun("db:deploy");
  const seeded = pnpmRun("db:seed", { SEED_READINGS_DAYS: "90" });
  return /\d+ indicators, \d+ rules, \d+ readings/.exec(seeded)?.[0] ?? "(seed summary not found)";
}

// ───────────── servers, each its own child process ─────────────

type ServerId = "ours" | "postgraphile5" | "postgraphile4" | "plain";
const LABEL: Record<ServerId, string> = {
  ours: "Control Room",
  postgraphile5: "PostGraphile v5",
  postgraphile4: "PostGraphile v4",
  plain: "node:http + pg",
};

interface Running {
  id: ServerId;
  child: ChildProcess;
  url: string;
  log: string[];
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const children: Running[] = [];

async function startServer(id: ServerId): Promise<Running> {
  const port = await freePort();
  const common = { ...process.env, NODE_ENV: "production", DATABASE_URL: benchUrl(), PORT: String(port), DATABASE_POOL: String(POOL) };
  // Our server without REDIS_URL: an in-process bus and rate limiter, like the single-process peers.
  delete (common as Record<string, string | undefined>).REDIS_URL;
  const [args, cwd, extra] =
    id === "ours"
      ? [["--import", "tsx", "src/index.ts"], SERVER_DIR, { RATE_LIMIT_PER_MINUTE: "1000000000", LOG_LEVEL: "warn", DATA_DIR: join(PEERS_DIR, "data"), ACCESS_TOKEN_TTL: "3600" }]
      : [
          ["--import", "tsx", join(import.meta.dirname, "peer-server.ts"), id],
          ROOT,
          { PEERS_DIR: join(PEERS_DIR, id === "postgraphile4" ? "v4" : "v5"), GRAPHILE_ENV: "production" },
        ];
  const child = spawn(process.execPath, args, { cwd, env: { ...common, ...extra }, stdio: ["ignore", "pipe", "pipe"] });
  const running: Running = { id, child, url: `http://127.0.0.1:${port}/graphql`, log: [] };
  children.push(running);
  const keep = (chunk: Buffer) => {
    if (process.env.BENCH_DEBUG_LOG) process.stderr.write(`[${id}] ${chunk}`);
    running.log.push(chunk.toString());
    if (running.log.length > 50) running.log.shift();
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  let spawnError: Error | null = null;
  child.on("error", (e) => {
    spawnError = e;
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (spawnError) throw new Error(`${LABEL[id]} could not be started in ${cwd}: ${(spawnError as Error).message}`);
    if (child.exitCode !== null) throw new Error(`${LABEL[id]} exited (${child.exitCode}) before serving:\n${running.log.join("").slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`${LABEL[id]} did not serve on port ${port} within 120 s:\n${running.log.join("").slice(-3000)}`);
    try {
      await fetch(running.url, { method: "POST", headers: { "content-type": "application/json" }, body: '{"query":"{ __typename }"}' });
      return running;
    } catch {
      await sleep(250);
    }
  }
}

async function stopServer(s: Running): Promise<void> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return;
  const exited = new Promise((resolve) => s.child.once("exit", resolve));
  s.child.kill("SIGTERM");
  if ((await Promise.race([exited.then(() => true), sleep(5000).then(() => false)])) === false) {
    s.child.kill("SIGKILL");
    await exited;
  }
}

const stopAll = () => Promise.all(children.map(stopServer));

// ───────────── the questions ─────────────

const SIMPLE: Record<ServerId, string> = {
  ours: "{ processes(first: 10) { edges { node { code name } } } }",
  postgraphile5: "{ allProcesses(first: 10, orderBy: CODE_ASC, condition: { archivedAt: null }) { nodes { code name } } }",
  postgraphile4: "{ allProcesses(first: 10, orderBy: CODE_ASC, condition: { archivedAt: null }) { nodes { code name } } }",
  plain: "{ processes(first: 10) { edges { node { code name } } } }",
};

/** The analyst query in PostGraphile's schema: the same rows, orders, limits and archive filters. */
const PG_NESTED = `{
  allProcesses(first: 10, orderBy: CODE_ASC, condition: { archivedAt: null }) { nodes { code name
    processStepsByProcessId(orderBy: POSITION_ASC, condition: { archivedAt: null }) { nodes { position name
      indicatorsByStepId(orderBy: CODE_ASC, condition: { archivedAt: null }) { nodes { code
        readingsByIndicatorId(first: 100, orderBy: OBSERVED_AT_DESC) { nodes { value observedAt } } } } } } } }
  allRisks(first: 100, orderBy: CODE_ASC, condition: { archivedAt: null }) { nodes { code title
    riskAssessmentsByRiskId(first: 1, orderBy: [ASSESSED_AT_DESC, CREATED_AT_DESC]) { nodes { score level } } } }
}`;
const NESTED: Partial<Record<ServerId, string>> = { ours: ANALYST_QUERY, postgraphile5: PG_NESTED, postgraphile4: PG_NESTED };

/** The rows of an answer, in one shape for every server (a connection's `edges { node }` or `nodes`). */
interface Rows {
  processes: { code: string; name: string; steps: { position: number; name: string; indicators: { code: string; readings: number[] }[] }[] }[];
  risks: { code: string; title: string; latest: { score: number; level: string } | null }[];
}

const list = (c: any): any[] => (c?.edges ? c.edges.map((e: any) => e.node) : (c?.nodes ?? c ?? []));

function rows(data: any): Rows {
  const processes = list(data.processes ?? data.allProcesses).map((p: any) => ({
    code: p.code,
    name: p.name,
    steps: list(p.steps ?? p.processStepsByProcessId).map((s: any) => ({
      position: s.position,
      name: s.name,
      indicators: list(s.indicators ?? s.indicatorsByStepId).map((i: any) => ({
        code: i.code,
        readings: list(i.readings ?? i.readingsByIndicatorId).map((r: any) => r.value),
      })),
    })),
  }));
  const risks = list(data.risks ?? data.allRisks).map((k: any) => {
    const latest = k.latestAssessment ?? list(k.riskAssessmentsByRiskId)[0] ?? null;
    return { code: k.code, title: k.title, latest: latest && { score: latest.score, level: latest.level } };
  });
  return { processes, risks };
}

function counts(r: Rows) {
  const steps = r.processes.flatMap((p) => p.steps);
  const indicators = steps.flatMap((s) => s.indicators);
  return {
    processes: r.processes.length,
    steps: steps.length,
    indicators: indicators.length,
    readings: indicators.reduce((n, i) => n + i.readings.length, 0),
    risks: r.risks.length,
    assessments: r.risks.filter((k) => k.latest).length,
  };
}

interface Answer {
  /** The exact body, for autocannon's expectBody: every answer under load is checked against it. */
  body: string;
  rows: Rows | null;
  error: string | null;
}

async function ask(s: Running, query: string, token: string | null): Promise<Answer> {
  const res = await fetch(s.url, { method: "POST", headers: headers(s, token), body: JSON.stringify({ query }) });
  const body = await res.text();
  try {
    const json = JSON.parse(body) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
    if (json.errors?.length || !json.data) {
      const e = json.errors?.[0];
      return { body, rows: null, error: `HTTP ${res.status}: ${e?.extensions?.code ? `${e.extensions.code}: ` : ""}${e?.message ?? body.slice(0, 300)}` };
    }
    return { body, rows: rows(json.data), error: null };
  } catch {
    return { body, rows: null, error: `HTTP ${res.status}: ${body.slice(0, 300)}` };
  }
}

const headers = (s: Running, token: string | null): Record<string, string> => ({
  "content-type": "application/json",
  ...(s.id === "ours" && token ? { authorization: `Bearer ${token}` } : {}),
});

// ───────────── measuring ─────────────

const peerRequire = () => createRequire(join(PEERS_DIR, "v5", "package.json"));

interface Load {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  /** Errors, timeouts, non-2xx answers and answers that differ from the checked one. */
  bad: number;
}

/**
 * autocannon on one server. `expect`: the exact body every answer must be (the simple list), or a
 * test of each body: autocannon decodes each chunk on its own, so a large answer whose multi-byte
 * characters straddle two chunks would not compare equal to the whole (the nested query).
 */
async function cannon(s: Running, query: string, expect: string | ((body: string) => boolean), token: string | null, seconds: number): Promise<Load> {
  const autocannon = peerRequire()("autocannon");
  const r = await autocannon({
    url: s.url,
    connections: CONNECTIONS,
    duration: seconds,
    method: "POST",
    headers: headers(s, token),
    body: JSON.stringify({ query }),
    ...(typeof expect === "string" ? { expectBody: expect } : { verifyBody: expect }),
  });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    bad: r.errors + r.timeouts + r.non2xx + (r.mismatches ?? 0),
  };
}

/** Milliseconds of `runs` requests one after another; each answer must be `expect`, byte for byte (else counted in `bad`). */
async function sequential(s: Running, query: string, expect: string, token: string | null, runs: number, warmup: number, bad: Map<ServerId, number>): Promise<number[]> {
  const init = { method: "POST", headers: headers(s, token), body: JSON.stringify({ query }) };
  for (let i = 0; i < warmup; i++) await (await fetch(s.url, init)).text();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const body = await (await fetch(s.url, init)).text();
    out.push(performance.now() - t0);
    if (body !== expect) bad.set(s.id, (bad.get(s.id) ?? 0) + 1);
  }
  return out;
}

/** Each round visits the servers in a rotated order, so drift in the machine's load hits all alike. */
const rotated = <T>(xs: T[], round: number) => xs.map((_, i) => xs[(i + round) % xs.length]);
/** The middle value; the mean of the two middle ones for an even count (two rounds). */
function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
/** autocannon's latencies are whole milliseconds. */
const latency = (v: number) => (v < 1 ? "< 1 ms" : `${fmt(v)} ms`);

// ───────────── the run ─────────────

const load0 = loadavg();
const started = Date.now();
let dbCreated = false;
const cleanup = async () => {
  await stopAll();
  if (dbCreated) await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
};
// Ctrl-C: every server stopped and the database dropped before exiting. A second signal (a terminal
// sends one to the whole process group, a parent may relay another) must not end the process early.
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`${signal}: stopping the servers and dropping ${DB_NAME}`);
    cleanup().finally(() => process.exit(130));
  });
}

try {
  installPeers();
  const peers = { postgraphile5: version("v5", "postgraphile"), postgraphile4: version("v4", "postgraphile"), autocannon: version("v5", "autocannon"), pg: version("v5", "pg") };
  console.error(`Peers: PostGraphile ${peers.postgraphile5} and ${peers.postgraphile4}, autocannon ${peers.autocannon}, pg ${peers.pg} (in ${PEERS_DIR}).`);
  dbCreated = true;
  const seeded = await prepareDatabase();
  console.error(`Database ${DB_NAME}: migrated and seeded (${seeded}).`);

  const ids: ServerId[] = ["ours", "postgraphile5", "postgraphile4", "plain"];
  // All settled before a failure is thrown, so that no start-up loop outlives the clean-up.
  const starts = await Promise.allSettled(ids.map(startServer));
  const failed = starts.find((x) => x.status === "rejected");
  if (failed) throw failed.reason;
  const servers = starts.map((x) => (x as PromiseFulfilledResult<Running>).value);
  const ours = servers[0];
  const token = await login(ours.url, "management@example.com");

  // The answers, checked against ours before anything is measured.
  const simple = new Map<ServerId, Answer>();
  const nested = new Map<ServerId, Answer>();
  for (const s of servers) {
    simple.set(s.id, await ask(s, SIMPLE[s.id], token));
    if (NESTED[s.id]) nested.set(s.id, await ask(s, NESTED[s.id]!, token));
  }
  const simpleRef = JSON.stringify(simple.get("ours")!.rows?.processes);
  // The reference for the nested rows: ours, or the first peer that answered when ours refused.
  const nestedRefId = (["ours", "postgraphile5", "postgraphile4"] as const).find((id) => nested.get(id)?.rows) ?? "ours";
  const nestedRef = nested.get(nestedRefId)!.rows;
  const simpleOk = (a: Answer) => !a.error && JSON.stringify(a.rows!.processes) === simpleRef;
  const nestedOk = (a: Answer) => !a.error && JSON.stringify(a.rows) === JSON.stringify(nestedRef);
  for (const s of servers) {
    const a = simple.get(s.id)!;
    console.error(`${LABEL[s.id]} simple list: ${a.error ?? a.rows!.processes.map((p) => p.code).join(", ")}${simpleOk(a) ? "" : " (NOT the same rows as ours)"}`);
    const n = nested.get(s.id);
    if (n) console.error(`${LABEL[s.id]} nested: ${n.error ?? JSON.stringify(counts(n.rows!))}${nestedOk(n) ? "" : " (NOT the same rows)"}`);
  }
  if (plainShape(simple.get("plain")!, simple.get("ours")!)) console.error("node:http + pg answers byte for byte as our API does.");

  const simpleServers = servers.filter((s) => simpleOk(simple.get(s.id)!));
  const nestedServers = servers.filter((s) => nested.has(s.id) && nestedOk(nested.get(s.id)!));

  // Warm-up, then the simple list under load, interleaved.
  for (const s of simpleServers) await cannon(s, SIMPLE[s.id], simple.get(s.id)!.body, token, WARMUP_SECONDS);
  const simpleLoad = new Map<ServerId, Load[]>(simpleServers.map((s) => [s.id, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const s of rotated(simpleServers, round)) {
      const r = await cannon(s, SIMPLE[s.id], simple.get(s.id)!.body, token, SECONDS);
      simpleLoad.get(s.id)!.push(r);
      console.error(`simple round ${round + 1} ${LABEL[s.id]}: ${fmt(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms${r.bad ? `, ${r.bad} bad` : ""}`);
    }
  }

  // The nested query: one at a time, then 10 connections.
  const nestedTimes = new Map<ServerId, number[]>(nestedServers.map((s) => [s.id, []]));
  const nestedBad = new Map<ServerId, number>();
  for (let round = 0; round < NESTED_ROUNDS; round++) {
    for (const s of rotated(nestedServers, round)) {
      nestedTimes.get(s.id)!.push(...(await sequential(s, NESTED[s.id]!, nested.get(s.id)!.body, token, NESTED_RUNS, round === 0 ? 5 : 1, nestedBad)));
    }
  }
  for (const s of nestedServers) {
    const t = nestedTimes.get(s.id)!;
    console.error(`nested sequential ${LABEL[s.id]}: p50 ${ms(percentile(t, 50))}, p99 ${ms(percentile(t, 99))}`);
  }
  const nestedLoad = new Map<ServerId, Load[]>(nestedServers.map((s) => [s.id, []]));
  const answered = (body: string) => body.startsWith('{"data"') && !body.includes('"errors"');
  for (let round = 0; round < NESTED_LOAD_ROUNDS; round++) {
    for (const s of rotated(nestedServers, round)) {
      const r = await cannon(s, NESTED[s.id]!, answered, token, NESTED_SECONDS);
      nestedLoad.get(s.id)!.push(r);
      console.error(`nested load round ${round + 1} ${LABEL[s.id]}: ${fmt(r.rps, 1)} req/s${r.bad ? `, ${r.bad} bad` : ""}`);
    }
  }
  await stopAll();
  const load1 = loadavg();

  writeReport("peers", report({ peers, seeded, servers: ids, simple, nested, nestedRefId, simpleOk, nestedOk, simpleLoad, nestedTimes, nestedBad, nestedLoad, load0, load1 }));
} finally {
  await cleanup();
}

function plainShape(plain: Answer, ours: Answer): boolean {
  return !plain.error && plain.body === ours.body;
}

// ───────────── the report ─────────────

function report(r: {
  peers: Record<string, string>;
  seeded: string;
  servers: ServerId[];
  simple: Map<ServerId, Answer>;
  nested: Map<ServerId, Answer>;
  nestedRefId: ServerId;
  simpleOk: (a: Answer) => boolean;
  nestedOk: (a: Answer) => boolean;
  simpleLoad: Map<ServerId, Load[]>;
  nestedTimes: Map<ServerId, number[]>;
  nestedBad: Map<ServerId, number>;
  nestedLoad: Map<ServerId, Load[]>;
  load0: number[];
  load1: number[];
}): string {
  const la = (l: number[]) => `${l[0].toFixed(1)} / ${l[1].toFixed(1)} / ${l[2].toFixed(1)}`;
  const rps = (id: ServerId, m: Map<ServerId, Load[]>) => (m.get(id)?.length ? median(m.get(id)!.map((x) => x.rps)) : Number.NaN);
  const nestedP = (id: ServerId, p: number) => (r.nestedTimes.get(id)?.length ? percentile(r.nestedTimes.get(id)!, p) : Number.NaN);
  const refused = r.nested.get("ours")!.error;
  const na = refused ? `n/a (Control Room: ${refused.replace(/^HTTP \d+: /, "").replace(/:.*/, "")})` : "n/a";
  const ratio = (a: number, b: number, d = 2) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(d)}×` : na);
  const pct = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${((100 * a) / b).toFixed(1)} %` : "n/a");
  const pgs = r.servers.filter((id) => id.startsWith("postgraphile"));

  const answerRows = r.servers.map((id) => {
    const a = r.simple.get(id)!;
    const n = r.nested.get(id);
    const c = n?.rows ? counts(n.rows) : null;
    const nestedCell = !n ? "(not asked: simple query only)" : n.error ? `**error** ${n.error}` : `${Object.values(c!).join(" / ")}`;
    return `| ${LABEL[id]} | ${a.error ? `**error** ${a.error}` : a.rows!.processes.map((p) => p.code).join(", ")} | ${r.simpleOk(a) ? "yes" : "no"} | ${nestedCell} | ${n ? (r.nestedOk(n) ? "yes" : n.error ? "no (error)" : "no") : "–"} |`;
  });
  const simpleRows = r.servers.map((id) => {
    const l = r.simpleLoad.get(id);
    if (!l) return `| ${LABEL[id]} | not measured: ${r.simple.get(id)!.error ?? "its rows differ from ours"} | | | | |`;
    return `| ${LABEL[id]} | ${fmt(rps(id, r.simpleLoad))} | ${l.map((x) => fmt(x.rps)).join(", ")} | ${latency(median(l.map((x) => x.p50)))} | ${latency(median(l.map((x) => x.p99)))} | ${l.reduce((n, x) => n + x.bad, 0)} of ${fmt(l.reduce((n, x) => n + x.requests, 0))} |`;
  });
  const nestedRows = r.servers
    .filter((id) => r.nested.has(id))
    .map((id) => {
      const t = r.nestedTimes.get(id);
      if (!t) return `| ${LABEL[id]} | not measured: ${r.nested.get(id)!.error ?? "its rows differ"} | | | | |`;
      const l = r.nestedLoad.get(id)!;
      return `| ${LABEL[id]} | ${ms(percentile(t, 50))} | ${ms(percentile(t, 99))} | ${r.nestedBad.get(id) ?? 0} of ${t.length} | ${fmt(rps(id, r.nestedLoad), 1)} (${l.map((x) => fmt(x.rps, 1)).join(", ")}) | ${l.reduce((n, x) => n + x.bad, 0)} of ${fmt(l.reduce((n, x) => n + x.requests, 0))} |`;
    });
  const ratioRows = [
    ...pgs.map((pgId) => `| simple list req/s, ours / ${LABEL[pgId]} | ≥ 1 | ${ratio(rps("ours", r.simpleLoad), rps(pgId, r.simpleLoad))} |`),
    `| simple list req/s, ours / node:http + pg | ≥ 60 % | ${pct(rps("ours", r.simpleLoad), rps("plain", r.simpleLoad))} |`,
    ...pgs.map(
      (pgId) =>
        `| nested query p50 / p99, ours / ${LABEL[pgId]} (below 1 is faster) | < 1 | ${refused ? na : `${ratio(nestedP("ours", 50), nestedP(pgId, 50))} / ${ratio(nestedP("ours", 99), nestedP(pgId, 99))}`} |`,
    ),
    ...pgs.map((pgId) => `| nested query req/s at ${CONNECTIONS} connections, ours / ${LABEL[pgId]} | > 1 | ${ratio(rps("ours", r.nestedLoad), rps(pgId, r.nestedLoad))} |`),
  ];
  const benchEnv = Object.keys(process.env)
    .filter((k) => k.startsWith("BENCH_"))
    .sort()
    .map((k) => `${k}=${process.env[k]} `)
    .join("");
  const withResolvers = typeof (Promise as { withResolvers?: unknown }).withResolvers === "function";
  return `# Peers side by side: Control Room, PostGraphile v5 and v4, node:http + pg

Command: \`DATABASE_URL=… ${benchEnv}pnpm bench:peers\` (test/bench/peers.ts; child servers in test/bench/peer-server.ts).
Settings: simple list ${ROUNDS} rounds × ${SECONDS} s per server after ${WARMUP_SECONDS} s of warm-up; nested query ${NESTED_ROUNDS} × ${NESTED_RUNS} sequential runs and ${NESTED_LOAD_ROUNDS} rounds × ${NESTED_SECONDS} s at ${CONNECTIONS} connections per server; every round visits the servers in a rotated order.
Machine: ${machine()}; load average (1 / 5 / 15 min) ${la(r.load0)} at the start, ${la(r.load1)} at the end. Run: ${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)} s in all.
Code: ${codeVersion()}${process.env.BENCH_SERVER_DIR ? `; Control Room's server from ${"`"}${SERVER_DIR}${"`"}` : ""}. Peers (npm, installed into ${"`"}<tmpdir>/controlroom-bench-peers${"`"}, not the workspace): PostGraphile ${r.peers.postgraphile5} and ${r.peers.postgraphile4}, autocannon ${r.peers.autocannon}, pg ${r.peers.pg}.

Database: a fresh \`${DB_NAME}\` on the PostgreSQL server of DATABASE_URL, migrated with \`node scripts/pnpm.mjs run db:deploy\` and seeded with \`SEED_READINGS_DAYS=90 node scripts/pnpm.mjs run db:seed\` (${r.seeded}), dropped at the end.

Servers, each its own child process on the same database, each with a pg pool of ${POOL} connections, NODE_ENV=production:
- **Control Room**: \`node --import tsx src/index.ts\` in packages/server, RATE_LIMIT_PER_MINUTE raised to 10⁹, LOG_LEVEL=warn, no REDIS_URL (in-process bus and rate limiter, as the peers are single processes). It answers as management@example.com (Bearer token from \`login\`), the viewer who may read every row: every request is authenticated, authorised row by row (unit and classification filters), complexity-checked and rate-limited.
- **PostGraphile v5** (amber preset, grafserv on node:http, GRAPHILE_ENV=production) and **PostGraphile v4** (library mode on node:http, default options but \`usePartitionedParent: true\`, without which v4 exposes the monthly partitions of \`reading\` and not the table) run as the **database owner with no authorization**: no token, no row filter, no rate limit.
- **node:http + pg**: parses the JSON body and answers the simple list with one \`SELECT code, name FROM process WHERE archived_at IS NULL ORDER BY code LIMIT 10\`, in the JSON our API returns${plainShape(r.simple.get("plain")!, r.simple.get("ours")!) ? " (byte for byte the same answer)" : ""}.

PostGraphile v5 on Node ${process.version}: v5 declares \`engines: node >= 22\`; ${withResolvers ? "this Node has `Promise.withResolvers` natively." : "this Node lacks `Promise.withResolvers` (ES2024, Node 22), which @dataplan/pg's executor calls before sending its statement (`@dataplan/pg/dist/executor.js`); the TypeError leaves the step's result undefined and every connection field fails with `Cannot read properties of undefined (reading 'items')` (grafast `steps/connection.js`), on this schema and on a one-table schema alike: the monthly-partitioned `reading` table is not the cause. peer-server.ts installs the built-in's standard definition before loading v5, and v5 then serves."} v5 offers \`condition\` and \`orderBy\` only on indexed columns; its \`PgIndexBehaviorsPlugin\` is disabled so that both PostGraphiles take the same query (v4 offers them on every column by default).

## The questions, and the answers checked before measuring

Simple list: ours \`${SIMPLE.ours}\`; PostGraphile \`${SIMPLE.postgraphile4}\`.

Nested analyst query (processes → steps by position → indicators → last 100 readings, newest first; risks → latest assessment), ours:

\`\`\`graphql
${ANALYST_QUERY}
\`\`\`

PostGraphile (the same rows, orders, limits and archive filters; \`level\` is the assessment's stored column there, computed from the matrix in ours):

\`\`\`graphql
${PG_NESTED}
\`\`\`

Nested counts are processes / steps / indicators / readings / risks / latest assessments. "Same rows" compares every code, name, position, title, reading value (in order), score and level with ${r.nestedRefId === "ours" ? "Control Room's answer" : `${LABEL[r.nestedRefId]}'s answer (Control Room's was an error)`}. While measuring, every answer is checked (the "bad" columns): the simple list's and the one-at-a-time nested answers byte for byte against the first answer; the nested answers under autocannon for data without errors (autocannon decodes each chunk on its own, so a large body with multi-byte characters cannot be compared whole).

| server | simple list: process codes | same rows | nested: counts | same rows |
|---|---|---|---|---|
${answerRows.join("\n")}

## Simple list, autocannon, ${CONNECTIONS} connections

| server | req/s (median of rounds) | req/s per round | latency p50 | latency p99 | bad answers |
|---|---|---|---|---|---|
${simpleRows.join("\n")}

## Nested analyst query

One request at a time (${NESTED_ROUNDS} × ${NESTED_RUNS} per server, after warm-up), and req/s at ${CONNECTIONS} connections (median of ${NESTED_LOAD_ROUNDS} rounds):

| server | p50 | p99 | bad answers (one at a time) | req/s at ${CONNECTIONS} connections (per round) | bad answers (load) |
|---|---|---|---|---|---|
${nestedRows.join("\n")}

## Ratios (issue 13 goals)

| figure | goal | measured |
|---|---|---|
${ratioRows.join("\n")}
`;
}
