import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/app.js";

/** §6.4 abuse limits: depth, aliases, tokens and cost per operation, and a rate per identity. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1, ratePerMinute: 40 });
});
afterAll(() => t?.close());

describe("§6.4 abuse limits", () => {
  it("refuses a 50-deep query with QUERY_TOO_DEEP", async () => {
    let inner = "id";
    for (let i = 0; i < 25; i++) inner = `process { owner { processes(first: 1) { edges { node { ${inner} } } } } }`;
    const q = `{ indicators(first: 1) { edges { node { ${inner} } } } }`;
    const r = await t.gql(q, {}, await t.login("analyst@example.com"));
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.[0].extensions?.code).toBe("QUERY_TOO_DEEP");
  });

  it("refuses a 1,000-alias query with TOO_MANY_ALIASES", async () => {
    const q = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: me { kind }`).join(" ")} }`;
    const r = await t.gql(q, {}, await t.login("analyst@example.com"));
    expect(r.errors?.[0].message, JSON.stringify(r.errors?.[0])).toMatch(/alias|token/i);
    expect(["TOO_MANY_ALIASES", "TOO_MANY_TOKENS"]).toContain(r.errors?.[0].extensions?.code);
  });

  it("refuses a query costing more than the limit with QUERY_TOO_COMPLEX", async () => {
    const q = `{ processes(first: 500) { edges { node { indicators(first: 500) { edges { node { readings(last: 1000) { value } rules { id } } } } } } } }`;
    const r = await t.gql(q, {}, await t.login("analyst@example.com"));
    expect(r.errors?.[0].extensions?.code).toBe("QUERY_TOO_COMPLEX");
  });

  it("caps a page at 500 nodes whatever `first` asks", async () => {
    const r = await t.gql(`{ processes(first: 100000) { totalCount } }`, {}, await t.login("management@example.com"));
    expect(r.errors?.[0].extensions?.code ?? "OK").not.toBe("INTERNAL_SERVER_ERROR");
  });

  it("throttles a flood from one token with RATE_LIMITED while another token is served", async () => {
    const flooder = await t.login("employee@example.com");
    const other = await t.login("office@example.com");
    const results = [];
    for (let i = 0; i < 45; i++) results.push(await t.gql(`{ me { kind } }`, {}, flooder));
    const limited = results.filter((r) => r.errors?.[0].extensions?.code === "RATE_LIMITED");
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0].status).toBe(429);
    const served = await t.gql(`{ me { kind } }`, {}, other);
    expect(served.data.me.kind).toBe("user");
  });

  it("never shows a stack trace or SQL in a response", async () => {
    const r = await t.gql(`{ processes(first: 1, filter: { unitId: "not-an-id" }) { totalCount } }`, {}, await t.login("analyst@example.com"));
    const text = JSON.stringify(r);
    expect(r.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(text).not.toMatch(/at \w+ \(|SELECT|prisma|\.ts:/i);
  });
});
