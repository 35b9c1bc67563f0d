/**
 * Benchmark: memory per idle subscribed connection. Heap and RSS of the server process (after full
 * garbage collections, `--expose-gc`) with N idle graphql-ws connections each holding one
 * `alertEvents` subscription, against the same server with none, and against a raw `ws` server
 * holding N idle raw connections (the baseline), in one run on PostgreSQL.
 *
 *   DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:5432/postgres timeout 600 npx tsx test/bench/memory.ts
 *
 * The servers run in their own processes started with `node --expose-gc --import tsx`, so `gc()`
 * is there whichever way this driver was started. States, each measured after GC: idle; N
 * connections without a subscription; N connections with one subscription each (never an event:
 * idle); the same after one alert event reached all of them (the per-subscription caches filled).
 * The raw server is measured idle and with N connections in the same phases (interleaved).
 *
 * Writes docs/bench/memory.md.
 */
import { performance } from "node:perf_hooks";
import { ClientProcess, codeVersion, fmt, kib, loadAverage, login, prepareDatabase, requireDatabaseUrl, ServerProcess, sleep } from "./harness.js";
import { breachRound, clearRound } from "./live.js";
import { machine, writeReport } from "./stats.js";

requireDatabaseUrl();
const N = Number(process.env.BENCH_CONNECTIONS ?? 2000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 2);
const started = performance.now();
const loadBefore = loadAverage();
const code = codeVersion();

const { db, url: dbUrl, indicators } = await prepareDatabase(1);
const ind = indicators[0];
const servers: ServerProcess[] = [];
const clients = new ClientProcess();
type Mem = Awaited<ReturnType<ServerProcess["memory"]>>;
try {
  const app = await ServerProcess.app(dbUrl, { execArgv: ["--expose-gc"] });
  const raw = new ServerProcess(["--expose-gc"]);
  raw.port = (await raw.call<{ port: number }>("start", { mode: "raw" })).port;
  servers.push(app, raw);
  const office = await login(app.url, "office@example.com");
  const wall = await login(app.url, "management@example.com");
  // Warm the app (schema, Prisma, a subscription and an event) so that first-use allocations are not counted per connection.
  await clients.openGraphql("warm", app.ws, 5, wall);
  await breachRound(clients, "warm", app.url, office, ind.globalId);
  await clearRound(clients, "warm", app.url, office, ind.globalId);
  await clients.closeSet("warm");
  await clients.openRaw("warm", raw.rawUrl, 5);
  await clients.closeSet("warm");

  /** Waits until the server has been idle (event loop < 5 % busy) for 500 ms, so no subscription is still being set up; then GC and measure. */
  const settle = async (s: ServerProcess) => {
    for (let i = 0; i < 60; i++) {
      await s.measureStart();
      await sleep(500);
      if ((await s.measureStop()).elu < 0.05) break;
    }
    return s.memory(true);
  };
  const delta = (a: Mem, b: Mem) => ({ heap: (b.heapUsed - a.heapUsed) / N, rss: (b.rss - a.rss) / N, external: (b.external - a.external) / N });
  const runs: { conn: ReturnType<typeof delta>; sub: ReturnType<typeof delta>; after: ReturnType<typeof delta>; raw: ReturnType<typeof delta>; idle: Mem; full: Mem }[] = [];
  for (let rep = 0; rep < REPEATS; rep++) {
    const idle = await settle(app);
    // Raw connections first on odd repeats, graphql-ws first on even ones.
    const rawPhase = async () => {
      const before = await settle(raw);
      await clients.openRaw("raw", raw.rawUrl, N);
      const m = await settle(raw);
      await clients.closeSet("raw");
      return delta(before, m);
    };
    let rawDelta: ReturnType<typeof delta> | null = null;
    if (rep % 2 === 1) rawDelta = await rawPhase();
    await clients.openGraphql("conn", app.ws, N, wall, undefined, false);
    const conn = await settle(app);
    await clients.closeSet("conn");
    const idle2 = await settle(app);
    await clients.openGraphql("sub", app.ws, N, wall);
    const sub = await settle(app);
    await breachRound(clients, "sub", app.url, office, ind.globalId);
    await clearRound(clients, "sub", app.url, office, ind.globalId);
    const after = await settle(app);
    await clients.closeSet("sub");
    if (rep % 2 === 0) rawDelta = await rawPhase();
    runs.push({ conn: delta(idle, conn), sub: delta(idle2, sub), after: delta(idle2, after), raw: rawDelta!, idle: idle2, full: after });
    console.error(`[memory] repeat ${rep + 1}: subscribed heap ${kib(runs[rep].sub.heap)}, RSS ${kib(runs[rep].sub.rss)} per connection`);
    await sleep(500);
  }
  const gcOk = runs[0].idle.gc;
  const mean = (f: (r: (typeof runs)[number]) => number) => runs.reduce((a, r) => a + f(r), 0) / runs.length;
  const row = (name: string, pick: (r: (typeof runs)[number]) => { heap: number; rss: number; external: number }, goal = false) => {
    const heap = mean((r) => pick(r).heap);
    // RSS only from the first repeat: the process keeps the pages of a repeat's connections afterwards, so later deltas read ~0.
    const rss = pick(runs[0]).rss;
    const ext = mean((r) => pick(r).external);
    const rawRss = runs[0].raw.rss;
    const rawHeap = mean((r) => r.raw.heap);
    return `| ${name} | ${kib(heap)} | ${kib(ext)} | ${kib(rss)} | ${(heap / rawHeap).toFixed(1)}× / ${(rss / rawRss).toFixed(1)}× |${goal ? ` ${Math.max(heap + ext, rss) <= 50 * 1024 ? "met" : "missed"} |` : " |"}`;
  };
  const seconds = (performance.now() - started) / 1000;
  writeReport(
    "memory",
    `# Memory per idle subscribed connection

Command: \`DATABASE_URL=… timeout 600 npx tsx test/bench/memory.ts\` (or \`pnpm bench:memory\`); ${fmt(N)} connections, ${REPEATS} repeats (mean shown).
Machine: ${machine()}; ${loadBefore} at start, ${loadAverage()} at the end.
Code: ${code}.
PostgreSQL at DATABASE_URL (fresh database, seed with 1 day of readings). Run: ${new Date().toISOString()}, ${seconds.toFixed(0)} s in all.

The app server and the raw \`ws\` server each run in their own process, started as \`node --expose-gc --import tsx\`
(gc available: ${gcOk ? "yes" : "NO — numbers include garbage"}); the ${fmt(N)} clients run in a third process. Each figure is the
difference in the server process's \`heapUsed\`, \`external\` and RSS, after four full collections, between the state and the idle
server, divided by ${fmt(N)}. Idle subscription: connected, \`connection_init\` acknowledged, one \`alertEvents\` subscription (the
dashboard's selection) started, no event yet. Server at the end: heap ${fmt(runs[runs.length - 1].full.heapUsed / 2 ** 20)} MiB, RSS ${fmt(runs[runs.length - 1].full.rss / 2 ** 20)} MiB with ${fmt(N)} subscriptions.

| state, per connection | heap | external | RSS (first repeat) | ratio to raw ws (heap / RSS) | goal ≤ 50 KB (issue 13) |
|---|---|---|---|---|---|
${row("graphql-ws connection, no subscription", (r) => r.conn)}
${row("graphql-ws connection + idle alertEvents subscription", (r) => r.sub, true)}
${row("the same after one alert event reached every subscriber", (r) => r.after, true)}
${row("baseline: raw ws connection", (r) => r.raw)}

Per repeat (heap / RSS per subscribed connection): ${runs.map((r) => `${kib(r.sub.heap)} / ${kib(r.sub.rss)}`).join("; ")}.
The ${fmt(N)} subscriptions share one selection and viewer, so they are one group (\`app/live-groups.ts\`) with one bus listener;
per subscription the server keeps its graphql-ws state, its context and its group membership (its socket and frame prefix).
Heap and external are the mean over the repeats; RSS is from the first repeat only (the process keeps the pages of a repeat's
connections afterwards, so later RSS deltas read about zero). RSS moves in pages and is returned to the system lazily, so it is the
coarser measure; heap after GC is the retained JavaScript memory. The goal counts the larger of heap + external and RSS.
`,
  );
} finally {
  await clients.stop();
  for (const s of servers) await s.stop();
  await db.close();
}
