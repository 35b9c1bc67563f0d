/**
 * The dashboard against the real server: sign-in (§6.4), the wall display's live charts
 * (§5.3.1, §4.2.4) and the process catalogue (§3).
 */
import { describe, expect, it } from "vitest";
import { displayToken, indicatorIds, ingestToken, login, recordReadings } from "./support/api.js";
import { newPage, signIn, type Browser } from "./support/browser.js";
import type { RunningServer } from "./support/server.js";
import { useServerAndBrowser } from "./support/suite.js";

let server: RunningServer;
let browser: Browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

describe("sign-in", () => {
  it("a person signs in with email and password and lands on the live overview", async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, "management@example.com");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Live overview");
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("controlroom.session") ?? "null"));
    expect(stored?.accessToken).toBeTruthy();
    expect(stored?.refreshToken).toBeTruthy();
    await expect.poll(() => page.locator("[data-connection]").first().getAttribute("data-connection"), { timeout: 10_000 }).toBe("connected");
    await page.context().close();
  });

  it("an access token that expired while the tab was closed is renewed with the refresh token", async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, "finance.head@example.com", "/processes");
    const before = await page.evaluate(() => {
      const s = JSON.parse(localStorage.getItem("controlroom.session")!);
      localStorage.setItem("controlroom.session", JSON.stringify({ ...s, expiresAt: new Date(Date.now() - 60_000).toISOString() }));
      return s;
    });
    await page.reload();
    await expect.poll(() => page.locator("article.process-card").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    const after = await page.evaluate(() => JSON.parse(localStorage.getItem("controlroom.session")!));
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(Date.parse(after.expiresAt)).toBeGreaterThan(Date.now());
    await page.context().close();
  });

  it("a wrong password is refused with a message, and the desk needs a session", async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/processes`);
    await page.waitForURL(/\/login\?next=%2Fprocesses/);
    await page.getByLabel("Email").fill("management@example.com");
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/Sign-in failed/);
    await page.context().close();
  });
});

describe("wall display", () => {
  it("renders non-empty live charts, the feed and the connection state with only the URL token", async () => {
    const token = await displayToken(server.url);
    const page = await newPage(browser);
    await page.goto(`${server.url}/wall?token=${encodeURIComponent(token)}&rotate=0&view=live`);
    const tiles = page.locator(".tile-grid--wall article.tile");
    await expect.poll(() => tiles.count(), { timeout: 20_000 }).toBe(6);
    // Every tile draws a canvas with points from the series query.
    await expect
      .poll(
        async () => {
          const points = await page.locator(".tile [data-points]").evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-points"))));
          return points.length === 6 && points.every((n) => n > 0);
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    expect(await page.locator(".tile canvas").count()).toBeGreaterThanOrEqual(6);
    await expect.poll(() => page.locator("[data-connection]").getAttribute("data-connection"), { timeout: 10_000 }).toBe("connected");
    expect(await page.locator("#wall-feed-title").textContent()).toBe("Warning feed");
    expect(await page.evaluate(() => localStorage.getItem("controlroom.session"))).toBeNull();
    await page.context().close();
  });

  it("§5.3.1: a chart takes readings as they arrive (readingsAdded), folded into its current bucket (issue 13 item 4)", async () => {
    const ids = await indicatorIds(server.url, await login(server.url, "management@example.com"));
    const feed = await ingestToken(server.url, [ids["FIN-04"]]);
    const token = await displayToken(server.url);
    const page = await newPage(browser);
    await page.goto(`${server.url}/wall?token=${encodeURIComponent(token)}&rotate=0&view=live`);
    const chart = page.locator('article.tile[data-indicator="FIN-04"] [data-points]');
    await expect.poll(async () => Number(await chart.getAttribute("data-points")), { timeout: 20_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator("[data-connection]").getAttribute("data-connection"), { timeout: 10_000 }).toBe("connected");
    await page.waitForTimeout(500);
    const before = Number(await chart.getAttribute("data-readings"));
    const points = Number(await chart.getAttribute("data-points"));
    await recordReadings(server.url, feed, [{ indicatorId: ids["FIN-04"], value: 14.2, key: "e2e-live-1" }]);
    await expect.poll(async () => Number(await chart.getAttribute("data-readings")), { timeout: 5_000 }).toBe(before + 1);
    // Folded into the bucket it falls in (or opening the next one): at most one more point drawn.
    expect(Number(await chart.getAttribute("data-points")) - points).toBeLessThanOrEqual(1);
    await expect.poll(() => page.locator('article.tile[data-indicator="FIN-04"] .tile__value').textContent()).toMatch(/^14\.2/);
    await page.context().close();
  });

  it("rotates its views by itself", async () => {
    const token = await displayToken(server.url);
    const page = await newPage(browser);
    await page.goto(`${server.url}/wall?token=${encodeURIComponent(token)}&rotate=5&views=live,risks`);
    await expect.poll(() => page.locator(".wall").getAttribute("data-view"), { timeout: 10_000 }).toBe("live");
    await expect.poll(() => page.locator(".wall").getAttribute("data-view"), { timeout: 15_000 }).toBe("risks");
    await expect.poll(() => page.locator(".heatmap__cell").count()).toBe(25);
    await page.context().close();
  });

  it("says what is missing when there is no token", async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/wall`);
    await expect.poll(() => page.locator("main").textContent()).toMatch(/display token/);
    await page.context().close();
  });
});

describe("process catalogue and heat map", () => {
  it("lists the five processes of §3 with indicator status and grade, in both languages", async () => {
    const page = await newPage(browser, { locale: "zh-TW" });
    await signIn(page, server.url, "office@example.com", "/processes");
    await expect.poll(() => page.locator("article.process-card").count(), { timeout: 15_000 }).toBe(5);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("業務流程目錄");
    expect(await page.locator("article.process-card[data-process=P-FIN] .status-item").count()).toBeGreaterThan(0);
    await page.getByLabel("語言").selectOption("en");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Process catalogue");
    await page.context().close();
  });

  it("§5.1.2: the heat map has 25 cells and a click lists the risks in the cell", async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, "management@example.com", "/risks");
    await expect.poll(() => page.locator("button.heatmap__cell").count(), { timeout: 15_000 }).toBe(25);
    const cell = page.locator("button.heatmap__cell.has-risks").first();
    const count = Number(await cell.getAttribute("data-count"));
    await cell.click();
    await expect.poll(() => page.locator(".risk-item").count()).toBe(count);
    expect(page.url()).toMatch(/cell=\d-\d/);
    await page.context().close();
  });
});
