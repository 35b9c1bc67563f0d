/**
 * §5.3.2: a breaching reading raises a warning that reaches every screen at once, and a
 * manager's acknowledgement from the feed shows on every open screen (§2.1.2).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BREACHES, displayToken, indicatorIds, ingestToken, login, recordReadings } from "./support/api.js";
import { launchBrowser, newPage, signIn, type Browser, type Page } from "./support/browser.js";
import { feedReady } from "./support/feed.js";
import { startServer, type RunningServer } from "./support/server.js";

let server: RunningServer;
let browser: Browser;
let ids: Record<string, string>;
let feedToken: string;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  ids = await indicatorIds(server.url, await login(server.url, "management@example.com"));
  feedToken = await ingestToken(
    server.url,
    Object.keys(BREACHES).map((c) => ids[c]),
  );
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

// A reading past the CRITICAL threshold breaches the WARNING rule too: one alert per rule.
const row = (page: Page, code: string, level = "CRITICAL") => page.locator(`li.feed-item[data-indicator="${code}"][data-level="${level}"]`);

describe("live warning feed", () => {
  it("a breaching reading posted through recordReadings appears in the feed within 2 s", async () => {
    const token = await displayToken(server.url);
    const wall = await newPage(browser);
    await wall.goto(`${server.url}/wall?token=${encodeURIComponent(token)}&rotate=0&view=live`);
    const desk = await newPage(browser);
    await signIn(desk, server.url, "management@example.com", "/alerts");
    await feedReady(wall);
    await feedReady(desk);

    const posted = Date.now();
    const r = await recordReadings(server.url, feedToken, [{ indicatorId: ids["HR-01"], value: BREACHES["HR-01"], key: "e2e-feed-1" }]);
    expect(r.accepted).toBe(1);
    await Promise.all([row(wall, "HR-01").waitFor({ timeout: 2_000 }), row(desk, "HR-01").waitFor({ timeout: 2_000 })]);
    expect(Date.now() - posted).toBeLessThan(2_000);
    expect(await row(wall, "HR-01").getAttribute("data-level")).toBe("CRITICAL");
    expect(await row(wall, "HR-01").getAttribute("data-state")).toBe("FIRING");
    expect(await row(desk, "HR-01").textContent()).toMatch(/Human resources|Average time to hire/);
    await wall.context().close();
    await desk.context().close();
  });

  it("acknowledging from the feed updates every open screen", async () => {
    const token = await displayToken(server.url);
    const a = await newPage(browser);
    const b = await newPage(browser);
    const wall = await newPage(browser);
    await signIn(a, server.url, "management@example.com", "/alerts");
    await signIn(b, server.url, "office@example.com", "/");
    await wall.goto(`${server.url}/wall?token=${encodeURIComponent(token)}&rotate=0&view=live`);
    for (const p of [a, b, wall]) await feedReady(p);

    await recordReadings(server.url, feedToken, [{ indicatorId: ids["ADM-03"], value: BREACHES["ADM-03"], key: "e2e-ack-1" }]);
    for (const p of [a, b, wall]) await row(p, "ADM-03").waitFor({ timeout: 5_000 });

    await row(a, "ADM-03")
      .getByRole("button", { name: /^Acknowledge/ })
      .click();
    const dialog = a.getByRole("dialog");
    await dialog.getByLabel(/Note/).fill("Two vehicles in the workshop; spare cars booked.");
    await dialog.getByRole("button", { name: "Acknowledge" }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);

    for (const p of [a, b, wall]) {
      await expect.poll(() => row(p, "ADM-03").getAttribute("data-state"), { timeout: 5_000 }).toBe("ACKNOWLEDGED");
    }
    expect(await row(b, "ADM-03").textContent()).toMatch(/Acknowledged/);
    for (const p of [a, b, wall]) await p.context().close();
  });

  it("filters the feed by level and process from the address", async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, "management@example.com", "/alerts?level=WARNING");
    await feedReady(page);
    await recordReadings(server.url, feedToken, [{ indicatorId: ids["FIN-03"], value: BREACHES["FIN-03"], key: "e2e-filter-1" }]);
    await row(page, "FIN-03", "WARNING").waitFor({ timeout: 5_000 });
    expect(await row(page, "FIN-03", "CRITICAL").count()).toBe(0);
    await page.locator("select[name=level]").selectOption("CRITICAL");
    await row(page, "FIN-03", "CRITICAL").waitFor({ timeout: 5_000 });
    expect(await row(page, "FIN-03", "WARNING").count()).toBe(0);
    await page.locator("select[name=process]").selectOption({ label: "P-HR · Human resources management" });
    await expect.poll(() => page.locator("li.feed-item").evaluateAll((els) => els.map((e) => e.getAttribute("data-indicator")).filter((c) => !c?.startsWith("HR-")))).toEqual([]);
    expect(page.url()).toMatch(/level=CRITICAL/);
    await page.context().close();
  });
});
