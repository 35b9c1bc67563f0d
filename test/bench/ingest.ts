/**
 * Benchmark: ingest rows/s with the rules on, through the `recordReadings` service and through the
 * GraphQL mutation, against a raw `pg` multi-row INSERT of the same rows into `reading`, in one run
 * on PostgreSQL.
 *
 *   DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:5432/postgres timeout 600 npx tsx test/bench/ingest.ts
 *
 * Rows: batches of 1,000 readings spread round-robin over every seeded indicator (each has WARNING
 * and CRITICAL threshold rules, some NO_DATA and TREND rules), values near each indicator's target,
 * observation times moving forward, a unique idempotency key per reading. Each path gets its own
 * rows of the same shape. Paths interleave batch by batch:
 *   service  recordReadings(prisma, { readings }, { audit }) in this process (validate, insert,
 *            evaluate every touched indicator's rules under its row lock, append alert events);
 *   GraphQL  the recordReadings mutation over HTTP to the app in its own process (server-process.ts);
 *   raw      one INSERT … VALUES ($1,$2,$3,$4), … (1,000 rows, 4,000 parameters) through `pg`.
 * Diagnostic (not a figure): the service with every batch on one indicator, the GraphQL mutation
 * with the direct ingest off for its batches (modules/alerting/ingest-direct.ts; server CPU per
 * batch of both), and the SQL statements per batch of the GraphQL server.
 *
 * Writes docs/bench/ingest.md.
 */
import { performance } from "node:perf_hooks";
import pg from "pg";
import { createLiveQueries } from "../../packages/server/src/app/live-queries.js";
import { createEventBus } from "../../packages/server/src/lib/pubsub.js";
import { recordReadings, type ReadingInput } from "../../packages/server/src/modules/alerting/engine/ingest.js";
import { publishMessages } from "../../packages/server/src/modules/alerting/publish.js";
import { encodeGlobalID } from "../../packages/server/src/modules/common/ids.js";
import { openDatabase } from "../../packages/server/src/lib/db.js";
import { createTestDatabase } from "../../packages/server/test/helpers/test-db.js";
import { seed } from "../../prisma/seed/seed.js";
import { codeVersion, cpuTable, fmt, loadAverage, login, RECORD_MUTATION, requireDatabaseUrl, ServerProcess, sqlDelta, summary, type ProcessMeasure } from "./harness.js";
import { machine, ms, writeReport } from "./stats.js";

requireDatabaseUrl();
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const started = performance.now();
const ROWS_MUTATION = `mutation($r: ReadingRows!) { recordReadingRows(rows: $r) { accepted alertEvents } }`;
const loadBefore = loadAverage();
const code = codeVersion();

const db = await createTestDatabase();
const dbUrl = (db.target as { url: string }).url;
const server: ServerProcess[] = [];
const client = new pg.Client({ connectionString: dbUrl });
try {
  await seed(db.prisma, { readingsDays: 1 });
  const indicators = await db.prisma.indicator.findMany({
    where: { archivedAt: null },
    select: { id: true, code: true, target: true, rules: { select: { kind: true, enabled: true } } },
    orderBy: { code: "asc" },
  });
  const ruleCount = indicators.reduce((a, i) => a + i.rules.filter((r) => r.enabled).length, 0);
  const kinds = [...new Set(indicators.flatMap((i) => i.rules.map((r) => r.kind)))].sort().join(", ");
  const app = await ServerProcess.app(dbUrl);
  server.push(app);
  const token = await login(app.url, "office@example.com");
  await client.connect();

  // Observation times move forward per path; readings of different indicators may share a time.
  let base = Date.now();
  let keySeq = 0;
  const batchFor = (path: string, only?: (typeof indicators)[number]): ReadingInput[] => {
    const list = only ? [only] : indicators;
    const start = Math.max(base, Date.now());
    const rows: ReadingInput[] = [];
    for (let i = 0; i < BATCH; i++) {
      const ind = list[i % list.length];
      const target = ind.target ?? 50;
      rows.push({
        indicatorId: ind.id,
        value: Math.round(target * (1 + (Math.random() - 0.5) * 0.01) * 1000) / 1000,
        observedAt: new Date(start + Math.floor(i / list.length)),
        key: `${path}-${++keySeq}`,
      });
    }
    base = start + Math.ceil(BATCH / list.length) + 1;
    return rows;
  };

  const viaService = async (rows: ReadingInput[]) => {
    const r = await recordReadings(db.prisma, { readings: rows }, { audit: { actorId: null, tokenId: null, action: "recordReadings" } });
    if (r.accepted !== rows.length) throw new Error(`service accepted ${r.accepted} of ${rows.length}`);
    return r.events.length;
  };
  const viaGraphql = async (rows: ReadingInput[]) => {
    const res = await fetch(app.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: RECORD_MUTATION,
        variables: { r: rows.map((x) => ({ indicatorId: encodeGlobalID("Indicator", x.indicatorId), value: x.value, observedAt: x.observedAt!.toISOString(), key: x.key })) },
      }),
    });
    const body = (await res.json()) as { data?: { recordReadings: { accepted: number; alertEvents: number } }; errors?: unknown };
    if (!body.data || body.data.recordReadings.accepted !== rows.length) throw new Error(`GraphQL: ${JSON.stringify(body).slice(0, 500)}`);
    return body.data.recordReadings.alertEvents;
  };
  // The lean form (issue 13 item 3): the same rows as [indicatorId, value, observedAt, key] tuples.
  const viaRows = async (rows: ReadingInput[]) => {
    const res = await fetch(app.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: ROWS_MUTATION,
        variables: { r: rows.map((x) => [encodeGlobalID("Indicator", x.indicatorId), x.value, x.observedAt!.toISOString(), x.key]) },
      }),
    });
    const body = (await res.json()) as { data?: { recordReadingRows: { accepted: number; alertEvents: number } }; errors?: unknown };
    if (!body.data || body.data.recordReadingRows.accepted !== rows.length) throw new Error(`GraphQL rows: ${JSON.stringify(body).slice(0, 500)}`);
    return body.data.recordReadingRows.alertEvents;
  };
  const viaRaw = async (rows: ReadingInput[]) => {
    const values: unknown[] = [];
    const tuples: string[] = [];
    rows.forEach((r, i) => {
      tuples.push(`($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`);
      values.push(r.indicatorId, r.value, r.observedAt!.toISOString(), r.key);
    });
    await client.query(`INSERT INTO reading (indicator_id, value, observed_at, key) VALUES ${tuples.join(", ")}`, values);
    return 0;
  };

  type Path = {
    name: string;
    run: (rows: ReadingInput[]) => Promise<number>;
    rows: () => ReadingInput[];
    ms: number[];
    events: number;
    sql?: Record<string, number>[];
    server?: ProcessMeasure[];
    /** Around the batch, outside its time: the diagnostic row turns the direct ingest off for its batch. */
    before?: () => Promise<unknown>;
    after?: () => Promise<unknown>;
  };
  const one = indicators.find((i) => i.rules.some((r) => r.kind === "THRESHOLD")) ?? indicators[0];
  const paths: Path[] = [
    { name: "service", run: viaService, rows: () => batchFor("svc"), ms: [], events: 0 },
    { name: "graphql", run: viaGraphql, rows: () => batchFor("gql"), ms: [], events: 0, sql: [], server: [] },
    { name: "raw", run: viaRaw, rows: () => batchFor("raw"), ms: [], events: 0 },
    { name: "graphql-rows", run: viaRows, rows: () => batchFor("gqr"), ms: [], events: 0 },
    { name: "service-one", run: viaService, rows: () => batchFor("one", one), ms: [], events: 0 },
    {
      name: "graphql-executed",
      run: viaGraphql,
      rows: () => batchFor("gqx"),
      ms: [],
      events: 0,
      server: [],
      before: () => app.setDirectIngest(false),
      after: () => app.setDirectIngest(true),
    },
  ];
  // Warm-up: 2 batches per path, unmeasured.
  for (let i = 0; i < 2; i++) {
    for (const p of paths) {
      await p.before?.();
      await p.run(p.rows());
      await p.after?.();
    }
  }

  const timedStart = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    for (const p of i % 2 === 0 ? paths : [...paths].reverse()) {
      const rows = p.rows();
      const sql0 = p.sql ? await app.sqlCounts() : null;
      await p.before?.();
      if (p.server) await app.measureStart();
      const t0 = performance.now();
      p.events += await p.run(rows);
      p.ms.push(performance.now() - t0);
      if (p.server) p.server.push(await app.measureStop());
      await p.after?.();
      if (p.sql && sql0) p.sql.push(sqlDelta(sql0, await app.sqlCounts()));
    }
  }
  const timedSeconds = (performance.now() - timedStart) / 1000;
  // Where the GraphQL server's CPU goes during a batch: a profile over a few more batches.
  await app.profileStart();
  for (let i = 0; i < 5; i++) await viaGraphql(batchFor("prof"));
  const cpu = await app.profileStop();
  await app.profileStart();
  for (let i = 0; i < 5; i++) await viaRows(batchFor("profr"));
  const cpuRows = await app.profileStop();
  // Where a service batch's time goes: each statement's time (sent → result back: PostgreSQL plus
  // driver) as the driver transaction observes it (lib/adapter.ts; Prisma's query events for any
  // statement still sent through Prisma), against the batch's wall time, on a second client, over
  // a few more batches.
  const traced = openDatabase({ kind: "postgres", url: dbUrl }, { logQueries: true });
  const statementMs: Record<string, { ms: number; n: number }> = {};
  const observe = (query: string, duration: number) => {
    const text = query.replace(/\s+/g, " ").trim();
    const key = /^WITH found\b/.test(text)
      ? "insert readings (+ keys, indicator lookup, rollup trigger)"
      : /^WITH rules\b/.test(text)
        ? "lock rules + indicators, load state"
        : /^WITH (also_0|rule_update|alert_update|alert_insert)\b|^UPDATE indicator\b/.test(text)
          ? "write rule states, alerts, indicators (+ audit row)"
          : /^WITH append_lock\b/.test(text)
            ? "append alert events (+ lock)"
            : /^(BEGIN|COMMIT)/.test(text)
              ? text.split(" ")[0]
              : `${/^\s*(\w+)/.exec(text)?.[1]?.toUpperCase()} ${/\b(?:from|into|update)\s+(?:"public"\.)?"?(\w+)"?/i.exec(text)?.[1] ?? ""} (the outbox, notification/outbox.ts)`;
    const e = (statementMs[key] ??= { ms: 0, n: 0 });
    e.ms += duration;
    e.n += 1;
  };
  traced.onStatement(observe);
  (traced.prisma as unknown as { $on(e: "query", f: (q: { query: string; duration: number }) => void): void }).$on("query", (q) => observe(q.query, Number(q.duration)));
  const TRACE_BATCHES = 10;
  let tracedWall = 0;
  for (let i = 0; i < TRACE_BATCHES; i++) {
    const rows = batchFor("trace");
    const t0 = performance.now();
    await recordReadings(traced.prisma, { readings: rows }, { audit: { actorId: null, tokenId: null, action: "recordReadings" } });
    tracedWall += performance.now() - t0;
  }
  await traced.close();

  // What the server does with a batch's result after COMMIT: `publishMessages`, one bus message for
  // the batch's readings, to an in-process bus with the app's live-query store subscribed (as buildApp wires it),
  // and to one with no subscriber; CPU of this process until the subscribers have drained.
  const published = await recordReadings(db.prisma, { readings: batchFor("publish") });
  const publishCost = async (live: boolean) => {
    const bus = createEventBus(undefined);
    const store = live ? createLiveQueries(bus) : null;
    const cpu: number[] = [];
    for (let i = 0; i < 40; i++) {
      const c0 = process.cpuUsage();
      publishMessages(bus, { readings: published.readings });
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setTimeout(r, 0));
      const c = process.cpuUsage(c0);
      if (i >= 10) cpu.push((c.user + c.system) / 1000);
    }
    await store?.stop();
    await bus.close();
    return summary(cpu).p50;
  };
  const publishLive = await publishCost(true);
  const publishBare = await publishCost(false);
  const statementTotal = Object.values(statementMs).reduce((a, x) => a + x.ms, 0);
  const phaseRows = Object.entries(statementMs)
    .sort((a, b) => b[1].ms - a[1].ms)
    .map(([k, v]) => `| ${k} | ${(v.n / TRACE_BATCHES).toFixed(1)} | ${(v.ms / TRACE_BATCHES).toFixed(1)} ms |`);
  const stored = Number((await client.query("SELECT count(*) FROM reading")).rows[0].count);

  const stat = (p: Path) => {
    const total = p.ms.reduce((a, b) => a + b, 0);
    return { rate: (BATCH * p.ms.length) / (total / 1000), s: summary(p.ms), events: p.events };
  };
  const [svc, gql, raw, gqlRows, svcOne, gqlExecuted] = paths.map(stat);
  const gqlSql = paths[1].sql!;
  const sqlPerBatch: Record<string, number> = {};
  for (const d of gqlSql) for (const [k, v] of Object.entries(d)) sqlPerBatch[k] = (sqlPerBatch[k] ?? 0) + v / gqlSql.length;
  const sqlRows = Object.entries(sqlPerBatch).sort((a, b) => b[1] - a[1]);
  const totalSql = sqlRows.reduce((a, [, v]) => a + v, 0);
  const srv = paths[1].server!;
  const srvElu = srv.reduce((a, x) => a + x.elu * x.wallMs, 0) / srv.reduce((a, x) => a + x.wallMs, 0);
  const srvCpu = srv.reduce((a, x) => a + x.cpuMs, 0) / srv.length;
  const cpuOf = (m: ProcessMeasure[]) => ({ cpu: summary(m.map((x) => x.cpuMs)).p50, gc: summary(m.map((x) => x.gc.minor.ms + x.gc.major.ms + x.gc.other.ms)).p50 });
  const cpuDirect = cpuOf(srv);
  const cpuExecuted = cpuOf(paths[5].server!);
  const row = (name: string, s: ReturnType<typeof stat>, goal: boolean) =>
    `| ${name} | ${fmt(s.rate)} | ${((s.rate / raw.rate) * 100).toFixed(1)} %${goal ? (s.rate / raw.rate >= 0.5 ? " (goal ≥ 50 %: met)" : " (goal ≥ 50 %: missed)") : ""} | ${ms(s.s.p50)} | ${ms(s.s.p99)} | ${fmt(s.events)} |`;
  const seconds = (performance.now() - started) / 1000;
  writeReport(
    "ingest",
    `# Ingest: rows/s with the rules on, against a raw multi-row INSERT

Command: \`DATABASE_URL=… timeout 600 npx tsx test/bench/ingest.ts\` (or \`pnpm bench:ingest\`); ${ROUNDS} batches of ${fmt(BATCH)} rows per path, interleaved.
Machine: ${machine()}; ${loadBefore} at start, ${loadAverage()} at the end (other work shares the machine).
Code: ${code}.
PostgreSQL at DATABASE_URL: a fresh database with the seed (1 day of readings); ${fmt(stored)} readings at the end.
Run: ${new Date().toISOString()}, ${seconds.toFixed(0)} s in all (timed batches ${timedSeconds.toFixed(0)} s).

Each batch: ${fmt(BATCH)} readings round-robin over the ${indicators.length} seeded indicators (${ruleCount} enabled rules: ${kinds}),
values within 0.5 % of each target, observation times moving forward (so every rule evaluates every reading), a unique idempotency
key per reading. Service: \`recordReadings(prisma, { readings }, { audit })\` called in the driver process (Prisma pool
${process.env.DATABASE_POOL ?? 10}). GraphQL: the \`recordReadings\` mutation, rows as variables, over HTTP to the app in its own process;
the lean form: \`recordReadingRows(rows:)\` with the same rows as \`[indicatorId, value, observedAt, key]\` tuples, the same way.
Raw: one multi-row \`INSERT INTO reading … VALUES (…), (…)\` of the same kind of rows through one \`pg\` connection, no rules.

| path | rows/s | of raw INSERT | batch p50 | batch p99 | alert events |
|---|---|---|---|---|---|
${row("recordReadings service, rules on", svc, true)}
${row("GraphQL mutation recordReadings (HTTP), rules on", gql, true)}
${row("GraphQL mutation recordReadingRows (HTTP, ReadingRows tuples), rules on", gqlRows, true)}
${row("baseline: raw pg multi-row INSERT", raw, false)}
${row("diagnostic: service, all 1,000 rows on one indicator", svcOne, false)}
${row("diagnostic: GraphQL recordReadings with the direct ingest off (DIRECT_INGEST=off)", gqlExecuted, false)}

## What limits it

Where a service batch's time goes (${TRACE_BATCHES} more batches of ${fmt(BATCH)} rows through a second client, each statement timed on the driver (lib/adapter.ts);
a statement's time is from sending it to its result, PostgreSQL and the driver; the rest is the client's own CPU and waiting
for it): mean batch wall ${(tracedWall / TRACE_BATCHES).toFixed(1)} ms, of which ${(statementTotal / TRACE_BATCHES).toFixed(1)} ms in statements.

| statement | per batch | time per batch |
|---|---|---|
${phaseRows.join("\n")}
| (rest: validation, evaluation, building the statements, JSON in and out) | | ${((tracedWall - statementTotal) / TRACE_BATCHES).toFixed(1)} ms |

SQL statements per ${fmt(BATCH)}-row batch sent by the GraphQL server (counted on its \`pg\` client), ${fmt(totalSql)} in all:

| statement | per batch |
|---|---|
${sqlRows.map(([k, v]) => `| \`${k}\` | ${v.toFixed(1)} |`).join("\n")}

- A GraphQL batch sends ${fmt(totalSql)} statements (≈ ${fmt(totalSql / indicators.length, 1)} per touched indicator) and takes p50 ${ms(gql.s.p50)}; while it runs, the
  server process is busy ${(srvElu * 100).toFixed(0)} % of the time, ${fmt(srvCpu)} ms CPU per batch: ${
    srvElu < 0.5
      ? "the batch mostly waits for the database, statement after statement in one transaction"
      : "the batch is mostly computation in the server process, not waiting for the database"
  }.
- ${
      svcOne.rate / svc.rate > 1.5
        ? `The same ${fmt(BATCH)} rows on one indicator (diagnostic row) go in at ${fmt(svcOne.rate)} rows/s, ${(svcOne.rate / svc.rate).toFixed(1)}× the spread batch: the cost grows with the number of indicators a batch touches (per-indicator statements), not with its rows.`
        : `The same ${fmt(BATCH)} rows on one indicator (diagnostic row) go in at ${fmt(svcOne.rate)} rows/s against ${fmt(svc.rate)} spread over ${indicators.length}: the number of indicators a batch touches barely matters, the per-indicator work is set-based.`
    } The raw INSERT has no rules, no row locks, no RETURNING and no transaction around it.
- The GraphQL path costs ${((svc.rate / gql.rate - 1) * 100).toFixed(0)} % more time per row than the service it calls (${fmt(gql.rate)} against ${fmt(svc.rate)} rows/s): HTTP, the
  JSON body, GraphQL validation, the ${fmt(BATCH)} input objects' coercion, global-ID decoding per distinct indicator, the sign-in check, and
  publishing the result (last bullet). CPU profile of the GraphQL server over 5 more batches (self time):

${cpuTable(cpu)}

- The direct ingest (modules/alerting/ingest-direct.ts) coerces \`recordReadings\`' variables in one loop compiled from \`ReadingInput\`
  and calls the field's resolver, instead of graphql-js coercing ${fmt(BATCH)} input objects field by field: the GraphQL server's CPU per batch
  p50 ${fmt(cpuDirect.cpu, 1)} ms (of which garbage collection ${fmt(cpuDirect.gc, 1)} ms) against ${fmt(cpuExecuted.cpu, 1)} ms (${fmt(cpuExecuted.gc, 1)} ms) with it off
  for the diagnostic row's batches, interleaved in the same run (${fmt(gql.rate)} against ${fmt(gqlExecuted.rate)} rows/s, p50 ${ms(gql.s.p50)} against ${ms(gqlExecuted.s.p50)}).

- The lean form, \`recordReadingRows\` with the same rows as \`ReadingRows\` tuples (one scalar checked in one pass instead of
  ${fmt(BATCH)} input objects coerced field by field), goes in at ${fmt(gqlRows.rate)} rows/s: ${((gqlRows.rate / gql.rate - 1) * 100).toFixed(0)} % more than \`recordReadings\`
  and ${((gqlRows.rate / svc.rate) * 100).toFixed(0)} % of the service called in-process. CPU profile of the GraphQL server over 5 lean batches (self time):

${cpuTable(cpuRows)}

- After COMMIT the server publishes what the batch changed (\`publishMessages\`, modules/alerting/publish.ts): its
  ${fmt(published.readings.length)} readings as one bus message. Measured in the driver process on an in-process bus with the app's live-query store subscribed
  (app/live-queries.ts: one repeater push and one \`invalidate\` of the batch's distinct indicators and processes): p50 ${fmt(publishLive, 1)} ms of CPU per batch
  (${fmt(publishBare, 1)} ms with no subscriber), in the same turn as the mutation's result.
`,
  );
} finally {
  await client.end().catch(() => {});
  for (const s of server) await s.stop();
  await db.close();
}
