import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskError } from "../../src/lib/masking.js";
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
    const error = await t.db.prisma.process
      .create({ data: { code: existing.code, name: "重複", nameEn: "Duplicate", category: "FINANCE", goal: "x", goalEn: "x", ownerUnitId: existing.ownerUnitId } as never })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).not.toBeNull();
    const { error: masked, masked: hidden } = maskError(error, "Unexpected error.");
    expect(hidden).toBe(false);
    expect((masked as { extensions?: Record<string, unknown> }).extensions).toMatchObject({ code: "CONFLICT", field: "code" });
    expect(masked.message).not.toMatch(/SQL|constraint|Prisma/i);
  });
});
