/**
 * §6.2.2 §4.4.1 notifications in the dashboard: a breach reaches a unit head's in-app inbox
 * through a notification policy, the bell's count rises live, and the inbox links to the warning;
 * the process office adds a webhook contact point and its "send test" reaches a receiver on
 * loopback (and a dead address is reported as not delivered). §2.4.3 an employee reports a
 * problem from a process page, the unit's head answers it in the tracker, the author reads the answer.
 * §6.3.1 the process office schedules a unit's report and sends it now to an in-app contact point.
 */
import { describe, expect, it } from "vitest";
import type { WebhookReceiver } from "../../packages/server/test/helpers/receivers.js";
import { BREACHES, gql, indicatorIds, ingestToken, login, recordReadings } from "./support/api.js";
import { newPage, signIn, type Browser } from "./support/browser.js";
import type { RunningServer } from "./support/server.js";
import { useServerAndBrowser, useWebhookReceiver } from "./support/suite.js";

let server: RunningServer;
let browser: Browser;
let receiverUrl: string;
let received: WebhookReceiver["received"] = [];

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});
useWebhookReceiver("/hook", (r) => {
  receiverUrl = r.url;
  received = r.received;
});

/** The bell's count as the page shows it. */
const bellCount = async (page: Awaited<ReturnType<typeof newPage>>) => Number(await page.locator("a.bell").getAttribute("data-unread"));

describe("notifications in the dashboard", () => {
  it("a unit head sees the bell count rise when a breach fires, opens the inbox and follows the link to the warning", async () => {
    // Routing as the process office sets it: CRITICAL warnings to the in-app inbox of the unit's head and the office, at once.
    const office = await login(server.url, "office@example.com");
    const cp = await gql(server.url, `mutation { createContactPoint(input: { name: "Inbox", kind: IN_APP, inApp: { userIds: [] } }) { id } }`, {}, office);
    await gql(
      server.url,
      `mutation($cp: ID!) { createNotificationPolicy(input: { contactPointId: $cp, matchers: { levels: [CRITICAL] }, groupWaitSeconds: 0 }) { id } }`,
      { cp: cp.createContactPoint.id },
      office,
    );
    const head = await login(server.url, "finance.head@example.com");
    const ids = await indicatorIds(server.url, head);
    const feed = await ingestToken(server.url, [ids["FIN-03"]]);

    const page = await newPage(browser);
    await signIn(page, server.url, "finance.head@example.com", "/");
    await page.locator("a.bell").waitFor();
    await expect.poll(() => page.locator("a.bell").getAttribute("data-unread")).not.toBeNull();
    // The bell reads its count once and then listens: wait until the subscription is open before the breach.
    await expect.poll(() => page.evaluate(() => document.querySelector(".conn")?.className ?? ""), { timeout: 15_000 }).toContain("conn--ok");
    const before = await bellCount(page);

    await recordReadings(server.url, feed, [{ indicatorId: ids["FIN-03"], value: BREACHES["FIN-03"], key: "e2e-bell-1" }]);
    // Failure pinned: no message delivered to the inbox, or a bell that needs a reload to show it.
    await expect.poll(() => bellCount(page), { timeout: 15_000 }).toBeGreaterThan(before);
    const alerts = await gql(
      server.url,
      `query($i: [ID!]) { alerts(first: 5, filter: { indicatorIds: $i, states: [FIRING] }) { edges { node { id } } } }`,
      { i: [ids["FIN-03"]] },
      head,
    );
    const firing: string[] = alerts.alerts.edges.map((e: { node: { id: string } }) => e.node.id);

    await page.locator("a.bell").click();
    await page.waitForURL((u) => u.pathname === "/inbox");
    const unread = page.locator(`li.inbox__item[data-unread="true"]`);
    await expect.poll(async () => (await unread.count()) === (await bellCount(page)) && (await unread.count()) > 0, { timeout: 10_000 }).toBe(true);
    const shown = await bellCount(page);
    await unread.first().getByRole("link", { name: "Open" }).click();
    await page.waitForURL((u) => u.pathname === "/alerts" && u.searchParams.has("alert"));
    const alertId = new URL(page.url()).searchParams.get("alert") ?? "";
    expect(firing).toContain(alertId);
    const focused = page.locator(`.focused-alert li.feed-item[data-alert-id="${alertId}"]`);
    await focused.waitFor({ timeout: 10_000 });
    expect(await focused.getAttribute("data-indicator")).toBe("FIN-03");
    expect(await focused.getAttribute("data-state")).toBe("FIRING");
    // Opening it read it: one fewer unread.
    await expect.poll(() => bellCount(page), { timeout: 10_000 }).toBe(shown - 1);

    // The link inside the message's text (as mail and chat carry it: the database id) opens the same warning.
    const inbox = await gql(server.url, `{ notifications(first: 10) { edges { node { body alert { id } } } } }`, {}, head);
    const message = inbox.notifications.edges.find((e: { node: { alert: { id: string } | null } }) => e.node.alert?.id === alertId).node.body as string;
    const link = new URL(/https?:\/\/\S+\/alerts\?alert=\S+/.exec(message)?.[0] ?? "");
    await page.goto(`${server.url}${link.pathname}${link.search}`);
    await page.locator(`.focused-alert li.feed-item[data-alert-id="${alertId}"]`).waitFor({ timeout: 10_000 });
    await page.context().close();
  });

  it("the process office adds a webhook contact point, presses send test and sees it delivered; a dead address is reported", async () => {
    const page = await newPage(browser);
    await signIn(page, server.url, "office@example.com", "/notifications");
    await page.getByRole("link", { name: "Notifications", exact: true }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("E2E hook");
    await page.getByLabel("Kind").selectOption("WEBHOOK");
    await page.getByLabel("Webhook address").fill(receiverUrl);
    await page.getByLabel("Format").selectOption("GENERIC");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.locator(`tr[data-contact-point="E2E hook"]`).waitFor({ timeout: 10_000 });

    await page.getByRole("button", { name: "Send test: E2E hook" }).click();
    const result = page.locator("[data-test-result]");
    await result.waitFor({ timeout: 15_000 });
    expect(await result.getAttribute("data-test-result")).toBe("ok");
    expect(await result.textContent()).toBe("Test delivered to E2E hook.");
    expect(received).toHaveLength(1);
    const body = JSON.parse(received[0].body);
    expect(body).toHaveProperty("alert");
    expect(body).toHaveProperty("url");

    // A receiver that is not there: the answer says so, in the page.
    await page.getByLabel("Name", { exact: true }).fill("Dead hook");
    await page.getByLabel("Webhook address").fill("http://127.0.0.1:9/hook");
    await page.getByRole("button", { name: "Add", exact: true }).click();
    await page.locator(`tr[data-contact-point="Dead hook"]`).waitFor({ timeout: 10_000 });
    await page.getByRole("button", { name: "Send test: Dead hook" }).click();
    await expect.poll(() => result.getAttribute("data-test-result"), { timeout: 20_000 }).toBe("failed");
    expect(await result.textContent()).toMatch(/^Test to Dead hook not delivered: .+/);
    expect(received).toHaveLength(1);

    // The delivery log shows both tests with their status.
    await page.getByRole("link", { name: "Delivery log" }).click();
    await expect.poll(() => page.locator("tr[data-delivery]").count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(await page.locator(`tr[data-delivery][data-status="SENT"]`).count()).toBeGreaterThanOrEqual(1);
    await page.context().close();
  });

  it("an employee reports a problem on a process step, the unit head answers it, and the author sees the answer", async () => {
    const employee = await newPage(browser);
    await signIn(employee, server.url, "employee@example.com", "/processes/P-FIN");
    await employee.getByRole("button", { name: "Report a problem" }).click();
    const form = employee.getByRole("dialog");
    await form.getByLabel("Step").selectOption({ index: 2 });
    await form.getByLabel("What is wrong?").fill("E2E: the same claim is signed three times");
    await form.getByRole("button", { name: "Send", exact: true }).click();
    await employee.getByText("Sent to the owning unit's head and the process office; the answer will reach your inbox.").waitFor({ timeout: 10_000 });

    const head = await newPage(browser);
    await signIn(head, server.url, "finance.head@example.com", "/feedback");
    const item = head.locator(`section[aria-labelledby="feedback-tracker-title"] li.feedback`, { hasText: "E2E: the same claim is signed three times" });
    await item.waitFor({ timeout: 10_000 });
    expect(await item.getAttribute("data-status")).toBe("OPEN");
    await item.getByRole("button", { name: "Answer" }).click();
    await head.getByRole("dialog").getByLabel("Answer").fill("E2E: merged into one signature from next month");
    await head.getByRole("dialog").getByRole("button", { name: "Answer" }).click();
    await expect.poll(() => item.getAttribute("data-status"), { timeout: 10_000 }).toBe("ANSWERED");

    await employee.goto(`${server.url}/feedback`);
    const mine = employee.locator(`section[aria-labelledby="feedback-mine-title"] li.feedback`, { hasText: "E2E: the same claim is signed three times" });
    await mine.waitFor({ timeout: 10_000 });
    expect(await mine.locator(".feedback__answer").textContent()).toContain("E2E: merged into one signature from next month");
    await employee.goto(`${server.url}/inbox`);
    await employee.locator("li.inbox__item", { hasText: "E2E: merged into one signature from next month" }).waitFor({ timeout: 10_000 });
    await employee.context().close();
    await head.context().close();
  });

  it("the process office schedules the finance unit's monthly report and sends it now to an in-app contact point", async () => {
    const office = await login(server.url, "office@example.com");
    const cp = await gql(server.url, `mutation { createContactPoint(input: { name: "E2E report inbox", kind: IN_APP, inApp: { userIds: [] } }) { id } }`, {}, office);
    const cpId: string = cp.createContactPoint.id;
    const units = await gql(server.url, `{ orgUnits(first: 100) { edges { node { id code } } } }`, {}, office);
    const fin: string = units.orgUnits.edges.find((e: { node: { code: string } }) => e.node.code === "FIN").node.id;

    const page = await newPage(browser);
    await signIn(page, server.url, "office@example.com", "/reports");
    const form = page.getByRole("form", { name: "New schedule" });
    await form.waitFor({ timeout: 10_000 });
    await form.getByLabel("Unit").selectOption(fin);
    await form.getByLabel("When").selectOption({ label: "Monthly on the 1st at 08:00" });
    await form.getByLabel("Contact points").selectOption([cpId]);
    await form.getByRole("button", { name: "Add", exact: true }).click();
    // Failure pinned: a schedule the server took but the page does not list, or one sent with another cron or zone.
    const row = page.locator(`tr[data-schedule="FIN"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain("Monthly on the 1st at 08:00");
    expect(await row.textContent()).toContain("Asia/Taipei");
    expect(await row.textContent()).toContain("E2E report inbox");
    const saved = await gql(server.url, `{ reportSchedules { cron timeZone unit { code } } }`, {}, office);
    expect(saved.reportSchedules).toContainEqual({ cron: "0 8 1 * *", timeZone: "Asia/Taipei", unit: { code: "FIN" } });

    await page.getByRole("form", { name: "Unit reports" }).getByLabel("Unit").selectOption("FIN");
    const sendNow = page.locator(`section[aria-labelledby="send-now-title"]`);
    await sendNow.getByLabel("Contact points").selectOption([cpId]);
    await sendNow.getByRole("button", { name: "Send now" }).click();
    await expect.poll(() => page.locator("[data-send-result]").textContent(), { timeout: 20_000 }).toBe("Sent to every contact point.");
    const run = page.locator(`tr[data-run="FIN"][data-ok="true"]`).first();
    await run.waitFor({ timeout: 10_000 });
    expect(await run.locator(`li[data-result="ok"]`).textContent()).toContain("E2E report inbox");
    await page.context().close();
  });
});
