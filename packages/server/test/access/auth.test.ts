import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, PASSWORD, type TestApp } from "../helpers/app.js";

/** §6.4 sign-in, sessions and machine tokens. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
});
afterAll(() => t?.close());

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken refreshToken expiresAt user { id name roles } } }`;

describe("§6.4 logins", () => {
  it("signs in with a seeded login and answers me", async () => {
    const r = await t.gql(LOGIN, { e: "management@example.com", p: PASSWORD });
    expect(r.data.login.user.roles).toEqual(["MANAGEMENT"]);
    expect(new Date(r.data.login.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const me = await t.gql(`{ me { kind user { email roles unit { code } } } }`, {}, r.data.login.accessToken);
    expect(me.data.me).toEqual({ kind: "user", user: { email: "management@example.com", roles: ["MANAGEMENT"], unit: { code: "HO" } } });
  });

  it("gives the same error for an unknown email and a wrong password", async () => {
    const unknown = await t.gql(LOGIN, { e: "nobody@example.com", p: PASSWORD });
    const wrong = await t.gql(LOGIN, { e: "analyst@example.com", p: "wrong-password" });
    expect(unknown.errors?.[0].extensions?.code).toBe("INVALID_CREDENTIALS");
    expect(wrong.errors?.[0]).toEqual(unknown.errors?.[0]);
  });

  it("rotates the refresh token; the old one stops working", async () => {
    const first = (await t.gql(LOGIN, { e: "office@example.com", p: PASSWORD })).data.login;
    const m = `mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken refreshToken } }`;
    const second = await t.gql(m, { r: first.refreshToken });
    expect(second.data.refreshToken.refreshToken).not.toBe(first.refreshToken);
    const replay = await t.gql(m, { r: first.refreshToken });
    expect(replay.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("logout revokes the session: its access token stops working", async () => {
    const { accessToken } = (await t.gql(LOGIN, { e: "employee@example.com", p: PASSWORD })).data.login;
    expect((await t.gql(`mutation { logout }`, {}, accessToken)).data.logout).toBe(true);
    const after = await t.gql(`{ me { kind } }`, {}, accessToken);
    expect(after.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("§6.4 machine tokens", () => {
  it("an admin creates a DISPLAY token, shown once and stored hashed; it reads but cannot write", async () => {
    const admin = await t.login("admin@example.com");
    const r = await t.gql(`mutation { createApiToken(input: { name: "Wall 1", kind: DISPLAY }) { token apiToken { id name kind } } }`, {}, admin);
    const { token, apiToken } = r.data.createApiToken;
    expect(token).toMatch(/^crd_/);
    const stored = await t.db.prisma.apiToken.findFirstOrThrow({ where: { name: "Wall 1" } });
    expect(stored.tokenHash).not.toContain(token);
    const me = await t.gql(`{ me { kind tokenName } processes(first: 1) { totalCount } }`, {}, token);
    expect(me.data.me).toEqual({ kind: "token", tokenName: "Wall 1" });
    expect(me.data.processes.totalCount).toBe(5);
    const write = await t.gql(`mutation { createOrgUnit(input: { code: "W", name: "牆", nameEn: "Wall", kind: DEPARTMENT }) { id } }`, {}, token);
    expect(write.errors?.[0].extensions?.code).toBe("FORBIDDEN");
    await t.gql(`mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`, { id: apiToken.id }, admin);
    const revoked = await t.gql(`{ me { kind } }`, {}, token);
    expect(revoked.errors?.[0].extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("an INGEST token needs indicators and reads nothing of the graph", async () => {
    const admin = await t.login("admin@example.com");
    const none = await t.gql(`mutation { createApiToken(input: { name: "Feed", kind: INGEST }) { token } }`, {}, admin);
    expect(none.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const ind = await t.gql(`{ indicators(first: 1) { edges { node { id } } } }`, {}, admin);
    const id = ind.data.indicators.edges[0].node.id;
    const r = await t.gql(`mutation($id: ID!) { createApiToken(input: { name: "Feed", kind: INGEST, indicatorIds: [$id] }) { token } }`, { id }, admin);
    const read = await t.gql(`{ processes(first: 1) { totalCount } }`, {}, r.data.createApiToken.token);
    expect(read.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });
});
