/**
 * The evaluation loop in the dashboard (issue 10, §4.3.2, §4.3.3, §4.4.1, §4.4.2): a process's
 * indicator breaches → the process office computes the period in the browser → FAIL →
 * finalising without a rectification is refused (the server's message on screen) → with one it
 * is accepted and the inbox count rises → verifying the rectification is refused while the
 * indicator still breaches → readings recover → verification succeeds. Screenshots of the new
 * pages go to docs/screenshots when SCREENSHOTS=1.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql, login } from "./support/api.js";
import { launchBrowser, newPage, signIn, type Browser, type Page } from "./support/browser.js";
import { startServer, type RunningServer } from "./support/server.js";

let server: RunningServer;
let browser: Browser;
const SHOTS = process.env.SCREENSHOTS === "1" ? join(import.meta.dirname, "../../docs/screenshots") : null;

beforeAll(async () => {
  // The scheduler's condition checks (overdue plans and actions) run every 2 s instead of 30 s.
  process.env.CHECK_INTERVAL_MS = "2000";
  server = await startServer({ readingsDays: 2 });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A new FINANCE process with one indicator (higher is better, target 100) and a CRITICAL rule below 60 clearing at 70. */
async function freshProcess(mgmt: string, office: string, ownerUnitId: string) {
  const proc = await gql(
    server.url,
    `mutation($u: ID!) { createProcess(input: { code: "P-E2E", name: "票據審核流程", nameEn: "Invoice review", category: FINANCE, goal: "準確及時", goalEn: "Accurate and on time", ownerUnitId: $u }) { id } }`,
    { u: ownerUnitId },
    mgmt,
  );
  const processId: string = proc.createProcess.id;
  await gql(server.url, `mutation($p: ID!) { createProcessStep(input: { processId: $p, name: "覆核", nameEn: "Review" }) { id } }`, { p: processId }, mgmt);
  const ind = await gql(
    server.url,
    `mutation($p: ID!) { createIndicator(input: { processId: $p, code: "E2E-01", name: "準時審核率", nameEn: "On-time review rate", unit: "%", kind: EFFICIENCY, direction: HIGHER_IS_BETTER, target: 100 }) { id } }`,
    { p: processId },
    office,
  );
  const indicatorId: string = ind.createIndicator.id;
  await gql(
    server.url,
    `mutation($i: ID!) { createThresholdRule(input: { indicatorId: $i, kind: THRESHOLD, level: CRITICAL, comparator: BELOW, value: 60, clearValue: 70 }) { id } }`,
    { i: indicatorId },
    office,
  );
  return { processId, indicatorId };
}

let serial = 0;
async function readings(token: string, indicatorId: string, values: number[], minutesAgo: number) {
  const now = Date.now();
  const r = values.map((value, i) => ({ indicatorId, value, observedAt: new Date(now - (minutesAgo - i) * 60_000).toISOString(), key: `e2e-${++serial}` }));
  await gql(server.url, `mutation($r: [ReadingInput!]!) { recordReadings(input: { readings: $r }) { accepted } }`, { r }, token);
}

/** A screenshot of the whole page, or of the viewport while a dialog is open (`fullPage: false`). */
async function shoot(page: Page, name: string, fullPage = true) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.waitForTimeout(800);
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });
}

const unread = (page: Page) => page.locator("a.bell").getAttribute("data-unread").then(Number);

describe("§4.3.3 §4.4.2 the evaluation loop in the dashboard", () => {
  it("breach → compute FAIL → finalising needs a rectification → verification waits for the indicator to recover", async () => {
    const [mgmt, office, finHead] = await Promise.all(["management", "office", "finance.head"].map((n) => login(server.url, `${n}@example.com`)));
    const fin = await gql(server.url, `{ me { user { id name unit { id } } } }`, {}, finHead);
    const { indicatorId } = await freshProcess(mgmt, office, fin.me.user.unit.id);
    // §4.2.4 the indicator breaches (CRITICAL), an hour ago, in this month.
    await readings(office, indicatorId, [30, 25, 20], 60);
    const period = new Date(Date.now() - 60 * 60_000).toISOString().slice(0, 7);

    const page = await newPage(browser, { width: 1400, height: 900 });
    await signIn(page, server.url, "office@example.com", "/evaluations");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Evaluation board");
    await expect.poll(() => page.locator("a.bell").count(), { timeout: 10_000 }).toBe(1);
    const before = await unread(page);

    // §4.3.2 compute the period's draft from the data: it is FAIL, with its working.
    const form = page.getByRole("form", { name: "Compute for a period" });
    await form.getByLabel("Process").selectOption({ label: "P-E2E Invoice review" });
    await form.getByLabel(/Period/).fill(period);
    await form.getByRole("button", { name: "Compute draft" }).click();
    await page.waitForURL(/\/evaluations\/.+/);
    await expect.poll(() => page.locator("[data-evaluation-status]").getAttribute("data-grade"), { timeout: 15_000 }).toBe("FAIL");
    expect(await page.locator("[data-evaluation-status]").getAttribute("data-evaluation-status")).toBe("DRAFT");
    const line = page.locator('table.criteria tbody tr[data-key^="ATTAINMENT:"]', { hasText: "E2E-01" });
    expect(await line.textContent()).toMatch(/25(\.0)?%/); // actual: the period's average reading
    await shoot(page, "evaluation-draft-en-desktop");

    // §4.3.3 finalising a FAIL without a rectification is refused, in the server's words.
    await page.getByRole("button", { name: "Finalise" }).click();
    const dialog = page.getByRole("dialog");
    await expect.poll(() => dialog.getByText(/a rectification is required/).count()).toBe(1);
    await dialog.getByRole("button", { name: "Finalise" }).click();
    await expect.poll(() => dialog.getByRole("alert").textContent(), { timeout: 10_000 }).toMatch(/Not done: .*causeAnalysis.*measures/);
    await shoot(page, "evaluation-finalize-refused-en-desktop", false);

    // … with one it is accepted.
    await dialog.getByLabel("Cause analysis").fill("審核人手不足，退件率上升");
    await dialog.getByLabel("Measures").fill("增派審核人員並導入自動校驗");
    await dialog.getByRole("combobox", { name: /^Owner(?! unit)/ }).selectOption({ label: fin.me.user.name });
    await dialog.getByLabel("Deadline").fill(new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10));
    await dialog.getByRole("button", { name: "Finalise" }).click();
    await expect.poll(() => page.locator("[data-evaluation-status]").getAttribute("data-evaluation-status"), { timeout: 15_000 }).toBe("FINAL");
    // §4.4.1 the result is fed back: the process office's inbox count rises, live.
    await expect.poll(() => unread(page), { timeout: 15_000 }).toBeGreaterThan(before);
    const action = page.locator("li.action-card");
    await expect.poll(() => action.count()).toBe(1);
    const actionId = await action.getAttribute("data-action-id");
    await shoot(page, "evaluation-final-en-desktop");

    // §4.4.2 the owner completes it (through the API, as the finance head would).
    await gql(server.url, `mutation($a: ID!) { completeAction(input: { actionId: $a, note: "人員已到位", evidence: "排班表" }) { status } }`, { a: actionId }, finHead);

    // Verification is refused while the indicator still breaches; the message stays readable.
    await page.goto(`${server.url}/actions?action=${encodeURIComponent(actionId!)}`);
    const card = page.locator(`li.action-card[data-action-id="${actionId}"]`);
    await expect.poll(() => card.getAttribute("data-status"), { timeout: 15_000 }).toBe("DONE");
    await card.getByRole("button", { name: /^Verify/ }).click();
    await page.getByRole("dialog").getByLabel("Note").fill("複查");
    await page.getByRole("dialog").getByRole("button", { name: "Verify" }).click();
    await expect.poll(() => page.getByRole("dialog").getByRole("alert").textContent(), { timeout: 10_000 }).toMatch(/has not recovered/);
    await shoot(page, "actions-verify-refused-en-desktop", false);
    await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

    // Readings recover past the clear value; verification succeeds.
    await readings(office, indicatorId, [92, 95], 10);
    await page.reload();
    await expect.poll(() => card.getAttribute("data-status"), { timeout: 15_000 }).toBe("DONE");
    await card.getByRole("button", { name: /^Verify/ }).click();
    await page.getByRole("dialog").getByLabel("Note").fill("指標已恢復");
    await page.getByRole("dialog").getByRole("button", { name: "Verify" }).click();
    await expect.poll(() => card.getAttribute("data-status"), { timeout: 15_000 }).toBe("VERIFIED");

    // The inbox lists the feedback; marking it read lowers the count.
    await page.locator("a.bell").click();
    await page.waitForURL(/\/inbox/);
    const count = await unread(page);
    const item = page.locator("li.inbox__item[data-unread]").first();
    await item.getByRole("button", { name: /^Mark as read/ }).click();
    await expect.poll(() => unread(page), { timeout: 10_000 }).toBe(count - 1);
    await page.context().close();
  });

  it("shows condition alerts (an overdue plan) in the feed with their subject, and the new pages in both languages", async () => {
    const page = await newPage(browser, { width: 1400, height: 900 });
    await signIn(page, server.url, "office@example.com", "/monitoring?lang=en");
    // The seed has an overdue plan: it is highlighted …
    const overdue = page.locator("tr[data-overdue]").first();
    await expect.poll(() => overdue.count(), { timeout: 15_000 }).toBe(1);
    const processName = await overdue.locator("th a").textContent();
    // The inspection form (§4.2.3-§4.2.5) with a finding: severity, step, description, evidence.
    await overdue.getByRole("button", { name: /^Record inspection/ }).click();
    const form = page.getByRole("dialog");
    await form.getByRole("button", { name: "Add a finding" }).click();
    await form.getByRole("group", { name: "Findings 1" }).getByLabel("Description").fill("兩份單據缺少覆核簽字");
    expect(await form.getByRole("group", { name: "Findings 1" }).getByRole("combobox").count()).toBe(2); // severity, step
    await shoot(page, "inspection-form-en-desktop", false);
    await form.getByRole("button", { name: "Cancel" }).click();
    // … and its warning (§2.3.2) is in the feed, named by its process, linked to the plans.
    await page.goto(`${server.url}/alerts?lang=en`);
    const warning = page.locator('li.feed-item[data-source="MONITORING_PLAN_OVERDUE"]').first();
    await expect.poll(() => warning.count(), { timeout: 20_000 }).toBe(1);
    expect(await warning.textContent()).toContain("Monitoring plan overdue");
    expect(await warning.locator(".feed-item__process").textContent()).toBe(processName);
    expect(await warning.getByRole("link").first().getAttribute("href")).toMatch(/^\/monitoring\?process=/);
    await shoot(page, "alerts-conditions-en-desktop");
    for (const lang of ["en", "zh-Hant"] as const) {
      for (const [size, viewport] of [
        ["desktop", { width: 1400, height: 900 }],
        ["phone", { width: 390, height: 844 }],
      ] as const) {
        await page.setViewportSize(viewport);
        for (const [name, path, ready] of [
          ["evaluations", "/evaluations", "table.eval-grid"],
          ["monitoring", "/monitoring", "table.plans"],
          ["actions", "/actions", "li.action-card"],
          ["inbox", "/inbox", "ul.inbox li, p.empty"],
        ] as const) {
          await page.goto(`${server.url}${path}?lang=${lang}`);
          await page.waitForSelector(ready, { timeout: 15_000 });
          await shoot(page, `${name}-${lang}-${size}`);
        }
      }
    }
    await page.context().close();
  });
});
