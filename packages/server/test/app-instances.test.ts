import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generationOf } from "../src/lib/generation.js";
import { createTestApp, type TestApp } from "./helpers/app.js";

/**
 * Issue 9 item 4: the module-level caches are held by the app instance. Two apps in one process
 * (two replicas in a test, or a test app next to another) must not share them: a read set cached
 * by one must not answer for the other, and a reclassification committed through one bumps only
 * its own write generation (§6.4: the other learns of it through the event bus, as a replica does).
 */
let a: TestApp;
let b: TestApp;

beforeAll(async () => {
  a = await createTestApp({ readingsDays: 1 });
  b = await createTestApp({ readingsDays: 1 });
}, 120_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
});

describe("§6.4 two apps in one process keep separate caches (issue 9 item 4)", () => {
  it("each app has its own read-set cache and write generation, the one its audited writes bump", () => {
    expect(a.app.caches).not.toBe(b.app.caches);
    expect(a.app.caches.readSets).not.toBe(b.app.caches.readSets);
    expect(a.app.caches.generation).not.toBe(b.app.caches.generation);
    // The live groups of graphql-ws subscriptions too (they were module-level maps keyed by the caches).
    expect(a.app.caches.live.groups).not.toBe(b.app.caches.live.groups);
    expect(generationOf(a.db.prisma)).toBe(a.app.caches.generation);
  });

  it("a reclassification committed through app A bumps A's generation and not B's; B's read sets are its own", async () => {
    const analystA = await a.login("analyst@example.com");
    const management = await a.login("management@example.com");
    await a.gql(`{ risks(first: 5) { edges { node { id } } } }`, {}, analystA);
    expect(a.app.caches.readSets.size).toBeGreaterThan(0);
    expect(b.app.caches.readSets.size).toBe(0);

    const risks = await a.gql(`{ risks(first: 100) { edges { node { id classification } } } }`, {}, management);
    const { id } = risks.data.risks.edges
      .map((e: { node: { id: string; classification: string } }) => e.node)
      .find((r: { classification: string }) => r.classification === "INTERNAL");
    const beforeA = a.app.caches.generation.current();
    const beforeB = b.app.caches.generation.current();
    const update = await a.gql(`mutation($id: ID!) { updateRisk(input: { id: $id, classification: SECRET }) { changedFields } }`, { id }, management);
    expect(update.data.updateRisk.changedFields).toEqual(["classification"]);
    expect(a.app.caches.generation.current()).toBeGreaterThan(beforeA);
    expect(b.app.caches.generation.current()).toBe(beforeB);
  });
});
