/**
 * Storage and sustained ingest, scaled down (docs/operations.md, "The path to a billion readings"):
 * ROWS readings through the ingest service (`recordReadings`: validation, the set-based insert,
 * every indicator's rules, the audit row, one transaction per 1,000-row batch) over INDICATORS
 * indicators with one WARNING rule each, every reading with an idempotency key as feeds send
 * them; then the table's size on disk (heap, indexes, TOAST) per reading, after VACUUM ANALYZE.
 *
 *   DATABASE_URL=postgresql://… npx tsx test/bench/storage.ts        (ROWS=200000 INDICATORS=20 by default)
 */
import { performance } from "node:perf_hooks";
import { recordReadings } from "../../packages/server/src/modules/alerting/engine/ingest.js";
import { fmt, loadAverage, prepareDatabase, requireDatabaseUrl } from "./harness.js";
import { machine, writeReport } from "./stats.js";

requireDatabaseUrl();
const ROWS = Number(process.env.ROWS ?? 200_000);
const INDICATORS = Number(process.env.INDICATORS ?? 20);
const BATCH = 1_000;

const loadBefore = loadAverage();
const { db, indicators } = await prepareDatabase(INDICATORS);
try {
  const before = await sizes();
  const start = Date.UTC(2026, 0, 1);
  const t0 = performance.now();
  for (let b = 0; b < ROWS / BATCH; b++) {
    const readings = Array.from({ length: BATCH }, (_, i) => {
      const n = b * BATCH + i;
      // Values around the target (60), a breach now and then; time moves forward a minute per indicator.
      const value = 55 + (n % 11) + (n % 997 === 0 ? 40 : 0);
      return { indicatorId: indicators[n % INDICATORS].id, value, observedAt: new Date(start + Math.floor(n / INDICATORS) * 60_000), key: `feed-${n}` };
    });
    await recordReadings(db.prisma, { readings }, { audit: { actorId: null, tokenId: null, action: "recordReadings" } });
  }
  const seconds = (performance.now() - t0) / 1000;
  await db.prisma.$executeRawUnsafe("VACUUM ANALYZE reading");
  const after = await sizes();
  const rows = after.rows - before.rows;
  const per = (k: "heap" | "indexes" | "total") => (after[k] - before[k]) / rows;
  const report = `# Storage per reading and sustained ingest (scaled down)

Command: \`DATABASE_URL=… npx tsx test/bench/storage.ts\` (ROWS=${ROWS}, INDICATORS=${INDICATORS}).
Machine: ${machine()}; ${loadBefore} at start, ${loadAverage()} at the end (other work shares the machine).
PostgreSQL at DATABASE_URL: a fresh database with the seed (1 day of readings), then ${fmt(rows)} readings through
the ingest service in ${fmt(ROWS / BATCH)} transactions of ${fmt(BATCH)} (rules on: one WARNING rule per indicator; an idempotency key per reading).
Run: ${new Date().toISOString()}.

| figure | value |
| --- | --- |
| sustained ingest, one writer, rules on | ${fmt(rows / seconds)} readings/s (${fmt(seconds, 1)} s) |
| heap (table + TOAST) per reading | ${fmt(per("heap"), 1)} bytes |
| indexes per reading (primary key, (indicator, key) unique, (indicator, observed_at)) | ${fmt(per("indexes"), 1)} bytes |
| total on disk per reading | ${fmt(per("total"), 1)} bytes |
| readings in the table at the end | ${fmt(after.rows)} |
`;
  writeReport("storage", report);
} finally {
  await db.close();
}

async function sizes() {
  const [r] = await db.prisma.$queryRawUnsafe<{ rows: bigint; heap: bigint; indexes: bigint; total: bigint }[]>(
    `SELECT (SELECT count(*) FROM reading) AS rows, pg_table_size('reading') AS heap, pg_indexes_size('reading') AS indexes, pg_total_relation_size('reading') AS total`,
  );
  return { rows: Number(r.rows), heap: Number(r.heap), indexes: Number(r.indexes), total: Number(r.total) };
}
