/**
 * Benchmark: the nested analyst query through GraphQL (yoga + Pothos + Prisma) against the same
 * data fetched by one hand-written SQL statement (json_agg), on PostgreSQL, in one run.
 *
 *   DATABASE_URL=postgresql://postgres:postgres@127.0.0.1:5432/postgres pnpm bench:query
 *
 * Writes docs/bench/query.md.
 */
import pg from "pg";
import { buildApp } from "../../packages/server/src/app.js";
import { createEventBus } from "../../packages/server/src/lib/pubsub.js";
import { createTestDatabase } from "../../packages/server/test/helpers/test-db.js";
import { seed } from "../../prisma/seed/seed.js";
import { ANALYST_QUERY } from "./analyst-query.js";
import { machine, ms, percentile, time, writeReport } from "./stats.js";

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
if (!process.env.DATABASE_URL) {
  console.error("Set DATABASE_URL to a PostgreSQL server (the benchmark compares against raw SQL there).");
  process.exit(2);
}

const QUERY = ANALYST_QUERY;

// The same rows in one statement: processes → steps → indicators → last 100 readings; risks → latest assessment.
const SQL = `
SELECT json_build_object(
  'processes', (SELECT json_agg(json_build_object('code', p.code, 'name', p.name, 'steps', (
      SELECT json_agg(json_build_object('position', s.position, 'name', s.name, 'indicators', (
          SELECT json_agg(json_build_object('code', i.code, 'readings', (
              SELECT json_agg(json_build_object('value', r.value, 'observedAt', r.observed_at))
              FROM (SELECT value, observed_at FROM reading WHERE indicator_id = i.id ORDER BY observed_at DESC LIMIT 100) r)) ORDER BY i.code)
          FROM indicator i WHERE i.step_id = s.id AND i.archived_at IS NULL)) ORDER BY s.position)
      FROM process_step s WHERE s.process_id = p.id AND s.archived_at IS NULL)) ORDER BY p.code)
    FROM process p WHERE p.archived_at IS NULL),
  'risks', (SELECT json_agg(json_build_object('code', k.code, 'title', k.title, 'latestAssessment', (
      SELECT json_build_object('score', a.score, 'level', a.level) FROM risk_assessment a
      WHERE a.risk_id = k.id ORDER BY a.assessed_at DESC, a.created_at DESC LIMIT 1)) ORDER BY k.code)
    FROM risk k WHERE k.archived_at IS NULL)
) AS data`;

const db = await createTestDatabase();
try {
  const summary = await seed(db.prisma, { readingsDays: 90 });
  const app = buildApp({
    db,
    pubsub: createEventBus(null as never),
    secret: new TextEncoder().encode("bench-secret-bench-secret-bench-secret-0000"),
    clientDir: null,
    ratePerMinute: 1e9,
  });
  const login = await app.yoga.fetch("http://yoga/graphql", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: `mutation { login(email: "management@example.com", password: "controlroom-dev") { accessToken } }` }),
  });
  const token = ((await login.json()) as { data: { login: { accessToken: string } } }).data.login.accessToken;
  const viaGraphql = async () => {
    const res = await app.yoga.fetch("http://yoga/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: QUERY }),
    });
    const body = (await res.json()) as { errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
  };
  const url = (db.target as { url: string }).url;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const viaSql = async () => {
    const r = await client.query(SQL);
    JSON.stringify(r.rows[0].data);
  };

  // Interleave the two so that drift in the machine's load hits both alike.
  const g: number[] = [];
  const s: number[] = [];
  for (let i = 0; i < 5; i++) {
    g.push(...(await time(viaGraphql, RUNS / 5, i === 0 ? 10 : 2)));
    s.push(...(await time(viaSql, RUNS / 5, i === 0 ? 10 : 2)));
  }
  await client.end();
  await app.stop();
  const row = (name: string, v: number[]) => `| ${name} | ${ms(percentile(v, 50))} | ${ms(percentile(v, 99))} |`;
  writeReport(
    "query",
    `# Nested analyst query: GraphQL vs one SQL statement

Command: \`DATABASE_URL=… pnpm bench:query\` (test/bench/query.ts), ${RUNS} runs each, interleaved.
Machine: ${machine()}; PostgreSQL at DATABASE_URL; seed with 90 days (${summary.counts.readings ?? "?"} readings).
Run: ${new Date().toISOString()}

Query: processes → steps → indicators → last 100 readings; risks → latest assessment.
GraphQL goes through yoga.fetch in-process (auth, validation, complexity, Pothos, Prisma); SQL is one
\`json_agg\` statement through \`pg\`.

| path | p50 | p99 |
|---|---|---|
${row("GraphQL (yoga + Pothos + Prisma)", g)}
${row("hand-written SQL (json_agg)", s)}

Ratio GraphQL / SQL: p50 ${(percentile(g, 50) / percentile(s, 50)).toFixed(1)}×, p99 ${(percentile(g, 99) / percentile(s, 99)).toFixed(1)}×.
`,
  );
} finally {
  await db.close();
}
