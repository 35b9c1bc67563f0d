import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANALYST_QUERY } from "../../../../test/bench/analyst-query.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createReadFixture, type Fixture, gid } from "../access/read-fixture.js";

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
const tokens: Record<string, string> = {};
const statements: string[] = [];

/** The policy's read scopes (§2, §6.4), restated independently of the code under test. */
const RANK = { PUBLIC: 0, INTERNAL: 1, CONFIDENTIAL: 2, SECRET: 3 } as const;
const VIEWERS: Record<string, { email?: string; all: boolean; unit?: string; max: keyof typeof RANK | null }> = {
  ADMIN: { email: "admin@example.com", all: true, max: "INTERNAL" },
  PROCESS_OFFICE: { email: "office@example.com", all: true, max: "CONFIDENTIAL" },
  // A unit head of another unit than the FIN fixture rows: sees HR's and PUBLIC ones only.
  HR_HEAD: { email: "hr.head@example.com", all: false, unit: "HR", max: "CONFIDENTIAL" },
  ANALYST: { email: "analyst@example.com", all: true, max: "INTERNAL" },
  MANAGEMENT: { email: "management@example.com", all: true, max: "SECRET" },
  DISPLAY: { all: true, max: "INTERNAL" },
  INGEST: { all: true, max: null },
};

const readable = (viewer: string, o: Fixture) => {
  const v = VIEWERS[viewer];
  if (!v.max || !o.parent) return false;
  return RANK[o.parent.classification] <= RANK[v.max] && (v.all || o.parent.classification === "PUBLIC" || o.parent.unit === v.unit);
};

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

/** Selections the planner answers (each is checked to run the planned statement). */
const PLANNED: [string, string, Record<string, unknown>][] = [
  ["the analyst query", ANALYST_QUERY, {}],
  ["every covered field, readings(last: 5), variables", FULL, { n: 50, last: 5, withSteps: true }],
  ["readings(last: 0) and the default (100), @include false", FULL, { n: 3, last: 0, withSteps: false }],
  [
    "readings with no `last` (the default 100), first: 0",
    `{ processes(first: 0) { edges { node { code } } } p: processes(first: 2) { edges { node { steps { indicators { readings { value } } } } } } }`,
    {},
  ],
  [
    "aliases, fragments, inline fragments, @skip",
    `query { a: processes(first: 4, orderBy: { field: NAME, direction: DESC }) { e: edges { n: node { ...P c: code } } edges { node { code x: name } } }
      risks(last: 3, orderBy: { field: SCORE, direction: DESC }) { edges { node { ... on Risk { code currentScore la: latestAssessment { score } } latestAssessment @skip(if: true) { level } } } } }
     fragment P on Process { name s: steps { ... on ProcessStep { name i: indicators { code r: readings(last: 2) { value } } } } }`,
    {},
  ],
  [
    "last: without a cursor, by update time",
    `{ processes(last: 5, orderBy: { field: UPDATED_AT }) { pageInfo { hasPreviousPage hasNextPage } edges { node { code updatedAt } } } }`,
    {},
  ],
  ["risks by score ascending (nulls last)", `{ risks(first: 50, orderBy: { field: SCORE, direction: ASC }) { edges { node { code currentScore } } } }`, {}],
];

/** Selections the planner does not cover: the resolver path answers them whole. */
const FALLBACK: [string, string, Record<string, unknown>][] = [
  ["an uncovered relation (owner)", `{ processes(first: 5) { edges { node { code owner { name } } } } }`, {}],
  ["a filter", `{ processes(first: 5, filter: { includeArchived: true }) { edges { node { code } } } }`, {}],
  ["a cursor over a nullable sort (risks by score)", `{ risks(first: 2, after: "R1BDOlM6bm9uZQ==", orderBy: { field: SCORE }) { edges { node { code } } } }`, {}],
  ["a time range on readings", `{ processes(first: 2) { edges { node { steps { indicators { readings(last: 3, range: { from: "2020-01-01T00:00:00Z" }) { value } } } } } } }`, {}],
  [
    "one response key with two argument sets",
    `{ processes(first: 3) { a: edges { node { steps { indicators { r: readings(last: 1) { value } } } } } b: edges { node { steps { indicators { r: readings(last: 2) { value } } } } } } }`,
    {},
  ],
];

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 2, logQueries: true });
  (t.db.prisma as unknown as { $on(e: "query", cb: (e: { query: string }) => void): void }).$on("query", (e) => statements.push(e.query));
  t.db.onRead((text) => statements.push(text));
  objects = (await createReadFixture(t.db.prisma)).objects;
  for (const [name, v] of Object.entries(VIEWERS)) if (v.email) tokens[name] = await t.login(v.email);
  for (const kind of ["DISPLAY", "INGEST"]) {
    const indicator = objects.find((o) => o.type === "Indicator" && o.parent?.classification === "INTERNAL")!;
    const r = await t.gql(
      `mutation($k: ApiTokenKind!, $name: String!, $i: [ID!]) { createApiToken(input: { name: $name, kind: $k, indicatorIds: $i }) { token } }`,
      { k: kind, name: `plan ${kind}`, i: kind === "INGEST" ? [gid("Indicator", indicator.id)] : null },
      tokens.ADMIN,
    );
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    tokens[kind] = r.data.createApiToken.token;
  }
}, 180_000);
afterAll(() => t?.close());

/** The answer with the planner on, the statements it ran, and the answer with it off. */
async function both(query: string, variables: Record<string, unknown>, token: string) {
  await t.gql(query, variables, token); // warm the viewer's read sets, as on a server in use
  statements.length = 0;
  const planned = await t.gql(query, variables, token);
  const ran = [...statements];
  t.app.caches.planner.enabled = false;
  try {
    const resolved = await t.gql(query, variables, token);
    return { planned, resolved, ran };
  } finally {
    t.app.caches.planner.enabled = true;
  }
}

const isPlanned = (sql: string) => sql.includes("json_agg(json_build_object");

describe("issue 13 item 7: the planned statement answers exactly what the resolvers answer (§6.4)", () => {
  for (const viewer of Object.keys(VIEWERS)) {
    for (const [label, query, variables] of PLANNED) {
      it(`${viewer}: ${label}`, async () => {
        const { planned, resolved, ran } = await both(query, variables, tokens[viewer]);
        expect(planned).toEqual(resolved);
        if (viewer === "INGEST") {
          // An INGEST token reads nothing: refused before any planning.
          expect(planned.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
          return;
        }
        expect(planned.errors, JSON.stringify(planned.errors)).toBeUndefined();
        expect(ran.filter(isPlanned).length).toBeGreaterThan(0);
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
    for (const [label, query, variables] of FALLBACK) {
      it(`${viewer}: falls back for ${label}`, async () => {
        const { planned, resolved, ran } = await both(query, variables, tokens[viewer]);
        expect(planned).toEqual(resolved);
        expect(ran.filter(isPlanned)).toEqual([]);
      });
    }
  }

  it("never shows a process, indicator or risk the viewer may not read, and shows every one it may", async () => {
    const query = `{ processes(first: 100) { edges { node { id steps { indicators { id } } } } } risks(first: 100) { edges { node { id } } } }`;
    for (const viewer of Object.keys(VIEWERS)) {
      if (viewer === "INGEST") continue;
      const r = await t.gql(query, {}, tokens[viewer]);
      expect(r.errors).toBeUndefined();
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

  it("answers the analyst query in 2 statements, one planned statement per root field", async () => {
    const { planned, ran } = await both(ANALYST_QUERY, {}, tokens.ANALYST);
    expect(planned.errors).toBeUndefined();
    expect(ran, ran.join("\n")).toHaveLength(2);
    expect(ran.every(isPlanned)).toBe(true);
  });
});
