import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { createTestDatabase } from "../helpers/test-db.js";
import type { Database } from "../../src/lib/db.js";
import { createWorld, createIndicator } from "./fixtures.js";

let db: Database;
beforeAll(async () => { db = await createTestDatabase(); });
afterAll(async () => { await db?.close(); });

describe("probe", () => {
  it("timing", async () => {
    const p = db.prisma;
    const w = await createWorld(p);
    let t = Date.now();
    for (let i = 0; i < 50; i++) await p.$queryRaw`SELECT 1`;
    console.log("raw select x50", Date.now() - t);
    t = Date.now();
    for (let i = 0; i < 20; i++) await createIndicator(p, w);
    console.log("create x20", Date.now() - t);
    t = Date.now();
    for (let i = 0; i < 20; i++) await p.indicator.findMany({ take: 1 });
    console.log("findMany x20", Date.now() - t);
    t = Date.now();
    for (let i = 0; i < 20; i++) await p.$transaction(async (tx) => { await tx.$queryRaw`SELECT 1`; });
    console.log("tx x20", Date.now() - t);
    expect(1).toBe(1);
  });
});
