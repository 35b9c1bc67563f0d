/**
 * Screenshots of the dashboard for docs/screenshots: the wall display, a process page and the
 * risk heat map, in Traditional Chinese and English, at 1600×900 and at phone size (390×844).
 * It starts a seeded server, plays a realistic hour of readings (warnings fired, acknowledged,
 * assigned and cleared) and captures the screens.
 *
 *   npx tsx test/e2e/screenshots.ts [outDir]
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { displayToken, gql, indicatorIds, ingestToken, login, recordReadings, type Reading } from "./support/api.js";
import { launchBrowser, signIn, type Browser, type Page } from "./support/browser.js";
import { startServer, type RunningServer } from "./support/server.js";

const OUT = process.argv[2] ?? join(import.meta.dirname, "../../docs/screenshots");
const MIN = 60_000;
const SIZES = { desktop: { width: 1600, height: 900 }, phone: { width: 390, height: 844 } } as const;
const LANGS = [
  { tag: "zh-Hant", locale: "zh-TW" },
  { tag: "en", locale: "en-US" },
] as const;

async function playScene(server: RunningServer) {
  const mgmt = await login(server.url, "management@example.com");
  const ids = await indicatorIds(server.url, mgmt);
  const feed = await ingestToken(server.url, Object.values(ids));
  const now = Date.now();
  const at = (minutesAgo: number) => new Date(now - minutesAgo * MIN).toISOString();
  const hourly: Reading[] = [];
  // The hourly indicators keep reporting every 15 minutes since the seed's last hour.
  const levels: Record<string, number[]> = {
    "MKT-01": [316, 311, 304, 297],
    "FIN-02": [5010, 4960, 4890, 4820],
    "ADM-01": [3.9, 4.4, 5.1, 5.6],
    "ADM-04": [99.95, 99.93, 99.96, 99.94],
    "MKT-04": [9.1, 9.6, 10.2, 10.4],
    "FIN-04": [13.1, 13.4, 13.2, 13.6],
  };
  for (const [code, values] of Object.entries(levels)) {
    values.forEach((v, i) => hourly.push({ indicatorId: ids[code], value: v, observedAt: at(40 - i * 10), key: `shot-${code}-${i}` }));
  }
  await recordReadings(server.url, feed, hourly);
  // Daily indicators: two breaches that stay, one warning, one that fires and clears.
  await recordReadings(server.url, feed, [
    { indicatorId: ids["HR-01"], value: 53.5, observedAt: at(35), key: "shot-hr01" },
    { indicatorId: ids["STR-01"], value: 83.2, observedAt: at(25), key: "shot-str01" },
    { indicatorId: ids["MKT-03"], value: 77.4, observedAt: at(18), key: "shot-mkt03" },
    { indicatorId: ids["FIN-03"], value: 71.2, observedAt: at(30), key: "shot-fin03-a" },
  ]);
  await recordReadings(server.url, feed, [{ indicatorId: ids["FIN-03"], value: 63.8, observedAt: at(8), key: "shot-fin03-b" }]);

  const open = await gql<{ alerts: { edges: { node: { id: string; level: string; indicator: { code: string } } }[] } }>(
    server.url,
    `{ alerts(first: 50) { edges { node { id level indicator { code } } } } }`,
    {},
    mgmt,
  );
  const find = (code: string, level: string) => open.alerts.edges.find((e) => e.node.indicator.code === code && e.node.level === level)?.node.id;
  const users = await gql<{ users: { edges: { node: { id: string; name: string; email: string } }[] } }>(
    server.url,
    `{ users(first: 50) { edges { node { id name email } } } }`,
    {},
    mgmt,
  );
  const office = users.users.edges.find((e) => e.node.email === "office@example.com")?.node.id;
  const hr = find("HR-01", "CRITICAL");
  if (hr) {
    await gql(
      server.url,
      `mutation($id: ID!, $note: String!, $exp: DateTime) { acknowledgeAlert(input: { alertId: $id, note: $note, expiresAt: $exp }) { id } }`,
      {
        id: hr,
        note: "招聘外包已啟動，兩週內補齊關鍵崗位。",
        exp: new Date(now + 8 * 60 * MIN).toISOString(),
      },
      mgmt,
    );
  }
  const str = find("STR-01", "CRITICAL");
  if (str && office) await gql(server.url, `mutation($id: ID!, $a: ID!) { assignAlert(input: { alertId: $id, assigneeId: $a }) { id } }`, { id: str, a: office }, mgmt);
}

async function shoot(page: Page, name: string) {
  await page.waitForTimeout(1500);
  await page.screenshot({ path: join(OUT, `${name}.png`) });
  console.log(`  ${name}.png`);
}

async function waitForCharts(page: Page) {
  await page.waitForFunction(
    () => {
      const els = [...document.querySelectorAll("[data-points]")];
      return els.length > 0 && els.every((e) => Number(e.getAttribute("data-points")) > 0);
    },
    undefined,
    { timeout: 20_000 },
  );
}

async function capture(browser: Browser, server: RunningServer) {
  const token = await displayToken(server.url);
  for (const lang of LANGS) {
    for (const [size, viewport] of Object.entries(SIZES)) {
      const context = await browser.newContext({ viewport, locale: lang.locale, deviceScaleFactor: 1 });
      const page = await context.newPage();
      page.on("pageerror", (e) => console.error(`[page error] ${e.message}`));
      for (const view of ["live", "risks", "processes"]) {
        await page.goto(`${server.url}/wall?token=${encodeURIComponent(token)}&rotate=0&view=${view}&lang=${lang.tag}`);
        if (view === "live") await waitForCharts(page);
        else await page.waitForSelector(view === "risks" ? ".heatmap__cell" : ".process-card", { timeout: 20_000 });
        await shoot(page, `wall-${view}-${lang.tag}-${size}`);
      }
      await signIn(page, server.url, "management@example.com", `/processes/P-MKT?lang=${lang.tag}`);
      await waitForCharts(page);
      await shoot(page, `process-${lang.tag}-${size}`);
      await page.goto(`${server.url}/risks?cell=3-4&lang=${lang.tag}`);
      await page.waitForSelector("button.heatmap__cell", { timeout: 20_000 });
      await shoot(page, `heatmap-${lang.tag}-${size}`);
      if (process.env.SCREENSHOTS_EXTRA) {
        // The other desk pages, for review (not part of the documented set).
        await page.goto(`${server.url}/?lang=${lang.tag}`);
        await waitForCharts(page);
        await shoot(page, `extra-live-${lang.tag}-${size}`);
        await page.goto(`${server.url}/alerts?lang=${lang.tag}`);
        await page.waitForSelector("li.feed-item", { timeout: 20_000 });
        await shoot(page, `extra-alerts-${lang.tag}-${size}`);
        await page.goto(`${server.url}/processes?lang=${lang.tag}`);
        await page.waitForSelector(".process-card", { timeout: 20_000 });
        await shoot(page, `extra-processes-${lang.tag}-${size}`);
        await page.goto(`${server.url}/explorer?lang=${lang.tag}`);
        await page.getByRole("button", { name: /^(Run|執行)$/ }).click();
        await page.waitForFunction(() => (document.querySelector(".code-output")?.textContent ?? "").length > 10);
        await shoot(page, `extra-explorer-${lang.tag}-${size}`);
        const ind = await page.evaluate(async () => {
          const s = JSON.parse(localStorage.getItem("controlroom.session") ?? "{}");
          const r = await fetch("/graphql", {
            method: "POST",
            headers: { "content-type": "application/json", authorization: `Bearer ${s.accessToken}` },
            body: JSON.stringify({ query: '{ indicators(first: 1, filter: { search: "FIN-02" }) { edges { node { id } } } }' }),
          });
          return (await r.json()).data.indicators.edges[0].node.id as string;
        });
        await page.goto(`${server.url}/indicators/${encodeURIComponent(ind)}?lang=${lang.tag}`);
        await waitForCharts(page);
        await shoot(page, `extra-indicator-${lang.tag}-${size}`);
      }
      await context.close();
    }
  }
}

mkdirSync(OUT, { recursive: true });
// The seeded history ends an hour ago; the scene plays the last hour on top of it.
const server = await startServer({ readingsDays: 90, seedNow: new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000) });
const browser = await launchBrowser();
try {
  await playScene(server);
  console.log(`Screenshots into ${OUT}:`);
  await capture(browser, server);
} finally {
  await browser.close();
  await server.close();
}
