/**
 * Issue 12 item 2 (§2.1.2 escalation, §6.2.2 inhibition): the seed's FIN-04 (overdue receivables
 * ratio) ends past both thresholds, so a WARNING and a CRITICAL are open on it. The wall and the
 * feed showed it twice, as two firing alerts; they show it once, as the CRITICAL naming the WARNING
 * it inhibits (the server's `inhibits` / `inhibitedBy`), and show the WARNING again, live, when
 * the CRITICAL resolves.
 */
import { describe, expect, it } from "vitest";
import { displayToken, gql, login } from "./support/api.js";
import { newPage, signIn, type Browser, type Page } from "./support/browser.js";
import { feedReady } from "./support/feed.js";
import type { RunningServer } from "./support/server.js";
import { useServerAndBrowser } from "./support/suite.js";

let server: RunningServer;
let browser: Browser;

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});

const fin04 = (page: Page) => page.locator('li.feed-item[data-indicator="FIN-04"]');
const byId = (page: Page, id: string) => page.locator(`li.feed-item[data-alert-id="${id}"]`);

interface OpenAlert {
  id: string;
  level: "WARNING" | "CRITICAL";
  indicator: { code: string } | null;
  inhibited: boolean;
  inhibits: { id: string }[];
}

describe("inhibition on the wall and in the feed", () => {
  it("shows FIN-04 once, as the CRITICAL that inhibits its WARNING (both languages), and the WARNING again when the CRITICAL resolves, without a reload", async () => {
    const manager = await login(server.url, "management@example.com");
    const open = await gql<{ alerts: { edges: { node: OpenAlert }[] } }>(
      server.url,
      `{ alerts(first: 100, filter: { states: [FIRING, ACKNOWLEDGED] }) { edges { node { id level indicator { code } inhibited inhibits { id } } } } }`,
      {},
      manager,
    );
    const fin = open.alerts.edges.map((e) => e.node).filter((a) => a.indicator?.code === "FIN-04");
    // What the screens showed twice: two open alerts of one indicator, the warning inhibited.
    expect(fin.map((a) => a.level).sort()).toEqual(["CRITICAL", "WARNING"]);
    const critical = fin.find((a) => a.level === "CRITICAL")!;
    const warning = fin.find((a) => a.level === "WARNING")!;
    expect(warning.inhibited).toBe(true);
    expect(critical.inhibits.map((w) => w.id)).toEqual([warning.id]);

    const wall = await newPage(browser, { height: 1400 });
    await wall.goto(`${server.url}/wall?token=${encodeURIComponent(await displayToken(server.url))}&rotate=0&view=live`);
    const desk = await newPage(browser);
    await signIn(desk, server.url, "management@example.com", "/alerts");
    const zh = await newPage(browser, { locale: "zh-TW" });
    await signIn(zh, server.url, "management@example.com", "/alerts");
    for (const p of [wall, desk, zh]) await feedReady(p);

    for (const p of [wall, desk, zh]) {
      await expect.poll(() => fin04(p).count(), { timeout: 10_000 }).toBe(1);
      expect(await fin04(p).getAttribute("data-alert-id")).toBe(critical.id);
      expect(await fin04(p).getAttribute("data-inhibits")).toBe(warning.id);
    }
    expect(await fin04(wall).textContent()).toMatch(/Escalated: inhibits the Warning of this indicator/);
    expect(await fin04(desk).textContent()).toMatch(/Escalated: inhibits the Warning of this indicator/);
    expect(await fin04(zh).textContent()).toMatch(/已升級：抑制此指標的警告/);

    await gql(server.url, `mutation($id: ID!) { resolveAlert(input: { alertId: $id, note: "e2e: receivables collected" }) { id state } }`, { id: critical.id }, manager);

    for (const p of [wall, desk, zh]) {
      await expect.poll(() => byId(p, critical.id).getAttribute("data-state"), { timeout: 5_000 }).toBe("RESOLVED");
      await expect.poll(() => byId(p, warning.id).getAttribute("data-state"), { timeout: 5_000 }).toBe("FIRING");
      expect(await byId(p, critical.id).getAttribute("data-inhibits")).toBeNull();
      expect(await fin04(p).count()).toBe(2);
    }
    for (const p of [wall, desk, zh]) await p.context().close();
  });
});
