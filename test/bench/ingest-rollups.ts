/**
 * Benchmark: what keeping the five-minute, hourly and daily rollups costs the ingest (issue 13, item 2): the
 * `recordReadings` service and a raw multi-row INSERT, each with the rollup insert trigger on and
 * off, batch by batch in one run on PostgreSQL (the trigger is switched with ALTER TABLE … DISABLE
 * TRIGGER between batches; off is not a state the app ever runs in).
 *
 *   DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:5432/postgres timeout 600 npx tsx test/bench/ingest-rollups.ts
 *
 * Rows: as bench:ingest: batches of 1,000 readings round-robin over the seeded indicators (rules on
 * for the service), observation times moving forward, a unique key per reading.
 *
 * Writes docs/bench/ingest-rollups.md.
 */
import { performance } from "node:perf_hooks";
import pg from "pg";
import { recordReadings, type ReadingInput } from "../../packages/server/src/modules/alerting/engine/ingest.js";
import { createTestDatabase } from "../../packages/server/test/helpers/test-db.js";
import { seed } from "../../prisma/seed/seed.js";
import { codeVersion, fmt, loadAverage, requireDatabaseUrl, summary } from "./harness.js";
import { machine, ms, writeReport } from "./stats.js";

requireDatabaseUrl();
const BATCH = Number(process.env.BENCH_BATCH ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const started = performance.now();
const loadBefore = loadAverage();
const code = codeVersion();

const db = await createTestDatabase();
const client = new pg.Client({ connectionString: (db.target as { url: string }).url });
try {
  await seed(db.prisma, { readingsDays: 1 });
  await client.connect();
  const indicators = await db.prisma.indicator.findMany({ where: { archivedAt: null }, select: { id: true, target: true }, orderBy: { code: "asc" } });
  let base = Date.now();
  let keySeq = 0;
  const batch = (path: string): ReadingInput[] => {
    const start = Math.max(base, Date.now());
    const rows = Array.from({ length: BATCH }, (_, i) => {
      const ind = indicators[i % indicators.length];
      const target = ind.target ?? 50;
      return {
        indicatorId: ind.id,
        value: Math.round(target * (1 + (Math.random() - 0.5) * 0.01) * 1000) / 1000,
        observedAt: new Date(start + Math.floor(i / indicators.length)),
        key: `${path}-${++keySeq}`,
      };
    });
    base = start + Math.ceil(BATCH / indicators.length) + 1;
    return rows;
  };
  const service = async (rows: ReadingInput[]) => {
    const r = await recordReadings(db.prisma, { readings: rows }, { audit: { actorId: null, tokenId: null, action: "recordReadings" } });
    if (r.accepted !== rows.length) throw new Error(`service accepted ${r.accepted} of ${rows.length}`);
  };
  const raw = async (rows: ReadingInput[]) => {
    const values: unknown[] = [];
    const tuples = rows.map((r, i) => {
      values.push(r.indicatorId, r.value, r.observedAt!.toISOString(), r.key);
      return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`;
    });
    await client.query(`INSERT INTO reading (indicator_id, value, observed_at, key) VALUES ${tuples.join(", ")}`, values);
  };
  const trigger = (on: boolean) => client.query(`ALTER TABLE reading ${on ? "ENABLE" : "DISABLE"} TRIGGER reading_rollup_insert`);
  const paths = [
    { name: "recordReadings service, rules on, rollups kept", run: service, rollups: true, ms: [] as number[] },
    { name: "recordReadings service, rules on, rollup trigger off", run: service, rollups: false, ms: [] as number[] },
    { name: "raw pg multi-row INSERT, rollups kept", run: raw, rollups: true, ms: [] as number[] },
    { name: "raw pg multi-row INSERT, rollup trigger off", run: raw, rollups: false, ms: [] as number[] },
  ];
  for (let i = 0; i < 2 + ROUNDS; i++) {
    for (const p of i % 2 === 0 ? paths : [...paths].reverse()) {
      const rows = batch(p.name);
      await trigger(p.rollups);
      const t0 = performance.now();
      await p.run(rows);
      if (i >= 2) p.ms.push(performance.now() - t0);
    }
  }
  await trigger(true);
  const rate = (x: number[]) => (BATCH * x.length) / (x.reduce((a, b) => a + b, 0) / 1000);
  const rows = paths.map((p) => ({ name: p.name, rate: rate(p.ms), s: summary(p.ms) }));
  const cost = (on: number, off: number) => `${(((rows[off].rate - rows[on].rate) / rows[off].rate) * 100).toFixed(1)} %`;
  const seconds = (performance.now() - started) / 1000;
  writeReport(
    "ingest-rollups",
    `# Ingest: what keeping the rollups costs

Command: \`DATABASE_URL=… timeout 600 npx tsx test/bench/ingest-rollups.ts\` (or \`pnpm bench:ingest-rollups\`); ${ROUNDS} batches of ${fmt(BATCH)} rows per path after 2 warm-up batches, interleaved.
Machine: ${machine()}; ${loadBefore} at start, ${loadAverage()} at the end (other work shares the machine).
Code: ${code}. PostgreSQL at DATABASE_URL: a fresh database with the seed (1 day of readings). Run: ${new Date().toISOString()}, ${seconds.toFixed(0)} s in all.

Rows as bench:ingest (${indicators.length} indicators round-robin, unique keys, times moving forward). The rollup insert trigger
(\`reading_rollup_insert\`: one set-based upsert of the statement's new rows into the five-minute, hourly and daily rollups) is switched on or off
before each batch; everything else (monthly partitions, \`reading_key\`) is the same for both.

| path | rows/s | batch p50 | batch p99 |
|---|---|---|---|
${rows.map((r) => `| ${r.name} | ${fmt(r.rate)} | ${ms(r.s.p50)} | ${ms(r.s.p99)} |`).join("\n")}

- **Rollups cost the service ${cost(0, 1)} of its rows/s and the raw INSERT ${cost(2, 3)} in this run.**
`,
  );
  console.error(rows.map((r) => `${r.name}: ${fmt(r.rate)} rows/s`).join("\n"));
} finally {
  await client.end().catch(() => {});
  await db.close();
}
