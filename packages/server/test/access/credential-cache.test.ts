import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, PASSWORD, type TestApp } from "../helpers/app.js";

/**
 * §6.4 with the credential cache (issue 13: two database round trips for authentication on every
 * request): a session and its person are loaded once and reused, yet a revocation, a disabled
 * person, new roles or a new unit take effect on the very next request, on the same process.
 */
let t: TestApp;
let statements = 0;
beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1, logQueries: true });
  (t.db.prisma as unknown as { $on(e: "query", cb: () => void): void }).$on("query", () => statements++);
});
afterAll(() => t?.close());

const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken user { id } } }`;
const ME = `{ me { kind user { roles unit { code } } } }`;

/** A fresh session of a seeded person (not `t.login`'s shared one: these tests end sessions). */
async function signIn(email: string) {
  const r = await t.gql(LOGIN, { e: email, p: PASSWORD });
  return r.data.login as { accessToken: string; user: { id: string } };
}

/** A unit's global id, as the API gives it. */
async function unitId(code: string) {
  const r = await t.gql(`{ orgUnits(first: 50) { edges { node { id code } } } }`, {}, await t.login("admin@example.com"));
  return r.data.orgUnits.edges.find((e: { node: { code: string } }) => e.node.code === code).node.id as string;
}

const code = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => r.errors?.[0].extensions?.code;

describe("§6.4 the credential cache", () => {
  it("a signed-in person's next request reads neither the session nor the person again", async () => {
    const { accessToken } = await signIn("analyst@example.com");
    await t.gql(`{ me { kind } }`, {}, accessToken);
    statements = 0;
    const r = await t.gql(`{ me { kind } }`, {}, accessToken);
    expect(r.data.me.kind).toBe("user");
    expect(statements).toBe(0);
  });

  it("logout, then the same access token is refused at the next request", async () => {
    const { accessToken } = await signIn("employee@example.com");
    expect((await t.gql(ME, {}, accessToken)).data.me.kind).toBe("user");
    expect((await t.gql(`mutation { logout }`, {}, accessToken)).data.logout).toBe(true);
    expect(code(await t.gql(ME, {}, accessToken))).toBe("UNAUTHENTICATED");
  });

  it("a person disabled by an administrator is refused at the next request", async () => {
    const admin = await t.login("admin@example.com");
    const person = await signIn("office@example.com");
    expect((await t.gql(ME, {}, person.accessToken)).data.me.kind).toBe("user");
    const d = await t.gql(`mutation($id: ID!) { disableUser(id: $id) { disabledAt } }`, { id: person.user.id }, admin);
    expect(d.errors).toBeUndefined();
    expect(code(await t.gql(ME, {}, person.accessToken))).toBe("UNAUTHENTICATED");
    await t.gql(`mutation($id: ID!) { enableUser(id: $id) { id } }`, { id: person.user.id }, admin);
  });

  it("new roles and a new unit are seen by the next request of the same access token", async () => {
    const admin = await t.login("admin@example.com");
    const person = await signIn("finance.head@example.com");
    const before = (await t.gql(ME, {}, person.accessToken)).data.me.user;
    expect(before).toEqual({ roles: ["DEPARTMENT_HEAD"], unit: { code: "FIN" } });
    const u = await t.gql(`mutation($i: UpdateUserInput!) { updateUser(input: $i) { id } }`, { i: { id: person.user.id, roles: ["EMPLOYEE"], unitId: await unitId("HR") } }, admin);
    expect(u.errors).toBeUndefined();
    // The session lives on (updateUser only reconnects live connections): the same access token now carries the new scope.
    expect((await t.gql(ME, {}, person.accessToken)).data.me.user).toEqual({ roles: ["EMPLOYEE"], unit: { code: "HR" } });
  });

  it("a revoked API token is refused at its next request", async () => {
    const admin = await t.login("admin@example.com");
    const created = await t.gql(`mutation { createApiToken(input: { name: "Cached wall", kind: DISPLAY }) { token apiToken { id } } }`, {}, admin);
    const { token, apiToken } = created.data.createApiToken;
    await t.gql(`{ me { kind } }`, {}, token);
    statements = 0;
    expect((await t.gql(`{ me { kind } }`, {}, token)).data.me.kind).toBe("token");
    expect(statements).toBe(0);
    await t.gql(`mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`, { id: apiToken.id }, admin);
    expect(code(await t.gql(`{ me { kind } }`, {}, token))).toBe("UNAUTHENTICATED");
  });

  it("a forged or unknown token stays anonymous, every time", async () => {
    const { accessToken } = await signIn("analyst@example.com");
    const [h, p] = accessToken.split(".");
    const forged = `${h}.${p}.${"A".repeat(43)}`;
    for (let i = 0; i < 2; i++) {
      expect(code(await t.gql(`{ me { kind } }`, {}, forged))).toBe("UNAUTHENTICATED");
      expect(code(await t.gql(`{ me { kind } }`, {}, "crd_not-a-token"))).toBe("UNAUTHENTICATED");
    }
  });
});
