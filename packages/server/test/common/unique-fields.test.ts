import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/app.js";

/**
 * Conventions (bad input: a stable code, the field named) and issue 9 item 3: "Prisma's unique
 * violation maps to a CONFLICT error with the field named, once, for every mutation". Every
 * mutation that writes a unique field (a unit's, process's, indicator's or risk's code, a person's
 * email) is run against a value another row holds, and twice at once with a fresh value. Each
 * loser gets CONFLICT naming the field in the error mask's words (`lib/masking.ts`
 * `uniqueViolation`, the one place that maps it: no service checks first), and nothing is written.
 * Pins the failure where the loser of two creates got INTERNAL_SERVER_ERROR, and the five services
 * that each kept their own check-then-create.
 */
let t: TestApp;
let admin: string;
let management: string;
const seen: Record<string, { id: string; code: string }[]> = {};
let emails: { id: string; email: string }[] = [];
let unitId = "";
let processId = "";

const MASK_WORDS = /^Another [a-z ]+ already has this (code|email)\.$/;

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  admin = await t.login("admin@example.com");
  management = await t.login("management@example.com");
  const r = await t.gql(
    `{ orgUnits(first: 2) { edges { node { id code } } } processes(first: 2) { edges { node { id code } } }
       indicators(first: 2) { edges { node { id code } } } risks(first: 2) { edges { node { id code } } } }`,
    {},
    management,
  );
  for (const key of ["orgUnits", "processes", "indicators", "risks"]) seen[key] = r.data[key].edges.map((e: { node: { id: string; code: string } }) => e.node);
  const people = await t.gql(`{ users(first: 2) { edges { node { id email } } } }`, {}, admin);
  emails = people.data.users.edges.map((e: { node: { id: string; email: string } }) => e.node);
  unitId = seen.orgUnits[0].id;
  processId = seen.processes[0].id;
}, 120_000);
afterAll(() => t?.close());

interface Case {
  mutation: string;
  field: "code" | "email";
  /** Who may run it. */
  as: () => string;
  /** The mutation's input with `value` in its unique field. */
  input: (value: string) => Record<string, unknown>;
  /** A value another row already holds. */
  taken: () => string;
  /** How many rows of the kind exist (nothing half-written). */
  count: () => Promise<number>;
}

const creates: Case[] = [
  {
    mutation: "createOrgUnit",
    field: "code",
    as: () => admin,
    input: (code) => ({ code, name: "重複部", nameEn: "Duplicate", kind: "DEPARTMENT" }),
    taken: () => seen.orgUnits[0].code,
    count: () => t.db.prisma.orgUnit.count(),
  },
  ...["createUser", "inviteUser"].map((mutation) => ({
    mutation,
    field: "email" as const,
    as: () => admin,
    input: (email: string) => ({ email, name: "重複", roles: ["EMPLOYEE"], unitId }),
    taken: () => emails[0].email,
    count: () => t.db.prisma.user.count(),
  })),
  {
    mutation: "createProcess",
    field: "code",
    as: () => management,
    input: (code) => ({ code, name: "重複", nameEn: "Duplicate", category: "FINANCE", goal: "一次", ownerUnitId: unitId }),
    taken: () => seen.processes[0].code,
    count: () => t.db.prisma.process.count(),
  },
  {
    mutation: "createIndicator",
    field: "code",
    as: () => management,
    input: (code) => ({ code, name: "重複", kind: "FINANCIAL", direction: "HIGHER_IS_BETTER", unit: "%", processId }),
    taken: () => seen.indicators[0].code,
    count: () => t.db.prisma.indicator.count(),
  },
  {
    mutation: "createRisk",
    field: "code",
    as: () => management,
    input: (code) => ({ code, title: "重複", category: "OPERATIONAL", ownerUnitId: unitId }),
    taken: () => seen.risks[0].code,
    count: () => t.db.prisma.risk.count(),
  },
];

const updates: Case[] = [
  ["updateOrgUnit", "orgUnits", () => admin, () => t.db.prisma.orgUnit.count()] as const,
  ["updateProcess", "processes", () => management, () => t.db.prisma.process.count()] as const,
  ["updateIndicator", "indicators", () => management, () => t.db.prisma.indicator.count()] as const,
  ["updateRisk", "risks", () => management, () => t.db.prisma.risk.count()] as const,
].map(([mutation, kind, as, count]) => ({
  mutation,
  field: "code" as const,
  as,
  input: (code: string) => ({ id: seen[kind][1].id, code }),
  taken: () => seen[kind][0].code,
  count,
}));
updates.push({
  mutation: "updateUser",
  field: "email",
  as: () => admin,
  input: (email) => ({ id: emails[1].id, email }),
  taken: () => emails[0].email,
  count: () => t.db.prisma.user.count(),
});

const run = (c: Case, value: string) =>
  t.gql(`mutation($input: ${c.mutation[0].toUpperCase()}${c.mutation.slice(1)}Input!) { ${c.mutation}(input: $input) { __typename } }`, { input: c.input(value) }, c.as());

async function auditRows(action: string) {
  return t.db.prisma.auditLog.count({ where: { action } });
}

describe("§2.3.1, §6.4 a unique field taken: CONFLICT naming the field, mapped once, nothing written", () => {
  it.each([...creates, ...updates].map((c) => [c.mutation, c] as const))("%s with a value another row holds", async (_name, c) => {
    const before = { rows: await c.count(), audit: await auditRows(c.mutation) };
    const r = await run(c, c.taken());
    expect(r.data?.[c.mutation] ?? null).toBeNull();
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0].extensions).toMatchObject({ code: "CONFLICT", field: c.field });
    expect(r.errors![0].message).toMatch(MASK_WORDS);
    expect(r.errors![0].message).not.toMatch(/SQL|constraint|Prisma|P2002|23505/i);
    expect({ rows: await c.count(), audit: await auditRows(c.mutation) }).toEqual(before);
  });

  it.each(creates.map((c) => [c.mutation, c] as const))("%s twice at once with one fresh value: one is written, the other is a CONFLICT naming the field", async (_name, c) => {
    const value = c.field === "email" ? `race.${c.mutation.toLowerCase()}@example.com` : `RACE-${c.mutation.toUpperCase()}`;
    const before = await c.count();
    const results = await Promise.all([run(c, value), run(c, value)]);
    const failed = results.filter((r) => r.errors);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0].errors![0].extensions).toMatchObject({ code: "CONFLICT", field: c.field });
    expect(failed[0].errors![0].message).toMatch(MASK_WORDS);
    expect(await c.count()).toBe(before + 1);
  });
});
