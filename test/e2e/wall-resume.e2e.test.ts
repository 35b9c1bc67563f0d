/**
 * §5.3.2 and the wall display's promise: it runs unattended, survives a server restart while
 * readings keep arriving, and afterwards shows every warning that happened while it was away,
 * each once, without a reload.
 */
import { expect, it } from "vitest";
import { BREACHES, displayToken, indicatorIds, ingestToken, login, recordReadings } from "./support/api.js";
import { newPage, type Browser } from "./support/browser.js";
import type { RunningServer } from "./support/server.js";
import { useServerAndBrowser } from "./support/suite.js";

let server: RunningServer;
let browser: Browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

it("the wall reconnects after the server restarts and replays the warnings it missed", async () => {
  const ids = await indicatorIds(server.url, await login(server.url, "management@example.com"));
  const codes = Object.keys(BREACHES);
  const feed = await ingestToken(
    server.url,
    [...codes, "MKT-01"].map((c) => ids[c]),
  );
  const token = await displayToken(server.url);

  const wall = await newPage(browser);
  await wall.goto(`${server.url}/wall?token=${encodeURIComponent(token)}&rotate=0&view=live`);
  await expect.poll(() => wall.locator("[data-connection]").getAttribute("data-connection"), { timeout: 15_000 }).toBe("connected");
  await expect.poll(() => wall.locator("[data-feed-cursor]").count(), { timeout: 15_000 }).toBeGreaterThan(0);
  await wall.evaluate(() => ((window as unknown as { e2eMarker: number }).e2eMarker = 42));

  // One warning while the wall watches, so it has a last event id to resume from.
  await recordReadings(server.url, feed, [{ indicatorId: ids[codes[0]], value: BREACHES[codes[0]], key: "resume-0" }]);
  await wall.locator(`li.feed-item[data-indicator="${codes[0]}"][data-level="CRITICAL"]`).waitFor({ timeout: 5_000 });
  const cursorBefore = await wall.locator("[data-feed-cursor]").getAttribute("data-feed-cursor");
  expect(cursorBefore).toMatch(/^\d+$/);

  // Readings keep arriving through a second server on the same database while this one is down.
  const replica = await server.replica();
  await server.stop();
  await expect.poll(() => wall.locator("[data-connection]").getAttribute("data-connection"), { timeout: 10_000 }).not.toBe("connected");
  const missed = codes.slice(1);
  for (const [i, code] of missed.entries()) {
    await recordReadings(replica.url, feed, [{ indicatorId: ids[code], value: BREACHES[code], key: `resume-${i + 1}` }]);
    await new Promise((r) => setTimeout(r, 150));
  }
  await server.restart();
  // More readings after the restart, while the wall is still reconnecting.
  await recordReadings(server.url, feed, [{ indicatorId: ids["MKT-01"], value: 300, key: "resume-after" }]);

  await expect.poll(() => wall.locator("[data-connection]").getAttribute("data-connection"), { timeout: 30_000 }).toBe("connected");
  for (const code of codes) {
    await wall.locator(`li.feed-item[data-indicator="${code}"][data-level="CRITICAL"]`).waitFor({ timeout: 10_000 });
  }
  // Each warning once: replay and live stream do not double anything.
  const alertIds = await wall.locator("li.feed-item").evaluateAll((els) => els.map((e) => e.getAttribute("data-alert-id")));
  expect(new Set(alertIds).size).toBe(alertIds.length);
  const cursorAfter = await wall.locator("[data-feed-cursor]").getAttribute("data-feed-cursor");
  expect(BigInt(cursorAfter!)).toBeGreaterThan(BigInt(cursorBefore!));
  // Same page, never reloaded.
  expect(await wall.evaluate(() => (window as unknown as { e2eMarker?: number }).e2eMarker)).toBe(42);
  await replica.stop();
  await wall.context().close();
});
