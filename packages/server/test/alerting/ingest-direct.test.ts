import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { directIngestRuns } from "../../src/modules/alerting/ingest-direct.js";
import { createTestApp, type TestApp } from "../helpers/app.js";

/**
 * Issue 13 (ingest through GraphQL), §4.2.4 / §6.4: `recordReadings` with its batch in variables
 * is coerced by one compiled loop and handed to the field's resolver (modules/alerting/ingest-direct.ts)
 * instead of graphql-js's per-object coercion. It must answer exactly as execution does: the same
 * data, the same errors (message, code, field, path, locations), the same audit rows, for every
 * viewer that may ingest and every one refused, for good and bad batches; and where the variables
 * do not coerce exactly (a bad value, an unknown field) it must leave the request to execution.
 */
let t: TestApp;
let fin: string[];
let hr: string;
let target: Record<string, number>;
const viewers: Record<string, string | null> = {};

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  const office = await t.login("office@example.com");
  const indicators = async (code: string) =>
    (
      (await t.gql(`query($c: String!) { process(code: $c) { indicators(first: 2) { edges { node { id target } } } } }`, { c: code }, office)).data.process.indicators.edges as {
        node: { id: string; target: number };
      }[]
    ).map((e) => e.node);
  const f = await indicators("P-FIN");
  const [h] = await indicators("P-HR");
  fin = f.map((i) => i.id);
  hr = h.id;
  target = Object.fromEntries([...f, h].map((i) => [i.id, i.target]));
  // Readings at target settle the indicators' rules first: a seeded open alert resolved by the
  // matrix's first batch would make one path's alertEvents differ from the other's.
  // Some at the time of the call: the matrix sends readings without observedAt too.
  const settle = [fin[0], fin[1], hr].flatMap((id) => [
    ...Array.from({ length: 10 }, (_, i) => ({ indicatorId: id, value: target[id], observedAt: new Date(Date.now() - 4 * 3_600_000 + i * 60_000).toISOString() })),
    ...Array.from({ length: 3 }, () => ({ indicatorId: id, value: target[id] })),
  ]);
  const settled = await t.gql(`mutation($r: [ReadingInput!]!) { recordReadings(input: { readings: $r }) { accepted } }`, { r: settle }, office);
  expect(settled.data?.recordReadings.accepted).toBe(settle.length);
  const admin = await t.login("admin@example.com");
  for (const kind of ["INGEST", "DISPLAY"] as const) {
    const r = await t.gql(
      `mutation($k: ApiTokenKind!, $n: String!, $i: [ID!]) { createApiToken(input: { name: $n, kind: $k, indicatorIds: $i }) { token } }`,
      { k: kind, n: `direct ingest ${kind}`, i: kind === "INGEST" ? [fin[0]] : null },
      admin,
    );
    viewers[kind] = r.data.createApiToken.token;
  }
  // May ingest: the process office, an admin, a department head (own unit), an INGEST token (its indicators).
  // Refused: management, an analyst, an employee, a DISPLAY token, no token.
  viewers.PROCESS_OFFICE = office;
  viewers.ADMIN = admin;
  viewers.DEPARTMENT_HEAD = await t.login("finance.head@example.com");
  viewers.MANAGEMENT = await t.login("management@example.com");
  viewers.ANALYST = await t.login("analyst@example.com");
  viewers.EMPLOYEE = await t.login("employee@example.com");
  viewers.ANONYMOUS = null;
});
afterAll(() => t?.close());

const LIST = `mutation($r: [ReadingInput!]!) { recordReadings(input: { readings: $r }) { accepted duplicates alertEvents } }`;
const WHOLE = `mutation Feed($input: RecordReadingsInput!) { batch: recordReadings(input: $input) { __typename n: accepted duplicates accepted alertEvents } }`;

/** Times and keys that do not depend on the run, where a message quotes the value (execution's coercion errors do). */
const AHEAD = new Date(Date.now() + 3_600_000).toISOString();
const FIXED = new Date(Date.now() - 7_200_000).toISOString();
const fixed = () => ({ indicatorId: fin[0], value: target[fin[0]], observedAt: FIXED, key: "fixed" });

type Batch = { query: string; variables: (run: string, at: (i: number) => string) => Record<string, unknown>; direct: boolean };

/** Readings at their indicator's target (no alert on either path), keys unique per run. */
const rows = (run: string, at: (i: number) => string, ids: string[]) => ids.map((id, i) => ({ indicatorId: id, value: target[id], observedAt: at(i), key: `${run}-${i}` }));

const BATCHES: Record<string, Batch> = {
  "good, { readings: $r }": { query: LIST, variables: (run, at) => ({ r: rows(run, at, [fin[0], fin[0], fin[0]]) }), direct: true },
  "good, $input, aliases, __typename, a key repeated, no key, observedAt null": {
    query: WHOLE,
    variables: (run, at) => ({
      input: {
        readings: [
          ...rows(run, at, [fin[0], fin[0]]),
          { indicatorId: fin[0], value: target[fin[0]], observedAt: at(5), key: `${run}-0` },
          { indicatorId: fin[0], value: target[fin[0]] },
          { indicatorId: fin[0], value: target[fin[0]], observedAt: null, key: null },
        ],
      },
    }),
    direct: true,
  },
  "another unit's and another token's indicator (FORBIDDEN for some)": { query: LIST, variables: (run, at) => ({ r: rows(run, at, [fin[0], hr]) }), direct: true },
  "an indicator that does not exist (NOT_FOUND)": {
    query: LIST,
    variables: (run, at) => ({ r: [...rows(run, at, [fin[0]]), { indicatorId: Buffer.from("Indicator:nope").toString("base64"), value: 1, observedAt: at(1) }] }),
    direct: true,
  },
  "a malformed global id": { query: LIST, variables: (run, at) => ({ r: [...rows(run, at, [fin[0]]), { indicatorId: "not-an-id", value: 1 }] }), direct: true },
  "observedAt an hour ahead": { query: LIST, variables: (run) => ({ r: rows(run, () => AHEAD, [fin[0]]) }), direct: true },
  "a key too long": { query: LIST, variables: (_run, at) => ({ r: [{ indicatorId: fin[0], value: 1, observedAt: at(0), key: "k".repeat(201) }] }), direct: true },
  "an empty batch": { query: LIST, variables: () => ({ r: [] }), direct: true },
  // ID takes an integer as graphql-js does (its own parseValue): then the id is malformed.
  "an integer indicator id": { query: LIST, variables: () => ({ r: [{ ...fixed(), indicatorId: 7 }] }), direct: true },
  // Not exactly the compiled form: execution coerces and reports.
  "a value as a string": { query: LIST, variables: () => ({ r: [{ ...fixed(), value: "12" }] }), direct: false },
  "an unknown field": { query: LIST, variables: () => ({ r: [{ ...fixed(), unit: "%" }] }), direct: false },
  "observedAt not a date-time": { query: LIST, variables: () => ({ r: [{ ...fixed(), observedAt: "yesterday" }] }), direct: false },
  "value missing": { query: LIST, variables: () => ({ r: [{ indicatorId: fin[0], key: "fixed" }] }), direct: false },
  "one object for the list (coerced to a list of one)": { query: LIST, variables: (run, at) => ({ r: rows(run, at, [fin[0]])[0] }), direct: false },
  "the input with another field": { query: WHOLE, variables: () => ({ input: { readings: [fixed()], extra: 1 } }), direct: false },
};

/** The response and the audit rows it wrote, on one path. */
async function send(direct: boolean, batch: Batch, token: string | null, run: string, base: number) {
  t.app.caches.directIngest = direct;
  const before = await t.db.prisma.auditLog.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
  const runs = directIngestRuns.count;
  try {
    const r = await t.gql(
      batch.query,
      batch.variables(run, (i) => new Date(base + i * 1000).toISOString()),
      token,
    );
    const audit = await t.db.prisma.auditLog.findMany({
      where: { id: { gt: before?.id ?? 0n } },
      orderBy: { id: "asc" },
      select: { actorId: true, tokenId: true, action: true, entity: true, entityId: true, changes: true },
    });
    return { response: r, audit, took: directIngestRuns.count - runs };
  } finally {
    t.app.caches.directIngest = true;
  }
}

describe("issue 13: recordReadings' direct coercion answers exactly as execution (§4.2.4, §6.4)", () => {
  it("gives the same data, errors and audit rows as execution, for every viewer and batch, and takes the direct path only where the variables coerce exactly", async () => {
    // 10 s per run, 2 runs per viewer and batch: from 3 hours ago, all in the past.
    let base = Date.now() - 3 * 3_600_000;
    const outcomes = new Set<string>();
    for (const [viewer, token] of Object.entries(viewers)) {
      for (const [name, batch] of Object.entries(BATCHES)) {
        const label = `${viewer}: ${name}`;
        const executed = await send(false, batch, token, `${viewer}-${name}-x`, (base += 10_000));
        const direct = await send(true, batch, token, `${viewer}-${name}-d`, (base += 10_000));
        // failure: the path off ran it anyway, or the path on declined an exact batch (or took an inexact one).
        expect(executed.took, label).toBe(0);
        expect(direct.took, label).toBe(batch.direct ? 1 : 0);
        // failure: another answer, another error (message, code, field, path, locations), or another audit row.
        expect(direct.response, label).toEqual(executed.response);
        expect(direct.audit, label).toEqual(executed.audit);
        outcomes.add(`${viewer}:${executed.response.data ? "data" : executed.response.errors?.[0]?.extensions?.code}`);
      }
    }
    // The matrix covers what it claims: writes, refusals and each kind of error, on both paths.
    expect([...outcomes].sort()).toEqual(
      expect.arrayContaining([
        "PROCESS_OFFICE:data",
        "ADMIN:data",
        "DEPARTMENT_HEAD:data",
        "INGEST:data",
        "DEPARTMENT_HEAD:FORBIDDEN",
        "INGEST:FORBIDDEN",
        "PROCESS_OFFICE:NOT_FOUND",
        "PROCESS_OFFICE:BAD_USER_INPUT",
        "MANAGEMENT:FORBIDDEN",
        "DISPLAY:FORBIDDEN",
      ]),
    );
    const written = await t.db.prisma.auditLog.count({ where: { action: "recordReadings" } });
    expect(written).toBeGreaterThan(0);
  }, 180_000);
});
