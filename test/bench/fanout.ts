/**
 * Benchmark: fan-out, alert events delivered per second to 1,000 graphql-ws subscribers, against a
 * raw `ws` broadcast of the same frames to 1,000 raw ws clients, in one run on PostgreSQL.
 *
 *   DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:5432/postgres timeout 600 npx tsx test/bench/fanout.ts
 *
 * A burst: the client process POSTs one recordReadings batch of K readings that flap across the
 * bench rule (breach, clear, breach, …), which makes K alert events (FIRED / RESOLVED) in one
 * transaction, published together after commit; each of the N subscribers must receive all K. The
 * rate is N·K deliveries over the time from sending the batch to the last delivery. Baseline: the
 * same body to the raw broadcaster, which sends K frames (serialised once each) to each of N raw
 * clients. Server, raw broadcaster and clients each run in their own process; bursts interleave.
 *
 * Writes docs/bench/fanout.md. Its second part, a breach to 10,000 subscribers over 2 replicas with
 * Redis, is fanout-replicas.ts (`pnpm bench:fanout:replicas`, docs/bench/fanout-replicas.md).
 */
import { performance } from "node:perf_hooks";
import {
  ClientProcess,
  codeVersion,
  fmt,
  gcLine,
  loadAverage,
  login,
  prepareDatabase,
  requireDatabaseUrl,
  ServerProcess,
  sleep,
  sqlDelta,
  summary,
  type ProcessMeasure,
} from "./harness.js";
import { breachRound, burstRound, clearRound, rawRound } from "./live.js";
import { machine, ms, writeReport } from "./stats.js";

const MINIMAL = `subscription { alertEvents { id } }`;

requireDatabaseUrl();
const N = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const K = Number(process.env.BENCH_BURST ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
if (K % 2 !== 0) throw new Error("BENCH_BURST must be even (the burst leaves the rule clear).");
const POOL = process.env.DATABASE_POOL ?? "10";
const started = performance.now();
const loadBefore = loadAverage();
const code = codeVersion();

const { db, url: dbUrl, indicators } = await prepareDatabase(1);
const ind = indicators[0];
const servers: ServerProcess[] = [];
const clients = new ClientProcess();
try {
  const main = await ServerProcess.app(dbUrl);
  servers.push(main);
  const small = await ServerProcess.app(dbUrl);
  servers.push(small);
  const raw = await ServerProcess.raw();
  servers.push(raw);
  const office = await login(main.url, "office@example.com");
  const wall = await login(main.url, "management@example.com");
  await clients.openGraphql("gql", main.ws, N, wall);
  await clients.openRaw("raw", raw.rawUrl, N);
  await clients.openGraphql("min", small.ws, N, wall, MINIMAL);

  for (const [set, s] of [
    ["gql", main],
    ["min", small],
  ] as const) {
    await breachRound(clients, set, s.url, office, ind.globalId);
    await clearRound(clients, set, s.url, office, ind.globalId);
    await burstRound(clients, set, s.url, office, ind.globalId, K);
  }
  const frame = await clients.sample("gql");
  await raw.setPayload(frame);
  await rawRound(clients, "raw", raw.triggerUrl, ind.globalId, K);

  interface Burst {
    rate: number;
    makespan: number;
    resp: number;
    server: ProcessMeasure;
    sql: number;
  }
  const results = { gql: [] as Burst[], raw: [] as Burst[], min: [] as Burst[] };
  const burst = async (name: keyof typeof results, server: ServerProcess, run: () => Promise<{ last: number[]; responseMs: number; received: number }>) => {
    const sql0 = await server.sqlCounts();
    await server.measureStart();
    const r = await run();
    const m = await server.measureStop();
    const delta = sqlDelta(sql0, await server.sqlCounts());
    const sql = Object.values(delta).reduce((a, b) => a + b, 0);
    const makespan = Math.max(...r.last);
    results[name].push({ rate: r.received / (makespan / 1000), makespan, resp: r.responseMs, server: m, sql });
    console.error(
      `[fanout] ${name}: ${fmt(r.received)} deliveries in ${makespan.toFixed(0)} ms = ${fmt(r.received / (makespan / 1000))}/s, ${fmt(sql)} SQL statements (${fmt(delta["SELECT process"] ?? 0)} on process)`,
    );
  };
  const steps = [
    () => burst("gql", main, () => burstRound(clients, "gql", main.url, office, ind.globalId, K)),
    () => burst("raw", raw, () => rawRound(clients, "raw", raw.triggerUrl, ind.globalId, K)),
    () => burst("min", small, () => burstRound(clients, "min", small.url, office, ind.globalId, K)),
  ];
  const timedStart = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    for (const step of i % 2 === 0 ? steps : [...steps].reverse()) {
      await step();
      await sleep(50);
    }
  }
  const timedSeconds = (performance.now() - timedStart) / 1000;

  const agg = (b: Burst[]) => {
    const totalDeliveries = N * K * b.length;
    const totalMs = b.reduce((a, x) => a + x.makespan, 0);
    const cpu = b.reduce((a, x) => a + x.server.cpuMs, 0);
    return {
      rate: totalDeliveries / (totalMs / 1000),
      p50: summary(b.map((x) => x.rate)).p50,
      makespan: summary(b.map((x) => x.makespan)),
      resp: summary(b.map((x) => x.resp)),
      elu: b.reduce((a, x) => a + x.server.elu * x.server.wallMs, 0) / b.reduce((a, x) => a + x.server.wallMs, 0),
      cpuPerDelivery: (cpu * 1000) / totalDeliveries,
      sqlPerEvent: b.reduce((a, x) => a + x.sql, 0) / (K * b.length),
    };
  };
  const mergeGc = (ms: ProcessMeasure[]): ProcessMeasure => ({
    elu: 0,
    cpuMs: ms.reduce((a, x) => a + x.cpuMs, 0),
    wallMs: ms.reduce((a, x) => a + x.wallMs, 0),
    heapUsed: ms[ms.length - 1].heapUsed,
    gc: {
      minor: { n: ms.reduce((a, x) => a + x.gc.minor.n, 0), ms: ms.reduce((a, x) => a + x.gc.minor.ms, 0) },
      major: { n: ms.reduce((a, x) => a + x.gc.major.n, 0), ms: ms.reduce((a, x) => a + x.gc.major.ms, 0) },
      other: { n: ms.reduce((a, x) => a + x.gc.other.n, 0), ms: ms.reduce((a, x) => a + x.gc.other.ms, 0) },
    },
  });
  const g = agg(results.gql);
  const r = agg(results.raw);
  const w = agg(results.min);
  const seconds = (performance.now() - started) / 1000;
  const row = (name: string, a: ReturnType<typeof agg>) =>
    `| ${name} | ${fmt(a.rate)} | ${fmt(a.p50)} | ${ms(a.makespan.p50)} | ${ms(a.resp.p50)} | ${(a.elu * 100).toFixed(0)} % | ${a.cpuPerDelivery.toFixed(1)} µs | ${a.sqlPerEvent ? a.sqlPerEvent.toFixed(1) : "–"} |`;
  writeReport(
    "fanout",
    `# Fan-out: alert events delivered per second to ${fmt(N)} subscribers

Command: \`DATABASE_URL=… timeout 600 npx tsx test/bench/fanout.ts\` (or \`pnpm bench:fanout\`); ${ROUNDS} bursts per path, interleaved.
Machine: ${machine()}; ${loadBefore} at start, ${loadAverage()} at the end (other work shares the machine).
Code: ${code}.
PostgreSQL at DATABASE_URL: fresh database, seed with 1 day of readings, one bench indicator with a WARNING rule (ABOVE 90, clear at 80).
Run: ${new Date().toISOString()}, ${seconds.toFixed(0)} s in all (timed bursts ${timedSeconds.toFixed(0)} s).

A burst is one \`recordReadings\` batch (HTTP) of ${K} readings flapping across the rule, i.e. ${K} alert events (FIRED, RESOLVED, …)
committed in one transaction and published together; each of ${fmt(N)} subscribers (graphql-ws, one connection and one
\`alertEvents\` subscription each, the dashboard's selection) must receive all ${K}: ${fmt(N * K)} deliveries. Rate = deliveries ÷ time
from sending the batch to the last delivery, timed in the client process. Baseline: the same body POSTed to a raw \`ws\` broadcaster
that sends ${K} frames (the ${fmt(Buffer.byteLength(frame))}-byte frame captured from the GraphQL path, serialised once per frame) to ${fmt(N)} raw clients.
Server (Prisma pool ${POOL}, in-process bus), raw broadcaster, and clients each run in their own process. The diagnostic row is a third
server process (same code and database, own bus) whose ${fmt(N)} subscribers select only \`alertEvents { id }\`.

| path | deliveries/s (all bursts) | per burst, p50 | burst makespan p50 | batch response p50 | server event loop busy | server CPU per delivery | SQL statements per event |
|---|---|---|---|---|---|---|---|
${row("GraphQL (graphql-ws, alertEvents)", g)}
${row("baseline: raw ws broadcast", r)}
${row("diagnostic: GraphQL with the selection `alertEvents { id }`", w)}

**GraphQL fan-out is ${((g.rate / r.rate) * 100).toFixed(1)} % of the raw broadcast (goal ≥ 50 %: ${g.rate / r.rate >= 0.5 ? "met" : "missed"}).**
With the smallest selection (\`alertEvents { id }\`) it is ${((w.rate / r.rate) * 100).toFixed(1)} %.

Where the server's time goes: its event loop is busy ${(g.elu * 100).toFixed(0)} % of each GraphQL burst and spends ${g.cpuPerDelivery.toFixed(1)} µs of CPU per
delivery against ${r.cpuPerDelivery.toFixed(1)} µs for the raw broadcast; ${gcLine(mergeGc(results.gql.map((x) => x.server)))}.
${g.sqlPerEvent.toFixed(1)} SQL statements per event for ${fmt(N)} subscribers, ingest included. The ${fmt(N)} subscriptions share one selection and
one viewer, so they form one group (\`app/live-groups.ts\`): each event is checked, executed (its row read in one statement on the
driver, \`lib/driver-find.ts\`) and serialised once for the group; the events of a batch, published together, render together, and
each socket gets all their \`next\` frames (with its subscription id) in one write, where the raw broadcaster writes each frame to each
socket (${fmt(K)} writes per socket per burst). The diagnostic row (\`{ id }\`) shows what the selection's size still costs.
`,
  );
} finally {
  await clients.stop();
  for (const s of servers) await s.stop();
  await db.close();
}
