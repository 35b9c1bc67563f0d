/** Shared steps of the browser tests that watch the warning feed. */
import { expect } from "vitest";
import type { Page } from "./browser.js";

/** Waits until the page's feed is subscribed (the socket is up and the list loaded). */
export async function feedReady(page: Page): Promise<void> {
  await expect.poll(() => page.locator("[data-connection]").first().getAttribute("data-connection"), { timeout: 15_000 }).toBe("connected");
  await expect.poll(() => page.locator("[data-feed-cursor]").count(), { timeout: 15_000 }).toBeGreaterThan(0);
  await page.waitForTimeout(300);
}
