/**
 * Benchmark: breach → subscriber latency with 1,000 graphql-ws subscribers on one server process,
 * against a raw `ws` broadcast of the same payload to 1,000 raw ws clients, in one run on PostgreSQL.
 *
 *   DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:5432/postgres timeout 600 npx tsx test/bench/latency.ts
 *
 * Processes: this one prepares the database and drives; the server under test runs alone in a forked
 * process (server-process.ts: the app on a port, in-process event bus, Prisma over PostgreSQL); the
 * raw broadcaster runs in another; a third (ws-clients.ts) holds all WebSocket clients and takes
 * every time. A round: the client process POSTs the breaching reading (recordReadings over HTTP,
 * one reading), and each subscriber's time runs from just before that request to its `next` frame
 * with the FIRED alertEvent. The raw round POSTs the same reading to the broadcaster, which parses
 * it and sends the same frame (captured from the GraphQL path) to every raw client. Rounds
 * interleave. Diagnostics (not the figure): the same with the smallest selection (`alertEvents { id }`)
 * on a second server process; SQL statements per event; event-loop use, GC and a CPU profile of
 * the server.
 *
 * Writes docs/bench/latency.md.
 */
import { performance } from "node:perf_hooks";
import {
  ClientProcess,
  codeVersion,
  cpuTable,
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
  where,
} from "./harness.js";
import { breachRound, clearRound, rawRound } from "./live.js";
import { machine, ms, writeReport } from "./stats.js";

requireDatabaseUrl();
const N = Number(process.env.BENCH_SUBSCRIBERS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const DIAG_ROUNDS = Number(process.env.BENCH_DIAG_ROUNDS ?? 4);
const POOL = process.env.DATABASE_POOL ?? "10";
const MINIMAL = `subscription { alertEvents { id } }`;
const started = performance.now();
const loadBefore = loadAverage();
const code = codeVersion();

const { db, url: dbUrl, indicators } = await prepareDatabase(1);
const ind = indicators[0];
const servers: ServerProcess[] = [];
const clients = new ClientProcess();
try {
  const main = await ServerProcess.app(dbUrl);
  const small = await ServerProcess.app(dbUrl);
  const raw = await ServerProcess.raw();
  servers.push(main, small, raw);
  const office = await login(main.url, "office@example.com");
  const wall = await login(main.url, "management@example.com");

  const openGql = await clients.openGraphql("gql", main.ws, N, wall);
  const openRaw = await clients.openRaw("raw", raw.rawUrl, N);
  await clients.openGraphql("min", small.ws, N, wall, MINIMAL);

  // Warm-up: every subscription live, first-use costs paid.
  for (let i = 0; i < 3; i++) {
    for (const [set, s] of [
      ["gql", main],
      ["min", small],
    ] as const) {
      await breachRound(clients, set, s.url, office, ind.globalId);
      await clearRound(clients, set, s.url, office, ind.globalId);
    }
  }
  const frame = await clients.sample("gql");
  await raw.setPayload(frame);
  for (let i = 0; i < 3; i++) await rawRound(clients, "raw", raw.triggerUrl, ind.globalId);

  interface GqlRound {
    first: number[];
    all: number;
    resp: number;
    sql: Record<string, number>;
    refresh: boolean;
    /** Inside the server (app/live-groups.ts): bus hand-over → rendered, and writing the frames. */
    phases: { renderMs: number; writeMs: number }[];
  }
  // A round in which subscribers reloaded their visible processes (visibility cache expired): a SELECT on process per subscriber.
  const isRefresh = (sql: Record<string, number>) => (sql["SELECT process"] ?? 0) >= Math.max(10, N / 20);
  const measuredRound = async (set: string, server: ServerProcess, kind: "breach" | "clear"): Promise<GqlRound> => {
    const before = await server.sqlCounts();
    await server.deliveryTimings();
    const r = await (kind === "breach" ? breachRound : clearRound)(clients, set, server.url, office, ind.globalId);
    const sql = sqlDelta(before, await server.sqlCounts());
    const phases = await server.deliveryTimings();
    return { first: r.first, all: Math.max(...r.first), resp: r.responseMs, sql, refresh: isRefresh(sql), phases };
  };
  const gqlBreach: GqlRound[] = [];
  const gqlClear: GqlRound[] = [];
  const minBreach: GqlRound[] = [];
  const base = { lat: [] as number[], all: [] as number[], resp: [] as number[] };
  const runGql = async () => {
    const b = await measuredRound("gql", main, "breach");
    gqlBreach.push(b);
    console.error(
      `[latency] t=${((performance.now() - started) / 1000).toFixed(0)}s GraphQL breach: response ${b.resp.toFixed(0)} ms, all delivered ${b.all.toFixed(0)} ms, ${Object.values(b.sql).reduce((x, y) => x + y, 0)} SQL statements${b.refresh ? " (visibility refresh)" : ""}`,
    );
    gqlClear.push(await measuredRound("gql", main, "clear"));
  };
  const runRaw = async () => {
    const r = await rawRound(clients, "raw", raw.triggerUrl, ind.globalId);
    base.lat.push(...r.first);
    base.all.push(Math.max(...r.first));
    base.resp.push(r.responseMs);
  };
  const runMin = async () => {
    minBreach.push(await measuredRound("min", small, "breach"));
    await measuredRound("min", small, "clear");
  };
  const timedStart = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    const order = i % 2 === 0 ? [runGql, runRaw, runMin] : [runMin, runRaw, runGql];
    for (const step of order) {
      await step();
      await sleep(20);
    }
  }
  const timedSeconds = (performance.now() - timedStart) / 1000;

  // ── diagnostics on the same server: event loop, CPU, GC, then a CPU profile, over more breach + clear rounds ──
  await clients.closeSet("min");
  await clients.closeSet("raw");
  await main.measureStart();
  const diagRounds: GqlRound[] = [];
  for (let i = 0; i < DIAG_ROUNDS; i++) {
    diagRounds.push(await measuredRound("gql", main, "breach"));
    diagRounds.push(await measuredRound("gql", main, "clear"));
  }
  const measured = await main.measureStop();
  await main.profileStart();
  for (let i = 0; i < DIAG_ROUNDS; i++) {
    await measuredRound("gql", main, "breach");
    await measuredRound("gql", main, "clear");
  }
  const cpu = await main.profileStop();

  const all = [...gqlBreach, ...gqlClear];
  const steady = all.filter((r) => !r.refresh);
  const refresh = all.filter((r) => r.refresh);
  const statements = (r: GqlRound) => Object.values(r.sql).reduce((a, b) => a + b, 0);
  const perEvent = (rounds: GqlRound[]) => {
    const total: Record<string, number> = {};
    for (const r of rounds) for (const [k, v] of Object.entries(r.sql)) total[k] = (total[k] ?? 0) + v;
    return Object.entries(total)
      .map(([k, v]) => [k, v / rounds.length] as const)
      .sort((a, b) => b[1] - a[1]);
  };
  const steadySql = perEvent(steady);
  const refreshSql = refresh.length ? perEvent(refresh) : [];
  const eventLoads = steadySql.find(([k]) => k === "SELECT alert_event")?.[1] ?? 0;
  const g = summary(gqlBreach.flatMap((r) => r.first));
  const gSteady = summary(gqlBreach.filter((r) => !r.refresh).flatMap((r) => r.first));
  const r = summary(base.lat);
  const m = summary(minBreach.flatMap((x) => x.first));
  const gc = summary(gqlClear.flatMap((x) => x.first));
  const cpuPerDelivery = (measured.cpuMs * 1000) / (diagRounds.length * N);
  const phases = gqlBreach.flatMap((x) => x.phases);
  const renderS = summary(phases.map((p) => p.renderMs));
  const writeS = summary(phases.map((p) => p.writeMs));
  const respS = summary(gqlBreach.map((x) => x.resp));
  const allS = summary(gqlBreach.map((x) => x.all));
  const gcMs = measured.gc.minor.ms + measured.gc.major.ms + measured.gc.other.ms;
  const seconds = (performance.now() - started) / 1000;
  const row = (name: string, s: ReturnType<typeof summary>, a: ReturnType<typeof summary>) =>
    `| ${name} | ${ms(s.p50)} | ${ms(s.p99)} | ${ms(s.max)} | ${ms(a.p50)} | ${ms(a.p99)} |`;
  const sqlTable = (rows: (readonly [string, number])[]) => rows.map(([k, v]) => `| \`${k}\` | ${v.toFixed(1)} |`).join("\n");
  const RESOLVE_AT = where("packages/server/src/modules/alerting/subscriptions.ts", "resolve: (query, message: AlertEventMessage");
  const TTL_AT = where("packages/server/src/modules/access/visible.ts", "const TTL_MS");
  writeReport(
    "latency",
    `# Breach → subscriber latency, ${fmt(N)} graphql-ws subscribers

Command: \`DATABASE_URL=… timeout 600 npx tsx test/bench/latency.ts\` (or \`pnpm bench:latency\`); ${ROUNDS} rounds per path, interleaved.
Machine: ${machine()}; ${loadBefore} at start, ${loadAverage()} at the end (other work shares the machine).
Code: ${code}.
PostgreSQL at DATABASE_URL: a fresh database with the seed (1 day of readings) and one bench indicator with a WARNING rule (ABOVE 90, clear at 80).
Run: ${new Date().toISOString()}, ${seconds.toFixed(0)} s in all (timed rounds ${timedSeconds.toFixed(0)} s).

Set-up, one process each: the server under test (\`buildApp\` on a port, in-process event bus, Prisma pool of ${POOL});
the raw \`ws\` broadcaster; the client process holding ${fmt(N)} graphql-ws clients (one connection and one \`alertEvents\`
subscription each, with the dashboard's selection: event fields, the alert, its indicator and process, rule, assignee) and
${fmt(N)} raw \`ws\` clients; and the driver. All times are taken in the client process, from just before it POSTs the breaching
reading (\`recordReadings\` over HTTP, one reading) to each subscriber's \`next\` frame with the FIRED event, after JSON parsing.
Baseline: the same POST to the raw broadcaster, which parses it and sends the same frame (${fmt(Buffer.byteLength(frame))} bytes,
captured from the GraphQL path) to each raw client, serialised once. Connecting took ${fmt(openGql.ms)} ms for ${fmt(N)}
graphql-ws subscriptions and ${fmt(openRaw.ms)} ms for ${fmt(N)} raw sockets. Samples: ${fmt(g.n)} (GraphQL), ${fmt(r.n)} (raw).
Diagnostic row: a second server process (same code, same database, own bus) whose ${fmt(N)} subscribers select only
\`alertEvents { id }\`, interleaved with the others.

| path | p50 | p99 | max | all ${fmt(N)} delivered, p50 | all delivered, p99 |
|---|---|---|---|---|---|
${row("GraphQL: recordReadings → alertEvents over graphql-ws", g, summary(gqlBreach.map((x) => x.all)))}
${refresh.length ? `${row("  the same, rounds without a visibility-cache refresh", gSteady, summary(gqlBreach.filter((x) => !x.refresh).map((x) => x.all)))}\n` : ""}${row("baseline: raw ws broadcast of the same frame", r, summary(base.all))}
${row("diagnostic: GraphQL with the selection `alertEvents { id }`", m, summary(minBreach.map((x) => x.all)))}

- **p99 ${ms(g.p99)}; goal ≤ 50 ms: ${g.p99 <= 50 ? "met" : "missed"}.** Ratio to the raw broadcast: p50 ${(g.p50 / r.p50).toFixed(1)}×, p99 ${(g.p99 / r.p99).toFixed(1)}× (goal ≤ 3×: ${g.p99 / r.p99 <= 3 ? "met" : "missed"}).
- The mutation's HTTP response (ingest transaction committed, events published) came after p50 ${ms(summary(gqlBreach.map((x) => x.resp)).p50)},
  p99 ${ms(summary(gqlBreach.map((x) => x.resp)).p99)} (raw trigger: p50 ${ms(summary(base.resp).p50)}); the rest is fan-out inside the server.
- The clear reading's RESOLVED event, same path: p50 ${ms(gc.p50)}, p99 ${ms(gc.p99)}.
- ${refresh.length} of ${all.length} GraphQL events (breach and clear) came with a reload of the subscribers' visible processes
  (≥ ${fmt(Math.max(10, N / 20))} \`SELECT process\` in the event)${refresh.length ? `: those events took ${refresh.map((x) => ms(x.all)).join(", ")} until all were delivered, with ${refresh.map((x) => fmt(statements(x))).join(", ")} SQL statements` : ""}; ordinary events sent ${fmt(summary(steady.map(statements)).p50)} statements (p50).

## What limits it

Where a breach's time goes, timed rounds (p50 / p99 over the ${gqlBreach.length} GraphQL breach rounds; the server's phases are taken inside it by
\`app/live-groups.ts\` for each delivery, ${phases.length} of them):

| phase | p50 | p99 |
|---|---|---|
| POST → the mutation's response at the client (ingest committed; the events are published just before the response is written) | ${ms(respS.p50)} | ${ms(respS.p99)} |
| inside the server: the bus hands the event over → checked, executed (the event's row read) and serialised | ${ms(renderS.p50)} | ${ms(renderS.p99)} |
| inside the server: writing the frame to every socket (${fmt(N)} writes) | ${ms(writeS.p50)} | ${ms(writeS.p99)} |
| POST → the last of ${fmt(N)} subscribers has it (client process) | ${ms(allS.p50)} | ${ms(allS.p99)} |

What the last row adds to the three before it is the kernel's delivery and the client process reading and parsing ${fmt(N)} frames
(the raw broadcast pays the same: its own writes and its all-delivered p50 ${ms(summary(base.all).p50)}).

SQL statements the server sent per alert event (counted on its \`pg\` client; the ingest transaction included; ${fmt(N)} subscribers),
mean over the ${steady.length} ordinary events:

| statement | per event |
|---|---|
${sqlTable(steadySql)}
${
  refreshSql.length
    ? `
and over the ${refresh.length} events with a visibility reload:

| statement | per event |
|---|---|
${sqlTable(refreshSql)}
`
    : ""
}
Server process over ${DIAG_ROUNDS} more breach + clear rounds after the timed ones (${diagRounds.length} events, ${fmt(diagRounds.length * N)} deliveries):
event loop ${(measured.elu * 100).toFixed(0)} % busy, ${fmt(measured.cpuMs)} ms CPU in ${fmt(measured.wallMs)} ms wall (${((measured.cpuMs / measured.wallMs) * 100).toFixed(0)} % of one core),
**${fmt(cpuPerDelivery)} µs of server CPU per delivery**; ${gcLine(measured)}.
All delivered per event p50 ${ms(summary(diagRounds.map((x) => x.all)).p50)}. CPU profile of the server over another ${DIAG_ROUNDS}
breach + clear rounds (V8 sampling profiler in the server process, self time):

${cpuTable(cpu)}

Reading the numbers:

- ${
      eventLoads <= 2
        ? `The database is not the limit: the event row is read about once per event (\`SELECT alert_event\` ${eventLoads.toFixed(1)} per event for ${fmt(N)} subscribers), and an ordinary event costs ${fmt(summary(steady.map(statements)).p50)} statements, ingest included.`
        : `The event row is read ${eventLoads.toFixed(0)} times per event for ${fmt(N)} subscribers (\`alertEvents\`'s resolve, ${RESOLVE_AT}).`
    }
- The server's event loop is busy ${(measured.elu * 100).toFixed(0)} % while it fans out, at ${fmt(cpuPerDelivery)} µs of CPU per delivery,
  ${fmt(gcMs)} ms of ${fmt(measured.wallMs)} ms in garbage collection (${((gcMs / measured.wallMs) * 100).toFixed(0)} %). The ${fmt(N)} subscribers share one selection and one
  viewer, so they are one group (\`app/live-groups.ts\`): each event is checked, executed and serialised once, its row read in one statement
  on the driver (\`lib/driver-find.ts\`), the payload encoded once, and each socket gets one write of its frame (header, its subscription id,
  the payload). What remains per delivery is that write (\`writeBuffer\`: the loopback TCP send, a system call per socket)
  and, before it, the ingest (response p50 ${ms(summary(gqlBreach.map((x) => x.resp)).p50)}). With the selection cut to \`{ id }\` the same ${fmt(N)} deliveries take
  p50 ${ms(m.p50)} against ${ms(g.p50)} with the dashboard's selection.
- 50 ms p99 for ${fmt(N)} subscribers on one process means ≤ ${((50 * 1000) / N).toFixed(0)} µs per delivery including the ingest; the measured
  ${fmt(cpuPerDelivery)} µs of server CPU is ${(cpuPerDelivery / ((50 * 1000) / N)).toFixed(1)}× that budget. The raw broadcast of the same frames, in the same run on the same
  machine, reaches p99 ${ms(r.p99)}: the machine's load (above) sets the floor both paths share.${
    refresh.length
      ? `
- The events with a visibility reload (${TTL_AT}, \`TTL_MS\`) are the slowest: many statements per event instead of a few (second table).`
      : ""
  }
`,
  );
} finally {
  await clients.stop();
  for (const s of servers) await s.stop();
  await db.close();
}
