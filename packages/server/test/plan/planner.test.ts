import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { ANALYST_QUERY } from "../../../../test/bench/analyst-query.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createReadFixture, type Fixture, gid, readableBy, signInViewers, type ViewerName } from "../access/read-fixture.js";

/**
 * Issue 13 item 7 (§2.3.3 analysts query the graph; §6.4 read rules): the root connections
 * `processes` and `risks` are answered by one planned SQL statement (src/plan/planner.ts). The
 * planned answer must equal the resolver path's answer (the planner switched off) for every
 * viewer, and never show a row the viewer may not read (another unit's, a higher
 * classification's). Pins: a planner that drops a read rule, mis-orders, mis-pages, cuts
 * readings differently or answers a selection it does not cover.
 */
let t: TestApp;
let objects: Fixture[];
let tokens: Record<string, string> = {};
const statements: string[] = [];

/** A unit head of another unit (HR) than the fixture's FIN rows: sees HR's and PUBLIC ones only. */
const VIEWERS = ["ADMIN", "PROCESS_OFFICE", "HR_HEAD", "ANALYST", "MANAGEMENT", "DISPLAY", "INGEST"] as const satisfies readonly ViewerName[];
const readable = readableBy;

const FULL = `query($n: Int, $last: Int, $withSteps: Boolean!) {
  processes(first: $n) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id code name nameEn category goal major common classification status version archivedAt updatedAt __typename
      steps @include(if: $withSteps) { id position name nameEn description archivedAt
        indicators { id code name kind unit direction target targetLow targetHigh expectedIntervalMinutes status lastValue lastObservedAt
          readings(last: $last) { id value observedAt key } } } } }
  }
  risks(first: 100) { edges { node { id code title titleEn category status classification currentScore currentLevel
    latestAssessment { id likelihood impact score level expectedLoss rationale assessedAt }
    previousAssessment { score level } } } }
}`;

/** FULL without what only execution answers (totalCount, pageInfo, cursor): every covered field, answered directly. */
const FULL_DIRECT = `query($n: Int, $last: Int, $withSteps: Boolean!) {
  __typename
  processes(first: $n) { __typename edges { __typename node { id code name nameEn category goal major common classification status version archivedAt updatedAt __typename
      steps @include(if: $withSteps) { id position name nameEn description archivedAt __typename
        indicators { id code name kind unit direction target targetLow targetHigh expectedIntervalMinutes status lastValue lastObservedAt __typename
          readings(last: $last) { id value observedAt key __typename } } } } } }
  r: risks(first: 100) { edges { node { id code title titleEn category status classification currentScore currentLevel archivedAt
    latestAssessment { id likelihood impact score level expectedLoss rationale assessedAt __typename }
    previousAssessment { score level } } } }
}`;

/**
 * Selections the planner answers (each is checked to run the planned statement), and whether the
 * whole response is the statement's (every root field planned and every field plain: no
 * totalCount, pageInfo, cursor, `last` or cursor arguments).
 */
/** Aliases, fragments, inline fragments and @skip over both root fields; the risks paged by `first` (direct) or `last` (executed). */
const aliasesAndFragments = (risksPage: "first" | "last") =>
  `query { a: processes(first: 4, orderBy: { field: NAME, direction: DESC }) { e: edges { n: node { ...P c: code } } edges { node { code x: name } } }
      risks(${risksPage}: 3, orderBy: { field: SCORE, direction: DESC }) { edges { node { ... on Risk { code currentScore la: latestAssessment { score } } latestAssessment @skip(if: true) { level } } } } }
     fragment P on Process { name s: steps { ... on ProcessStep { name i: indicators { code r: readings(last: 2) { value } } } } }`;

const PLANNED: [string, string, Record<string, unknown>, boolean][] = [
  ["the analyst query", ANALYST_QUERY, {}, true],
  ["every covered field, __typename everywhere, variables, readings(last: 7)", FULL_DIRECT, { n: 50, last: 7, withSteps: true }, true],
  ["every covered field, readings(last: 0), @include false, the default page (20)", FULL_DIRECT, { last: 0, withSteps: false }, true],
  ["aliases and fragments on the direct path, risks by score descending", aliasesAndFragments("first"), {}, true],
  [
    "by category and update time, descending",
    `{ processes(first: 7, orderBy: { field: CATEGORY, direction: DESC }) { edges { node { code } } } risks(orderBy: { field: UPDATED_AT }) { edges { node { code } } } }`,
    {},
    true,
  ],
  ["every covered field, readings(last: 5), variables", FULL, { n: 50, last: 5, withSteps: true }, false],
  ["readings(last: 0) and the default (100), @include false", FULL, { n: 3, last: 0, withSteps: false }, false],
  [
    "readings with no `last` (the default 100), first: 0",
    `{ processes(first: 0) { edges { node { code } } } p: processes(first: 2) { edges { node { steps { indicators { readings { value } } } } } } }`,
    {},
    true,
  ],
  ["aliases, fragments, inline fragments, @skip", aliasesAndFragments("last"), {}, false],
  [
    "last: without a cursor, by update time",
    `{ processes(last: 5, orderBy: { field: UPDATED_AT }) { pageInfo { hasPreviousPage hasNextPage } edges { node { code updatedAt } } } }`,
    {},
    false,
  ],
  ["risks by score ascending (nulls last)", `{ risks(first: 50, orderBy: { field: SCORE, direction: ASC }) { edges { node { code currentScore } } } }`, {}, true],
];

/**
 * Selections the planned statements do not cover: the resolver path answers them whole. The last
 * is answered by the direct statement (each response key its own value) but not by the planned
 * statements executed through graphql-js (one planned value per response key).
 */
const FALLBACK: [string, string, Record<string, unknown>, boolean][] = [
  ["an uncovered relation (owner)", `{ processes(first: 5) { edges { node { code owner { name } } } } }`, {}, false],
  ["a filter", `{ processes(first: 5, filter: { includeArchived: true }) { edges { node { code } } } }`, {}, false],
  ["a cursor over a nullable sort (risks by score)", `{ risks(first: 2, after: "R1BDOlM6bm9uZQ==", orderBy: { field: SCORE }) { edges { node { code } } } }`, {}, false],
  [
    "a time range on readings",
    `{ processes(first: 2) { edges { node { steps { indicators { readings(last: 3, range: { from: "2020-01-01T00:00:00Z" }) { value } } } } } } }`,
    {},
    false,
  ],
  [
    "one response key with two argument sets",
    `{ processes(first: 3) { a: edges { node { steps { indicators { r: readings(last: 1) { value } } } } } b: edges { node { steps { indicators { r: readings(last: 2) { value } } } } } } }`,
    {},
    true,
  ],
];

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 2, logQueries: true });
  (t.db.prisma as unknown as { $on(e: "query", cb: (e: { query: string }) => void): void }).$on("query", (e) => statements.push(e.query));
  t.db.onRead((text) => statements.push(text));
  objects = (await createReadFixture(t.db.prisma)).objects;
  tokens = (await signInViewers(t, objects, VIEWERS)).tokens;
}, 180_000);
afterAll(() => t?.close());

/**
 * The answer as served (the direct response where it applies) with the statements it ran, the
 * answer with the planned statements executed through graphql-js (QUERY_PLANNER=execute), and
 * the answer with the planner off (the resolvers, QUERY_PLANNER=off).
 */
async function both(query: string, variables: Record<string, unknown>, token: string) {
  await t.gql(query, variables, token); // warm the viewer's read sets, as on a server in use
  statements.length = 0;
  const planned = await t.gql(query, variables, token);
  const ran = [...statements];
  const planner = t.app.caches.planner;
  try {
    planner.direct = false;
    statements.length = 0;
    const executed = await t.gql(query, variables, token);
    const ranExecuted = [...statements];
    planner.enabled = false;
    const resolved = await t.gql(query, variables, token);
    return { planned, executed, resolved, ran, ranExecuted };
  } finally {
    planner.enabled = true;
    planner.direct = true;
  }
}

const isPlanned = (sql: string) => sql.includes("json_agg(json_build_object");
/** The direct path's statement builds the whole response. */
const isDirect = (sql: string) => sql.includes("json_build_object('data'");

describe("issue 13 item 7: the planned statement answers exactly what the resolvers answer (§6.4)", () => {
  for (const viewer of [...VIEWERS]) {
    for (const [label, query, variables, direct] of PLANNED) {
      it(`${viewer}: ${label}${direct ? " (the statement's JSON as the response)" : ""}`, async () => {
        const { planned, executed, resolved, ran } = await both(query, variables, tokens[viewer]);
        expect(planned).toEqual(resolved);
        expect(executed).toEqual(resolved);
        if (viewer === "INGEST") {
          // An INGEST token reads nothing: refused before any planning (the direct path declines, execution refuses).
          expect(planned.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
          expect(ran.filter(isPlanned)).toEqual([]);
          return;
        }
        expect(planned.errors, JSON.stringify(planned.errors)).toBeUndefined();
        expect(ran.filter(isPlanned).length).toBeGreaterThan(0);
        // One statement for the whole response when direct; none of it when not.
        expect(ran.filter(isDirect)).toHaveLength(direct ? 1 : 0);
        if (direct) expect(ran.filter(isPlanned)).toHaveLength(1);
      });
    }
    it(`${viewer}: after / before a cursor, in both directions`, async () => {
      if (viewer === "INGEST") return;
      for (const order of ["{ field: CODE }", "{ field: NAME, direction: DESC }"]) {
        const first = await t.gql(`{ processes(first: 3, orderBy: ${order}) { pageInfo { endCursor } } risks(first: 3) { pageInfo { endCursor } } }`, {}, tokens[viewer]);
        const p = first.data.processes.pageInfo.endCursor;
        const r = first.data.risks.pageInfo.endCursor;
        const query = `query($p: String, $r: String) {
          a: processes(first: 4, after: $p, orderBy: ${order}) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { code steps { name } } } }
          b: processes(last: 2, before: $p, orderBy: ${order}) { pageInfo { hasNextPage hasPreviousPage } edges { node { code } } }
          risks(first: 5, after: $r) { edges { node { code latestAssessment { level } } } } }`;
        const { planned, resolved, ran } = await both(query, { p, r }, tokens[viewer]);
        expect(planned).toEqual(resolved);
        expect(planned.errors).toBeUndefined();
        expect(ran.filter(isPlanned)).toHaveLength(3);
      }
    });
    for (const [label, query, variables, direct] of FALLBACK) {
      it(`${viewer}: falls back for ${label}${direct ? " (executed; the direct statement answers it)" : ""}`, async () => {
        const { planned, executed, resolved, ran, ranExecuted } = await both(query, variables, tokens[viewer]);
        expect(planned).toEqual(resolved);
        expect(executed).toEqual(resolved);
        expect(ranExecuted.filter(isPlanned)).toEqual([]);
        expect(ran.filter(isPlanned)).toHaveLength(direct && viewer !== "INGEST" ? 1 : 0);
        expect(ran.filter(isPlanned)).toEqual(ran.filter(isDirect));
      });
    }
  }

  it("never shows a process, indicator or risk the viewer may not read, and shows every one it may", async () => {
    const query = `{ processes(first: 100) { edges { node { id steps { indicators { id } } } } } risks(first: 100) { edges { node { id } } } }`;
    for (const viewer of [...VIEWERS]) {
      if (viewer === "INGEST") continue;
      statements.length = 0;
      const r = await t.gql(query, {}, tokens[viewer]);
      expect(r.errors).toBeUndefined();
      // Answered by the direct statement: its rows are all the viewer sees.
      expect(statements.filter(isDirect)).toHaveLength(1);
      const seen = new Set<string>([
        ...r.data.processes.edges.flatMap((e: any) => [e.node.id, ...e.node.steps.flatMap((s: any) => s.indicators.map((i: any) => i.id))]),
        ...r.data.risks.edges.map((e: any) => e.node.id),
      ]);
      for (const o of objects.filter((o) => o.type === "Process" || o.type === "Risk")) {
        expect(seen.has(gid(o.type, o.id)), `${viewer} ${o.label}`).toBe(readable(viewer, o));
      }
      // Indicators appear only under a step; those that do must be readable.
      for (const o of objects.filter((o) => o.type === "Indicator" && seen.has(gid("Indicator", o.id)))) expect(readable(viewer, o), `${viewer} ${o.label}`).toBe(true);
    }
  });

  it("answers the analyst query with 1 statement building the response (2 planned statements executed without it)", async () => {
    const { planned, ran } = await both(ANALYST_QUERY, {}, tokens.ANALYST);
    expect(planned.errors).toBeUndefined();
    expect(ran, ran.join("\n")).toHaveLength(1);
    expect(ran.every(isDirect)).toBe(true);
    t.app.caches.planner.direct = false;
    statements.length = 0;
    try {
      expect(await t.gql(ANALYST_QUERY, {}, tokens.ANALYST)).toEqual(planned);
      expect(statements, statements.join("\n")).toHaveLength(2);
      expect(statements.every((s) => isPlanned(s) && !isDirect(s))).toBe(true);
    } finally {
      t.app.caches.planner.direct = true;
    }
  });
});

describe("issue 13 item 7: the direct response keeps every check of execution (§6.4)", () => {
  const LIST = `query($n: Int) { processes(first: $n) { edges { node { code name } } } }`;

  /** The answer and the statements that ran for it. */
  async function run(query: string, variables: Record<string, unknown>, token?: string) {
    statements.length = 0;
    const r = await t.gql(query, variables, token);
    return { r, ran: [...statements] };
  }

  it("refuses an anonymous caller as execution does (UNAUTHENTICATED), before any planned statement", async () => {
    const { r, ran } = await run(LIST, { n: 3 });
    expect(r.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(r.data ?? null).toBeNull();
    expect(ran.filter(isPlanned)).toEqual([]);
  });

  it("refuses a query over the cost budget with QUERY_TOO_COMPLEX: the direct path never answers an uncosted query", async () => {
    const q = `{ processes(first: 500) { edges { node { steps { indicators { readings(last: 1000) { value } } } } } } }`;
    const { r, ran } = await run(q, {}, tokens.MANAGEMENT);
    expect(r.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
    expect(ran.filter(isPlanned)).toEqual([]);
  });

  it("a page over the largest answers as execution does (the direct path declines)", async () => {
    const { planned, resolved, ran } = await both(`{ processes(first: 501) { edges { node { code } } } }`, {}, tokens.MANAGEMENT);
    expect(planned).toEqual(resolved);
    expect(ran.filter(isDirect)).toEqual([]);
  });

  it("one query text with other variables, or another viewer, is another answer (the compiled statement holds neither)", async () => {
    const one = await run(LIST, { n: 1 }, tokens.MANAGEMENT);
    const three = await run(LIST, { n: 3 }, tokens.MANAGEMENT);
    expect(one.r.data.processes.edges).toHaveLength(1);
    expect(three.r.data.processes.edges).toHaveLength(3);
    expect([...one.ran, ...three.ran].filter(isDirect)).toHaveLength(2);
    const codes = async (token: string) => (await run(LIST, { n: 100 }, token)).r.data.processes.edges.map((e: { node: { code: string } }) => e.node.code);
    const management = await codes(tokens.MANAGEMENT);
    const hr = await codes(tokens.HR_HEAD);
    expect(hr.length).toBeLessThan(management.length);
    expect(hr.every((c: string) => management.includes(c))).toBe(true);
  });

  it("answers the same query over graphql-ws with the same data (a reader of `result.data`, not of the body)", async () => {
    const port = await t.app.start(0);
    const client = createClient({
      url: `ws://127.0.0.1:${port}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${tokens.ANALYST}` },
      retryAttempts: 0,
      lazy: true,
    });
    try {
      statements.length = 0;
      const overWs = await new Promise<unknown>((resolve, reject) => {
        let result: unknown;
        client.subscribe({ query: ANALYST_QUERY }, { next: (r) => (result = r), error: reject, complete: () => resolve(result) });
      });
      expect(statements.filter(isDirect)).toHaveLength(1);
      const { data } = await t.gql(ANALYST_QUERY, {}, tokens.ANALYST);
      expect(overWs).toEqual({ data });
    } finally {
      await client.dispose();
      await new Promise<void>((resolve) => t.app.server.close(() => resolve()));
    }
  });

  it("counts a directly answered query against the rate limit (RATE_LIMITED, 429)", async () => {
    const limited = await createTestApp({ readingsDays: 1, ratePerMinute: 4 });
    try {
      const token = await limited.login("analyst@example.com");
      const results = [];
      for (let i = 0; i < 6; i++) results.push(await limited.gql(LIST, { n: 2 }, token));
      expect(results[0].data.processes.edges).toHaveLength(2);
      const refused = results.filter((r) => r.errors?.[0]?.extensions?.code === "RATE_LIMITED");
      expect(refused.length).toBeGreaterThan(0);
      expect(refused[0].status).toBe(429);
    } finally {
      await limited.close();
    }
  }, 120_000);
});
