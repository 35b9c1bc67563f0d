import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANALYST_QUERY } from "../../../test/bench/analyst-query.js";
import { createTestApp, type TestApp } from "./helpers/app.js";

/**
 * §2.3.3 analysts query the graph in one request: the nested query runs a bounded number of SQL
 * statements whatever the number of rows (Pothos turns the selection into batched Prisma loads).
 */
let t: TestApp;
let statements = 0;

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 5, logQueries: true });
  (t.db.prisma as unknown as { $on(e: "query", cb: () => void): void }).$on("query", () => statements++);
  // The planner's statements run on the driver (src/plan/planner.ts): counted too.
  t.db.onRead(() => statements++);
});
afterAll(() => t?.close());

const NESTED = `query($n: Int!) {
  processes(first: $n) { edges { node { code
    steps { position name indicators { code readings(last: 100) { value observedAt } } }
    indicators(first: 50) { edges { node { code readings(last: 100) { value } } } } } } }
  risks(first: 50) { edges { node { code latestAssessment { score level } } } }
}`;

async function count(n: number, query = NESTED) {
  const token = await t.login("management@example.com");
  await t.gql(query, { n }, token); // warm: the viewer's visibility sets are cached per request anyway
  statements = 0;
  const r = await t.gql(query, { n }, token);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return { statements, processes: r.data.processes.edges.length, data: r.data };
}

describe("no N+1 (issue: foundation, item 7)", () => {
  it("runs the same bounded number of statements for 1 process as for 5", async () => {
    const one = await count(1);
    const five = await count(5);
    expect(one.processes).toBe(1);
    expect(five.processes).toBe(5);
    expect(five.statements).toBe(one.statements);
    // Pinned: session lookup, visibility sets, processes + counts, steps, indicators, readings,
    // risks, assessments. A change that adds per-row queries breaks this.
    expect(five.statements).toBeLessThanOrEqual(16);
  });

  it("issue 13: the analysts' daily query (test/bench) is planned into 1 statement for both root fields, the last 100 readings cut in SQL", async () => {
    const r = await count(10, ANALYST_QUERY);
    // Was 6 (processes, steps, indicators, every reading of those indicators cut to 100 in
    // memory, risks, assessments); with relationJoins each root field was one statement of
    // LATERAL joins with a LIMIT per indicator (2); planned, one statement builds the response.
    expect(r.statements).toBe(1);
    const readings = r.data.processes.edges.flatMap((e: any) => e.node.steps.flatMap((s: any) => s.indicators.map((i: any) => i.readings.length)));
    expect(readings.length).toBeGreaterThan(0);
    expect(Math.max(...readings)).toBeLessThanOrEqual(100);
  });
});
