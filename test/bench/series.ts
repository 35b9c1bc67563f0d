/**
 * Benchmark: `Indicator.series` (200 buckets) over one indicator with 10 million readings, through
 * GraphQL and through the `indicatorSeries` service (daily, hourly and five-minute rollups, or the
 * raw readings where fewer are expected than the rollup statement reads: series.ts `seriesPlan`),
 * against the raw computation (the single SQL statement over the
 * readings that `series` sends for short ranges) sent through `pg`, in one run on PostgreSQL.
 *
 *   DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:5432/postgres timeout 600 npx tsx test/bench/series.ts
 *
 * Data: a fresh database (migrated, seeded with 1 day of readings for the users and processes), one
 * new indicator created with Prisma, and BENCH_READINGS (10,000,000) readings for it inserted
 * straight in SQL with generate_series: one per minute, ending now, so 19 years of minute data
 * (525,600 rows per year), into the monthly partitions (made first). The reading index is dropped
 * during the load and rebuilt after it (same name and columns as the migration), the rollups are
 * built for the loaded rows with the triggers' aggregation (the load skips triggers), then VACUUM
 * ANALYZE, so the tables are as long-lived ones would be. Windows: the last day (1,440 rows), the
 * last 30 days (43,200) and the last year (525,600); paths interleave run by run. Diagnostics: the
 * plan of the 1-year rollup statement, the rows and scans it reads, and the rollup widths used
 * before (hourly + daily) against the five-minute level added.
 *
 * Writes docs/bench/series.md.
 */
import { performance } from "node:perf_hooks";
import pg from "pg";
import { buildApp } from "../../packages/server/src/app.js";
import { encodeGlobalID } from "../../packages/server/src/modules/common/ids.js";
import { ensureReadingPartitions } from "../../packages/server/src/modules/indicator/partitions.js";
import { planSeries, ROLLUP_WIDTHS_MS, rollupSeriesSql, scanRanges } from "../../packages/server/src/modules/indicator/series-rollup.js";
import { bucketWidth, indicatorSeries, SCAN_COST_ROWS, seriesPlan } from "../../packages/server/src/modules/indicator/series.js";
import { createTestDatabase } from "../../packages/server/test/helpers/test-db.js";
import { seed } from "../../prisma/seed/seed.js";
import { codeVersion, fmt, inProcessBus, loadAverage, requireDatabaseUrl, SECRET, summary } from "./harness.js";
import { machine, ms, writeReport } from "./stats.js";

requireDatabaseUrl();
const READINGS = Number(process.env.BENCH_READINGS ?? 10_000_000);
const BUCKETS = 200;
const RUNS_YEAR = Number(process.env.BENCH_RUNS ?? 30);
const started = performance.now();
const loadBefore = loadAverage();
const code = codeVersion();

const db = await createTestDatabase();
const url = (db.target as { url: string }).url;
const client = new pg.Client({ connectionString: url });
try {
  await seed(db.prisma, { readingsDays: 1 });
  await client.connect();
  const proc = await db.prisma.process.findFirstOrThrow({ where: { code: "P-ADM" } });
  const ind = await db.prisma.indicator.create({
    data: { code: "SERIES-10M", name: "Series bench", processId: proc.id, kind: "EFFICIENCY", unit: "%", direction: "LOWER_IS_BETTER", target: 50, expectedIntervalMinutes: 1 },
  });

  // ── load: 10M minute readings ending now ──
  const end = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const load0 = performance.now();
  const partitions = await ensureReadingPartitions(db.prisma, end, new Date(end.getTime() - READINGS * 60_000));
  await client.query("SET maintenance_work_mem = '512MB'");
  await client.query(`DROP INDEX "reading_indicator_id_observed_at_idx"`);
  // The foreign key's per-row check (and so the rollup triggers) is skipped during the load
  // (superuser; the rows all name the one indicator just created); the rollups are built after it.
  await client.query("SET session_replication_role = replica");
  await client.query(
    `INSERT INTO reading (indicator_id, value, observed_at)
     SELECT $1, round((50 + 10 * sin(g / 1440.0) + 5 * random())::numeric, 3)::float8,
            ($2::timestamptz AT TIME ZONE 'UTC') - make_interval(mins => ($3::int - g))
     FROM generate_series(1, $3::int) AS g`,
    [ind.id, end.toISOString(), READINGS],
  );
  await client.query("SET session_replication_role = origin");
  const inserted = performance.now();
  await client.query(`CREATE INDEX "reading_indicator_id_observed_at_idx" ON "reading"("indicator_id", "observed_at")`);
  const indexed = performance.now();
  // The aggregation of the insert trigger (migration 20261130131231), over the loaded rows at once.
  await client.query(
    `INSERT INTO reading_rollup (indicator_id, width_seconds, bucket_start, count, sum, min, max, last_value, last_observed_at, last_id)
     SELECT x.indicator_id, w.s, date_bin(make_interval(secs => w.s), x.observed_at, TIMESTAMP '1970-01-01'),
            count(*)::int, sum(x.value::numeric), min(x.value), max(x.value),
            (array_agg(x.value ORDER BY x.observed_at DESC, x.id DESC))[1], max(x.observed_at),
            (array_agg(x.id ORDER BY x.observed_at DESC, x.id DESC))[1]
     FROM reading x CROSS JOIN (VALUES (300), (3600), (86400)) AS w(s)
     WHERE x.indicator_id = $1
     GROUP BY 1, 2, 3`,
    [ind.id],
  );
  const rolled = performance.now();
  await client.query("VACUUM ANALYZE reading");
  await client.query("VACUUM ANALYZE reading_rollup");
  const loadSeconds = (performance.now() - load0) / 1000;
  const split = `${partitions} monthly partitions and insert ${((inserted - load0) / 1000).toFixed(0)} s, index ${((indexed - inserted) / 1000).toFixed(0)} s, rollups ${((rolled - indexed) / 1000).toFixed(0)} s, VACUUM ANALYZE ${((performance.now() - rolled) / 1000).toFixed(0)} s`;
  const rollupRows = Number((await client.query("SELECT count(*) FROM reading_rollup WHERE indicator_id = $1", [ind.id])).rows[0].count);
  const count = Number((await client.query("SELECT count(*) FROM reading WHERE indicator_id = $1", [ind.id])).rows[0].count);
  const size = (await client.query("SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) AS s FROM pg_inherits WHERE inhparent = 'reading'::regclass")).rows[0].s as string;
  console.error(`[series] loaded ${fmt(count)} readings in ${loadSeconds.toFixed(0)} s (${split}), table ${size}`);

  // ── paths ──
  const app = buildApp({ db, pubsub: inProcessBus(), secret: SECRET, clientDir: null, ratePerMinute: 1e9, checkIntervalMs: 0 });
  const login = await app.yoga.fetch("http://yoga/graphql", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: `mutation { login(email: "management@example.com", password: "controlroom-dev") { accessToken } }` }),
  });
  const token = ((await login.json()) as { data: { login: { accessToken: string } } }).data.login.accessToken;
  const globalId = encodeGlobalID("Indicator", ind.id);
  const QUERY = `query($id: ID!, $from: DateTime!, $to: DateTime!, $b: Int!) {
    node(id: $id) { ... on Indicator { series(from: $from, to: $to, buckets: $b) { start end count min max avg last lastObservedAt } } } }`;
  const viaGraphql = async (from: Date, to: Date) => {
    const res = await app.yoga.fetch("http://yoga/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: QUERY, variables: { id: globalId, from: from.toISOString(), to: to.toISOString(), b: BUCKETS } }),
    });
    const body = (await res.json()) as { data?: { node: { series: unknown[] } }; errors?: unknown };
    if (!body.data?.node?.series) throw new Error(JSON.stringify(body.errors ?? body).slice(0, 500));
    return body.data.node.series.length;
  };
  const viaService = async (from: Date, to: Date) =>
    (await indicatorSeries(db.prisma, { indicatorId: ind.id, from, to, buckets: BUCKETS, expectedIntervalMinutes: ind.expectedIntervalMinutes })).length;
  const pathOf = (from: Date, to: Date) => (seriesPlan(from, to, bucketWidth(from, to, BUCKETS), BUCKETS, ind.expectedIntervalMinutes) ? "rollups" : "raw readings");
  // The service's statement (packages/server/src/modules/indicator/series.ts), as one parameterised query through pg.
  const SQL = `
    SELECT r.bucket, count(*)::int AS count, min(r.value) AS min, max(r.value) AS max, avg(r.value) AS avg,
           (array_agg(r.value ORDER BY r.observed_at DESC, r.id DESC))[1] AS last, max(r.observed_at) AS last_observed_at
    FROM (
      SELECT LEAST(floor((extract(epoch FROM (observed_at - ($2::timestamptz AT TIME ZONE 'UTC'))) * 1000)::float8 / $4::float8)::int, $5::int - 1) AS bucket,
             value, observed_at, id
      FROM reading
      WHERE indicator_id = $1 AND observed_at >= ($2::timestamptz AT TIME ZONE 'UTC') AND observed_at < ($3::timestamptz AT TIME ZONE 'UTC')
    ) r
    GROUP BY r.bucket ORDER BY r.bucket`;
  const params = (from: Date, to: Date) => [ind.id, from.toISOString(), to.toISOString(), (to.getTime() - from.getTime()) / BUCKETS, BUCKETS];
  const viaSql = async (from: Date, to: Date) => (await client.query(SQL, params(from, to))).rows.length;

  const DAY = 86_400_000;
  const to = new Date(end.getTime() + 60_000);
  const windows = [
    { name: "1 day", from: new Date(to.getTime() - DAY), runs: RUNS_YEAR * 3 },
    { name: "30 days", from: new Date(to.getTime() - 30 * DAY), runs: RUNS_YEAR * 2 },
    { name: "1 year", from: new Date(to.getTime() - 365 * DAY), runs: RUNS_YEAR },
  ];
  const paths = [
    { name: "GraphQL `Indicator.series` (yoga in-process)", run: viaGraphql },
    { name: "service `indicatorSeries`", run: viaService },
    { name: "baseline: the same SQL statement through pg", run: viaSql },
  ];
  const results: { window: string; rows: number; buckets: number; times: number[][]; path: string }[] = [];
  for (const w of windows) {
    const rows = Number(
      (
        await client.query(
          "SELECT count(*) FROM reading WHERE indicator_id = $1 AND observed_at >= ($2::timestamptz AT TIME ZONE 'UTC') AND observed_at < ($3::timestamptz AT TIME ZONE 'UTC')",
          [ind.id, w.from.toISOString(), to.toISOString()],
        )
      ).rows[0].count,
    );
    const times = paths.map(() => [] as number[]);
    let buckets = 0;
    for (const p of paths) for (let i = 0; i < 3; i++) buckets = await p.run(w.from, to); // warm-up
    for (let i = 0; i < w.runs; i++) {
      const order = i % 2 === 0 ? [0, 1, 2] : [2, 1, 0];
      for (const k of order) {
        const t0 = performance.now();
        await paths[k].run(w.from, to);
        times[k].push(performance.now() - t0);
      }
    }
    results.push({ window: w.name, rows, buckets, times, path: pathOf(w.from, to) });
    console.error(`[series] ${w.name}: ${paths.map((p, k) => `${p.name} p99 ${ms(summary(times[k]).p99)}`).join("; ")}`);
  }

  // ── what it reads: the plan of the 1-year rollup statement; hourly rollups alone against hourly + daily ──
  const year = windows[2];
  const segmentsOf = (widths: readonly number[]) => planSeries(year.from, to, bucketWidth(year.from, to, BUCKETS), BUCKETS, widths);
  const levels = [
    { name: "five-minute + hourly + daily rollups (what `series` uses)", widths: ROLLUP_WIDTHS_MS },
    { name: "hourly + daily rollups (before the five-minute level)", widths: [86_400_000, 3_600_000] },
  ];
  const rowsRead = async (widths: readonly number[]) => {
    const segs = segmentsOf(widths);
    const segParams = [segs.map((x) => x.width / 1000), segs.map((x) => new Date(x.lo).toISOString()), segs.map((x) => new Date(x.hi).toISOString())];
    // One index scan per segment (OFFSET 0), the raw ones bounded by their overall span as constants:
    // a plain join over 228 partitions and 2 million five-minute rows was planned as whole-table scans.
    const raw = segs.filter((x) => x.width === 0);
    const span = raw.length ? [Math.min(...raw.map((x) => x.lo)), Math.max(...raw.map((x) => x.hi))] : [0, 0];
    const counted = await client.query(
      `WITH seg AS (SELECT s.w, (s.lo::timestamptz AT TIME ZONE 'UTC') AS lo, (s.hi::timestamptz AT TIME ZONE 'UTC') AS hi FROM unnest($2::int[], $3::text[], $4::text[]) AS s(w, lo, hi))
       SELECT (SELECT count(*) FROM seg CROSS JOIN LATERAL (SELECT 1 FROM reading_rollup r WHERE r.indicator_id = $1 AND r.width_seconds = seg.w
                 AND r.bucket_start >= seg.lo AND r.bucket_start < seg.hi OFFSET 0) r WHERE seg.w > 0)::int AS rollup_rows,
              (SELECT count(*) FROM seg CROSS JOIN LATERAL (SELECT 1 FROM reading x WHERE x.indicator_id = $1
                 AND x.observed_at >= seg.lo AND x.observed_at < seg.hi
                 AND x.observed_at >= ($5::timestamptz AT TIME ZONE 'UTC') AND x.observed_at < ($6::timestamptz AT TIME ZONE 'UTC') OFFSET 0) x WHERE seg.w = 0)::int AS raw_rows`,
      [ind.id, ...segParams, new Date(span[0]).toISOString(), new Date(span[1]).toISOString()],
    );
    return counted.rows[0] as { rollup_rows: number; raw_rows: number };
  };
  const levelTimes = levels.map(() => [] as number[]);
  const levelRows: { rollup_rows: number; raw_rows: number }[] = [];
  for (const l of levels) levelRows.push(await rowsRead(l.widths));
  for (let i = 0; i < 2 + RUNS_YEAR; i++) {
    for (let k = 0; k < levels.length; k++) {
      const q = rollupSeriesSql(ind.id, segmentsOf(levels[k].widths));
      const t0 = performance.now();
      await client.query(q.text, q.values as unknown[]);
      if (i >= 2) levelTimes[k].push(performance.now() - t0);
    }
  }
  const yearSql = rollupSeriesSql(ind.id, segmentsOf(ROLLUP_WIDTHS_MS));
  const plan = (await client.query(`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) ${yearSql.text}`, yearSql.values as unknown[])).rows.map((r) => r["QUERY PLAN"] as string);
  // Timed per node once, for where the time goes (timing itself adds to it).
  const timedPlan = (await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${yearSql.text}`, yearSql.values as unknown[])).rows.map((r) => r["QUERY PLAN"] as string);
  const rollupSize = (await client.query("SELECT pg_size_pretty(pg_total_relation_size('reading_rollup')) AS s")).rows[0].s as string;
  await app.stop();

  const seconds = (performance.now() - started) / 1000;
  const yearRes = results[2];
  const yg = summary(yearRes.times[0]);
  const ys = summary(yearRes.times[1]);
  const yr = summary(yearRes.times[2]);
  const segs = segmentsOf(ROLLUP_WIDTHS_MS);
  const dayRes = results[0];
  const table = results
    .flatMap((r) =>
      paths.map((p, k) => {
        const s = summary(r.times[k]);
        const base = summary(r.times[2]);
        return `| ${r.window} (${fmt(r.rows)} rows → ${r.buckets} buckets; ${k === 2 ? "raw readings" : r.path}) | ${p.name} | ${ms(s.p50)} | ${ms(s.p99)} | ${(s.p50 / base.p50).toFixed(2)}× / ${(s.p99 / base.p99).toFixed(2)}× | ${fmt(s.n)} |`;
      }),
    )
    .join("\n");
  writeReport(
    "series",
    `# \`Indicator.series\` over ${fmt(count)} readings, ${BUCKETS} buckets

Command: \`DATABASE_URL=… timeout 900 npx tsx test/bench/series.ts\` (or \`pnpm bench:series\`).
Machine: ${machine()}; ${loadBefore} at start, ${loadAverage()} at the end (other work shares the machine).
Code: ${code}.
PostgreSQL at DATABASE_URL (default settings: shared_buffers ${(await client.query("SHOW shared_buffers")).rows[0].shared_buffers}, work_mem ${(await client.query("SHOW work_mem")).rows[0].work_mem}). Run: ${new Date().toISOString()}, ${seconds.toFixed(0)} s in all.

Data: a fresh database; one indicator created with Prisma; ${fmt(count)} readings inserted with one \`INSERT … SELECT … generate_series\`,
**one reading per minute for ${(READINGS / 525_600).toFixed(1)} years ending now** (525,600 per year), value a daily sine plus noise, into
the monthly partitions of \`reading\`; the reading index dropped for the load and rebuilt after it with the migration's name and
columns, foreign-key checks (and so the rollup triggers) off for the load, the five-minute, hourly and daily rollups then built for the loaded rows
with the triggers' aggregation (${fmt(rollupRows)} rollup rows, ${rollupSize}), then \`VACUUM ANALYZE\`. Load: ${loadSeconds.toFixed(0)} s (${split}); readings with index ${size}.
GraphQL: \`node(id) { ... on Indicator { series(from, to, buckets: ${BUCKETS}) { start end count min max avg last lastObservedAt } } }\`
through \`yoga.fetch\` in-process (auth, validation, complexity, Pothos). Service: \`indicatorSeries(prisma, …)\` with the indicator's
declared interval (1 minute): from the rollups, or from the raw readings where the range is expected to hold no more readings than
the rollup statement reads (\`seriesPlan\`: rows read + ${SCAN_COST_ROWS} per range scan); the path each window took is in the first column. Baseline: the raw computation, the one statement
over the readings that \`series\` sent for every range before the rollups (and still sends for short ones), same parameters, through one
\`pg\` connection. Runs interleave; 3 warm-up runs per path and window.

| window | path | p50 | p99 | ratio to raw SQL (p50 / p99) | runs |
|---|---|---|---|---|---|
${table}

- **1-year window, ${fmt(yearRes.rows)} rows: GraphQL p99 ${ms(yg.p99)}, service p99 ${ms(ys.p99)}, raw SQL p99 ${ms(yr.p99)}; goal ≤ 50 ms p99: ${ys.p99 <= 50 && yg.p99 <= 50 ? "met" : "missed"}.**
- 1-day window (${dayRes.path}): GraphQL p99 ${ms(summary(dayRes.times[0]).p99)}, service p99 ${ms(summary(dayRes.times[1]).p99)}, raw SQL p99 ${ms(summary(dayRes.times[2]).p99)}.

## What the 1-year query reads

The 200 buckets of the year are covered by ${fmt(segs.length)} segments (${fmt(segs.filter((x) => x.width === 86_400_000).length)} of daily rollups, ${fmt(segs.filter((x) => x.width === 3_600_000).length)} of hourly,
${fmt(segs.filter((x) => x.width === 300_000).length)} of five-minute, ${fmt(segs.filter((x) => x.width === 0).length)} of raw readings at the bucket edges that fall inside five minutes), read by ${fmt(scanRanges(segs).length)} index range
scans (${[86_400_000, 3_600_000, 300_000, 0].map((w) => `${fmt(scanRanges(segs).filter((r) => r.width === w).length)} ${w === 0 ? "on the readings" : `of ${w / 60_000}-minute rows`}`).join(", ")}): segments of one
width that lie close together are read by one scan, each row counted in the series bucket of the segment it starts in. The rollup
statement alone through \`pg\`, ${RUNS_YEAR} runs each after 2 warm-up runs, with the widths it may use:

| rollups used | range scans | rollup rows used | raw readings read | p50 | p99 |
|---|---|---|---|---|---|
${levels.map((l, k) => `| ${l.name} | ${fmt(scanRanges(segmentsOf(l.widths)).length)} | ${fmt(levelRows[k].rollup_rows)} | ${fmt(levelRows[k].raw_rows)} | ${ms(summary(levelTimes[k]).p50)} | ${ms(summary(levelTimes[k]).p99)} |`).join("\n")}

The five-minute level is kept by the same insert, update and delete triggers as the others (migration 20261130194500); what it
costs the ingest is measured by \`bench:ingest-rollups\` ([ingest-rollups.md](ingest-rollups.md)).

Plan of the 1-year rollup statement (\`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF)\`):

\`\`\`
${plan.join("\n")}
\`\`\`

The same statement timed per node (\`EXPLAIN (ANALYZE, BUFFERS)\`; the timing adds to it; the scans of each reading partition left out):

\`\`\`
${timedPlan.filter((l) => !/reading_\d{4}_\d{2}|Index Cond|^\s+Buffers/.test(l)).join("\n")}
\`\`\`
`,
  );
} finally {
  await client.end().catch(() => {});
  await db.close();
}
