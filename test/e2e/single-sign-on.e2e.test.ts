/**
 * Issue 15 (§6.4 controlled access): single sign-on through a real OpenID Connect provider
 * (`oidc-provider` on a loopback port) in Chromium. A person whose directory groups are mapped
 * signs in with the authorization code flow and PKCE, lands on the dashboard, and holds the roles
 * and unit the groups map to; a person whose groups are not mapped is refused with a clear message.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startOidcProvider } from "../../packages/server/test/helpers/oidc-provider.js";
import { login } from "./support/api.js";
import { launchBrowser, newPage, type Browser, type Page } from "./support/browser.js";
import { startServer, type RunningServer } from "./support/server.js";

let server: RunningServer;
let browser: Browser;
let provider: { issuer: string; close(): Promise<void> };

beforeAll(async () => {
  const port = await freePort();
  Object.assign(process.env, {
    OIDC_ISSUER: `http://127.0.0.1:${port}`,
    OIDC_CLIENT_ID: "controlroom",
    OIDC_CLIENT_SECRET: "controlroom-test-secret",
    OIDC_ROLE_CLAIM: "groups",
    OIDC_LABEL: "Head Office Directory",
    OIDC_GROUP_MAP: JSON.stringify({ "cr-finance-heads": { roles: ["DEPARTMENT_HEAD"], unit: "FIN" }, "cr-analysts": { roles: ["ANALYST"] } }),
  });
  server = await startServer({ readingsDays: 1 });
  provider = await startOidcProvider({
    port,
    clientId: "controlroom",
    clientSecret: "controlroom-test-secret",
    redirectUri: `${server.url}/auth/oidc/callback`,
    accounts: {
      alice: { email: "alice@example.com", name: "Alice Chen", groups: ["cr-finance-heads", "cr-analysts", "all-staff"] },
      bob: { email: "bob@example.com", name: "Bob Lee", groups: ["all-staff", "marketing"] },
    },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await provider?.close();
  await server?.close();
  for (const k of ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_ROLE_CLAIM", "OIDC_LABEL", "OIDC_GROUP_MAP"]) delete process.env[k];
});

/** From the dashboard's sign-in page through the provider's login (and consent) form. */
async function signInThroughDirectory(page: Page, login: string) {
  await page.goto(`${server.url}/login`);
  await page.getByRole("link", { name: "Sign in with Head Office Directory" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  // The provider asks for consent the first time a person signs in.
  const consent = page.getByRole("button", { name: "Continue" });
  const back = page.waitForURL((u) => u.origin === server.url);
  await Promise.race([back, consent.waitFor()]);
  if (new URL(page.url()).origin !== server.url) await consent.click();
  back.catch(() => undefined);
  await page.waitForURL((u) => u.origin === server.url && u.pathname !== "/signed-in" && u.pathname !== "/auth/oidc/callback");
}

describe("issue 15 §6.4 single sign-on through OpenID Connect", () => {
  it("a person in mapped groups signs in through the directory and lands on the dashboard with the mapped roles and unit", async () => {
    const page = await newPage(browser);
    await signInThroughDirectory(page, "alice");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Live overview");
    await expect.poll(() => page.locator(".topbar .user").textContent()).toBe("Alice Chen");
    const token = await page.evaluate(() => JSON.parse(localStorage.getItem("controlroom.session") ?? "null")?.accessToken as string);
    const me = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ me { user { email roles unit { code } } } }` }),
    }).then((r) => r.json());
    expect(me.data.me.user).toEqual({ email: "alice@example.com", roles: ["DEPARTMENT_HEAD", "ANALYST"], unit: { code: "FIN" } });
    // A department head sees the people administration page, with the own unit's people.
    await page.getByRole("link", { name: "People" }).click();
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("People");
    await expect.poll(() => page.getByRole("cell", { name: "alice@example.com" }).count()).toBe(1);
    // Sign-out ends the local session: its refresh token no longer works.
    const refresh = await page.evaluate(() => JSON.parse(localStorage.getItem("controlroom.session") ?? "null")?.refreshToken as string);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((u) => u.pathname === "/login");
    const renewed = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken } }`, variables: { r: refresh } }),
    }).then((r) => r.json());
    expect(renewed.errors[0].extensions.code).toBe("UNAUTHENTICATED");
    await page.context().close();
  });

  it("a person whose groups are not mapped is refused with a clear message, and no account is made", async () => {
    const page = await newPage(browser);
    await signInThroughDirectory(page, "bob");
    expect(new URL(page.url()).pathname).toBe("/login");
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/not in any group that has access to Control Room/);
    expect(await page.evaluate(() => localStorage.getItem("controlroom.session"))).toBeNull();
    const admin = await login(server.url, "admin@example.com");
    const found = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query: `{ people(first: 5, search: "bob@example.com") { totalCount } }` }),
    }).then((r) => r.json());
    expect(found.data.people.totalCount).toBe(0);
    await page.context().close();
  });
});
