/**
 * §5.2.2 §5.3.1 §5.4.1 §5.4.2 the risk loop in the dashboard: management approves the submitted
 * plan on the risk page; a key risk indicator breaches; from the warning in the feed an incident
 * is opened, which activates the plan's steps as tasks; the tasks are done, the incident
 * contained, reviewed with its lessons and closed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BREACHES, gql, indicatorIds, ingestToken, login, recordReadings } from "./support/api.js";
import { launchBrowser, newPage, signIn, type Browser } from "./support/browser.js";
import { startServer, type RunningServer } from "./support/server.js";

let server: RunningServer;
let browser: Browser;
let riskId: string;
let feedToken: string;
let ids: Record<string, string>;
const CODE = "R-E2E-LOOP";

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const mgmt = await login(server.url, "management@example.com");
  ids = await indicatorIds(server.url, mgmt);
  feedToken = await ingestToken(server.url, [ids["HR-02"]]);
  const units = await gql(server.url, `{ orgUnits(first: 50) { edges { node { id } } } }`, {}, mgmt);
  const unit = units.orgUnits.edges[0].node.id;
  const risk = await gql(
    server.url,
    `mutation($i: CreateRiskInput!) { createRisk(input: $i) { id } }`,
    { i: { code: CODE, title: "人才流失風險", titleEn: "Staff attrition", category: "OPERATIONAL", ownerUnitId: unit, keyIndicatorIds: [ids["HR-02"]] } },
    mgmt,
  );
  riskId = risk.createRisk.id;
  await gql(server.url, `mutation($r: ID!) { createRiskAssessment(input: { riskId: $r, likelihood: 4, impact: 4 }) { id } }`, { r: riskId }, mgmt);
  const plan = await gql(
    server.url,
    `mutation($i: CreateContingencyPlanInput!) { createContingencyPlan(input: $i) { id } }`,
    {
      i: {
        riskId,
        title: "Attrition contingency plan",
        measures: "Retention interviews",
        activationCriteria: "Turnover above 15%",
        steps: [
          { title: "Hold retention interviews", unitId: unit },
          { title: "Brief management", role: "MANAGEMENT" },
        ],
      },
    },
    mgmt,
  );
  await gql(server.url, `mutation($p: ID!) { submitContingencyPlan(input: { planId: $p }) { id } }`, { p: plan.createContingencyPlan.id }, mgmt);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the risk loop in the dashboard", () => {
  it("approve the plan → breach → open incident from the warning → tasks done, contained → reviewed → closed", async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, "management@example.com", `/risks/register?needsPlan=1`);
    await page.locator(`tr[data-risk="${CODE}"]`).waitFor({ timeout: 15_000 });
    await page.locator(`tr[data-risk="${CODE}"] a`).click();
    await page.getByRole("button", { name: "Approve plan" }).click();
    await page.locator(`[data-plan-status="APPROVED"]`).waitFor({ timeout: 10_000 });

    await page.goto(`${server.url}/alerts`);
    await expect.poll(() => page.locator("[data-feed-cursor]").count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await recordReadings(server.url, feedToken, [{ indicatorId: ids["HR-02"], value: BREACHES["HR-02"], key: "e2e-risk-loop-1" }]);
    const open = page
      .locator(`li.feed-item[data-indicator="HR-02"]`)
      .getByRole("link", { name: new RegExp(`Open incident from this warning: ${CODE}`) })
      .first();
    await open.waitFor({ timeout: 10_000 });
    await open.click();

    await page.locator(`[data-risk="${CODE}"]`).waitFor();
    await page.getByPlaceholder("What happened").fill("Three analysts resigned in one week");
    await page.getByRole("button", { name: "Open incident", exact: true }).click();
    await page.waitForURL((u) => u.pathname.startsWith("/incidents/"));
    const tasks = page.locator(".task-list input[type=checkbox]");
    await expect.poll(() => tasks.count(), { timeout: 10_000 }).toBe(2);
    await tasks.nth(0).click();
    await expect.poll(() => page.locator(`.task-list li[data-done="true"]`).count()).toBe(1);
    await tasks.nth(1).click();
    await expect.poll(() => page.locator(`.task-list li[data-done="true"]`).count()).toBe(2);
    await page.getByRole("button", { name: "Mark contained" }).click();
    await expect.poll(() => page.locator("[data-incident-status]").getAttribute("data-incident-status")).toBe("CONTAINED");

    await page.getByLabel("Lessons learned").fill("Exit interviews came too late; watch turnover weekly.");
    await page.getByRole("button", { name: "Record review" }).click();
    await page.getByRole("button", { name: "Close incident" }).click();
    await expect.poll(() => page.locator("[data-incident-status]").getAttribute("data-incident-status")).toBe("CLOSED");
    const kinds = await page.locator(".timeline li").evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")));
    expect(kinds).toEqual(["OPENED", "TASK_DONE", "TASK_DONE", "STATUS", "REVIEW", "STATUS"]);
    await page.context().close();
  });
});
