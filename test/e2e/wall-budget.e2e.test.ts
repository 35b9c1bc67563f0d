/**
 * Issue 14 item 1 (§5.3.1 the monitoring room's wall): GraphiQL is loaded only on the workbench,
 * and the wall's initial JavaScript stays within 350 kB gzip, measured on the production build the
 * server serves. Counted as the dashboard benchmark counts it (test/bench/dashboard.ts §1): every
 * JS file the wall had loaded (resource timing, read in the page) when its first chart had pixels,
 * each at its zlib gzip size (level 6) of the built file. Pinned: a change that pulls GraphiQL,
 * Monaco or another large library into the wall's first load (a static import where a lazy one
 * was meant) fails here, not only in a benchmark nobody runs on a merge.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { displayToken } from "./support/api.js";
import { newPage, signIn, type Browser, type Page } from "./support/browser.js";
import { CLIENT_DIST, type RunningServer } from "./support/server.js";
import { useServerAndBrowser } from "./support/suite.js";

const BUDGET_GZIP = 350_000;
/** Chunks only the workbench needs: GraphiQL's page, Monaco, its language modes and workers. */
const WORKBENCH_ONLY = /^assets\/(WorkbenchPage|monaco-editor|graphqlMode|jsonMode|[a-z]+\.worker)-/;

let server: RunningServer;
let browser: Browser;
useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

/** The built JS files the page has loaded so far, as paths under dist/. */
const loadedJs = (page: Page) =>
  page.evaluate(() =>
    [...new Set(performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname))].filter((p) => /\.m?js$/.test(p)).map((p) => p.replace(/^\//, "")),
  );

/** Waits until a chart canvas under `selector` has a non-transparent pixel: the first chart drawn with data. */
async function firstChartDrawn(page: Page, selector: string) {
  await expect
    .poll(
      () =>
        page.evaluate((sel) => {
          for (const c of document.querySelectorAll<HTMLCanvasElement>(`${sel} canvas`)) {
            const data = c.width && c.height ? c.getContext("2d")?.getImageData(0, 0, c.width, c.height).data : null;
            if (data?.some((v, i) => i % 4 === 3 && v !== 0)) return true;
          }
          return false;
        }, selector),
      { timeout: 30_000 },
    )
    .toBe(true);
}

const gzipBytes = (files: string[]) => files.reduce((sum, f) => sum + gzipSync(readFileSync(join(CLIENT_DIST, f))).length, 0);

describe("issue 14 item 1: the wall's initial JavaScript", () => {
  it("§5.3.1 the wall draws its first chart with at most 350 kB gzip of JavaScript, none of it GraphiQL's or Monaco's", async () => {
    const token = await displayToken(server.url);
    const page = await newPage(browser);
    await page.goto(`${server.url}/wall?token=${encodeURIComponent(token)}&rotate=0&view=live`);
    await firstChartDrawn(page, ".indicator-chart");
    const initial = await loadedJs(page);
    expect(initial.length).toBeGreaterThan(1);
    const gzip = gzipBytes(initial);
    expect(gzip, `${initial.length} files: ${initial.join(", ")}`).toBeLessThanOrEqual(BUDGET_GZIP);
    // Nor later, once the wall has settled.
    await page.waitForLoadState("networkidle");
    expect((await loadedJs(page)).filter((f) => WORKBENCH_ONLY.test(f))).toEqual([]);
    await page.context().close();
  });

  it("the workbench does load GraphiQL's chunks (so the pattern above names real files)", async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, "analyst@example.com", "/workbench");
    await page.locator(".graphiql-container").waitFor({ timeout: 60_000 });
    await page.locator(".graphiql-query-editor .monaco-editor").first().waitFor({ timeout: 30_000 });
    const loaded = await loadedJs(page);
    for (const chunk of ["WorkbenchPage", "monaco-editor", "graphqlMode", "jsonMode"]) {
      expect(
        loaded.some((f) => f.startsWith(`assets/${chunk}-`) && WORKBENCH_ONLY.test(f)),
        `${chunk} in ${loaded.join(", ")}`,
      ).toBe(true);
    }
    await page.context().close();
  });
});
