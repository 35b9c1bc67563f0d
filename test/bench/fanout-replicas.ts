/**
 * Benchmark (the fan-out script's second part, issue 13): a breach reaches 10,000 graphql-ws
 * subscribers spread over 2 replicas joined by Redis, against a raw `ws` broadcast of the same
 * frame to 10,000 raw clients, in one run on PostgreSQL + Redis.
 *
 *   DATABASE_URL=postgresql://… REDIS_URL=redis://… timeout 1800 npx tsx test/bench/fanout-replicas.ts
 *   (or `pnpm bench:fanout:replicas`; BENCH_SUBSCRIBERS, BENCH_ROUNDS to change the size)
 *
 * Two app processes (Redis bus) each hold half the subscribers (the dashboard's selection, the
 * wall's viewer); the breaching reading is POSTed to the first, so the second's half gets it over
 * Redis. Raw: the same POST body to the raw broadcaster, which writes the captured frame to each of
 * its clients. The graphql-ws clients live in one client process, the raw ones in another; rounds
 * (breach, then clear) interleave.
 *
 * Writes docs/bench/fanout-replicas.md.
 */
import { performance } from "node:perf_hooks";
import { ClientProcess, codeVersion, fmt, loadAverage, login, prepareDatabase, requireDatabaseUrl, requireRedisUrl, ServerProcess, sleep, summary } from "./harness.js";
import { breachRound, clearRound, rawRound } from "./live.js";
import { machine, ms, writeReport } from "./stats.js";

requireDatabaseUrl();
requireRedisUrl();
const N = Number(process.env.BENCH_SUBSCRIBERS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const started = performance.now();
const loadBefore = loadAverage();
const code = codeVersion();

const { db, url: dbUrl, indicators } = await prepareDatabase(1);
const ind = indicators[0];
const servers: ServerProcess[] = [];
// Two client processes: 10,000 graphql-ws and 10,000 raw sockets exceed one process's 20,000 descriptors here.
const clients = new ClientProcess();
const rawClients = new ClientProcess();
try {
  const a = await ServerProcess.app(dbUrl, { bus: "redis" });
  const b = await ServerProcess.app(dbUrl, { bus: "redis" });
  const raw = await ServerProcess.raw();
  servers.push(a, b, raw);
  const office = await login(a.url, "office@example.com");
  const wall = await login(a.url, "management@example.com");
  const t0 = performance.now();
  await clients.openGraphql("gql", a.ws, Math.ceil(N / 2), wall);
  await clients.openGraphql("gql", b.ws, Math.floor(N / 2), wall);
  const openGql = performance.now() - t0;
  const t1 = performance.now();
  await rawClients.openRaw("raw", raw.rawUrl, N);
  const openRaw = performance.now() - t1;
  await sleep(500);

  // Warm-up (caches, JIT), then the frame the raw broadcaster sends.
  await breachRound(clients, "gql", a.url, office, ind.globalId);
  await clearRound(clients, "gql", a.url, office, ind.globalId);
  await raw.setPayload(await clients.sample("gql"));
  await rawRound(rawClients, "raw", raw.triggerUrl, ind.globalId);

  const gql: { first: number[]; all: number; resp: number }[] = [];
  const base: { first: number[]; all: number; resp: number }[] = [];
  const keep = (into: typeof gql, r: { first: number[]; responseMs: number }) => into.push({ first: r.first, all: Math.max(...r.first), resp: r.responseMs });
  const timedStart = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    keep(gql, await breachRound(clients, "gql", a.url, office, ind.globalId));
    await clearRound(clients, "gql", a.url, office, ind.globalId);
    keep(base, await rawRound(rawClients, "raw", raw.triggerUrl, ind.globalId));
    console.error(`[replicas] round ${i + 1}: GraphQL all delivered ${gql[i].all.toFixed(0)} ms, raw ${base[i].all.toFixed(0)} ms`);
  }
  const timedSeconds = (performance.now() - timedStart) / 1000;
  const g = summary(gql.flatMap((x) => x.first));
  const r = summary(base.flatMap((x) => x.first));
  const gAll = summary(gql.map((x) => x.all));
  const rAll = summary(base.map((x) => x.all));
  const row = (name: string, s: ReturnType<typeof summary>, all: ReturnType<typeof summary>) => `| ${name} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(all.p50)} | ${ms(all.max)} |`;
  writeReport(
    "fanout-replicas",
    `# Breach → ${fmt(N)} subscribers over 2 replicas with Redis

Command: \`DATABASE_URL=… REDIS_URL=… timeout 1800 npx tsx test/bench/fanout-replicas.ts\` (or \`pnpm bench:fanout:replicas\`); ${ROUNDS} rounds per path, interleaved.
Machine: ${machine()}; ${loadBefore} at start, ${loadAverage()} at the end (other work shares the machine).
Code: ${code}.
Run: ${new Date().toISOString()}, ${((performance.now() - started) / 1000).toFixed(0)} s in all (timed rounds ${timedSeconds.toFixed(0)} s).

Two app processes on the same PostgreSQL database with the Redis bus, each holding half of ${fmt(N)} graphql-ws subscribers (one
connection and one \`alertEvents\` subscription each, the dashboard's selection, one viewer: one group per replica); the breaching
reading (\`recordReadings\`, HTTP) goes to the first replica, so the second replica's half receives the event through Redis. Baseline:
the same POST body to a raw \`ws\` broadcaster writing the captured frame to ${fmt(N)} raw clients. The graphql-ws clients in one client
process, the raw ones in another;
times from just before the POST to each client's parsed \`next\` frame. Connecting took ${fmt(openGql)} ms for ${fmt(N)} graphql-ws
subscriptions and ${fmt(openRaw)} ms for ${fmt(N)} raw sockets.

| path | p50 | p99 | all ${fmt(N)} delivered, p50 | all delivered, max |
|---|---|---|---|---|
${row("GraphQL over 2 replicas + Redis", g, gAll)}
${row("baseline: raw ws broadcast", r, rAll)}

**p99 ${ms(g.p99)}; goal: all delivered p99 ≤ 500 ms: ${g.p99 <= 500 ? "met" : "missed"}** (per-subscriber p99; the slowest round delivered to all in ${ms(gAll.max)}).
Ratio to the raw broadcast in the same run: p50 ${(g.p50 / r.p50).toFixed(1)}×, p99 ${(g.p99 / r.p99).toFixed(1)}×. The mutation's response came after p50
${ms(summary(gql.map((x) => x.resp)).p50)}.
`,
  );
} finally {
  await clients.stop();
  await rawClients.stop();
  for (const s of servers) await s.stop();
  await db.close();
}
