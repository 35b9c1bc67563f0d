import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../../src/lib/db.js";
import { maskError } from "../../src/lib/masking.js";
import { transactionOf } from "../../src/lib/sql.js";
import { createTestApp, type TestApp } from "../helpers/app.js";

/**
 * Conventions (bad input: a stable code, the field named): a unique violation is a CONFLICT for
 * every mutation, mapped once in the error mask. Pins the failure where the loser of two creates of
 * one code got INTERNAL_SERVER_ERROR.
 */
let t: TestApp;
let unitId: string;
beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  unitId = (await t.gql(`{ me { user { unit { id } } } }`, {}, await t.login("finance.head@example.com"))).data.me.user.unit.id;
});
afterAll(() => t?.close());

const CREATE = `mutation($u: ID!, $c: String!) { createProcess(input: { code: $c, name: "並發", nameEn: "Concurrent", category: FINANCE, goal: "一次", ownerUnitId: $u }) { id } }`;

describe("§2.3.1 unique codes under concurrency", () => {
  it("two concurrent creates of the same process code: one succeeds, the other is a CONFLICT naming the field", async () => {
    const mgmt = await t.login("management@example.com");
    const results = await Promise.all([t.gql(CREATE, { u: unitId, c: "P-RACE" }, mgmt), t.gql(CREATE, { u: unitId, c: "P-RACE" }, mgmt)]);
    const ok = results.filter((r) => !r.errors);
    const failed = results.filter((r) => r.errors);
    expect(ok).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expect(failed[0].errors?.[0].extensions).toMatchObject({ code: "CONFLICT", field: "code" });
  });

  it("a unique violation that reaches the error mask (no check before the write) becomes CONFLICT with the field, not INTERNAL_SERVER_ERROR", async () => {
    const existing = await t.db.prisma.process.findFirstOrThrow({ select: { code: true, ownerUnitId: true } });
    const error = await rejection(
      t.db.prisma.process.create({
        data: { code: existing.code, name: "重複", nameEn: "Duplicate", category: "FINANCE", goal: "x", goalEn: "x", ownerUnitId: existing.ownerUnitId } as never,
      }),
    );
    expectMaskedConflictOnCode(error);
  });

  it("a unique violation of a statement sent on the driver itself (lib/sql.ts: PostgreSQL's own error, code 23505) is a CONFLICT with the field too", async () => {
    const existing = await t.db.prisma.process.findFirstOrThrow({ select: { id: true, code: true } });
    const other = await t.db.prisma.process.findFirstOrThrow({ where: { id: { not: existing.id } }, select: { id: true } });
    const error = await rejection(transactionOf(t.db.prisma)((sql) => sql(Prisma.sql`UPDATE process SET code = ${existing.code} WHERE id = ${other.id}`)));
    expectMaskedConflictOnCode(error);
    expect(String((error as { code?: unknown }).code)).toBe("23505");
  });
});

/** What `promise` was rejected with; null when it was not. */
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (e: unknown) => e,
  );

/** The error mask turns `error` into CONFLICT naming `code`, with no SQL or driver words. */
function expectMaskedConflictOnCode(error: unknown) {
  expect(error).not.toBeNull();
  const { error: masked, masked: hidden } = maskError(error, "Unexpected error.");
  expect(hidden).toBe(false);
  expect((masked as { extensions?: Record<string, unknown> }).extensions).toMatchObject({ code: "CONFLICT", field: "code" });
  expect(masked.message).not.toMatch(/SQL|constraint|Prisma|23505/i);
}
