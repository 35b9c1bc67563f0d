/**
 * Issue 12 item 7 (§6.2.2, §2.1.2, §6.3.1): what the notification pages promise is done in the
 * dashboard, in both languages — a contact point created, edited (its format changed, its secret
 * kept), tested against a receiver on loopback that checks DingTalk's signature, and deleted (in
 * Traditional Chinese); policies moved in routing order and edited (in English); an escalation
 * policy edited and deleted; the daily digest opted into on My settings (in Traditional Chinese).
 */
import { createHmac } from "node:crypto";
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
const SECRET = "SEC-e2e-0123456789";

useServerAndBrowser((s, b) => {
  server = s;
  browser = b;
});
useWebhookReceiver("/robot/send", (r) => {
  receiverUrl = r.url;
  received = r.received;
});

type ContactPointRow = { id: string; name: string; webhook: { format: string; hasSecret: boolean } | null };
const contactPoints = async (token: string) =>
  (await gql<{ contactPoints: ContactPointRow[] }>(server.url, `{ contactPoints { id name webhook { format hasSecret } } }`, {}, token)).contactPoints;

describe("notification settings in the dashboard (issue 12 item 7)", () => {
  it("zh-Hant: the process office creates a webhook contact point, edits it to DingTalk (secret kept), sends a signed test, and deletes it", async () => {
    const office = await login(server.url, "office@example.com");
    const page = await newPage(browser, { locale: "zh-TW" });
    page.on("dialog", (d) => void d.accept());
    await signIn(page, server.url, "office@example.com", "/notifications?lang=zh-Hant");
    await page.getByRole("link", { name: "聯絡點", exact: true }).waitFor();
    await page.getByLabel("名稱", { exact: true }).fill("值班群組");
    await page.getByLabel("類型").selectOption("WEBHOOK");
    await page.getByLabel("Webhook 網址").fill(receiverUrl);
    await page.getByLabel("格式").selectOption("GENERIC");
    await page.getByLabel("簽章密鑰或金鑰（選填）").fill(SECRET);
    await page.getByRole("button", { name: "新增", exact: true }).click();
    await page.locator(`tr[data-contact-point="值班群組"]`).waitFor({ timeout: 10_000 });

    // Edit: the form is filled from the stored contact point; the secret field stays blank and is kept.
    await page.getByRole("button", { name: "編輯: 值班群組" }).click();
    const form = page.locator(`form[data-editing="值班群組"]`);
    await form.waitFor();
    expect(await form.getByLabel("Webhook 網址").inputValue()).toBe(receiverUrl);
    await form.getByLabel("名稱", { exact: true }).fill("釘釘群組");
    await form.getByLabel("格式").selectOption("DINGTALK");
    await form.getByRole("button", { name: "儲存" }).click();
    await page.locator(`tr[data-contact-point="釘釘群組"]`).waitFor({ timeout: 10_000 });
    const edited = (await contactPoints(office)).find((c) => c.name === "釘釘群組");
    expect(edited?.webhook).toEqual({ format: "DINGTALK", hasSecret: true });
    expect((await contactPoints(office)).some((c) => c.name === "值班群組")).toBe(false);

    await page.getByRole("button", { name: "傳送測試: 釘釘群組" }).click();
    const result = page.locator("[data-test-result]");
    await expect.poll(() => result.getAttribute("data-test-result"), { timeout: 15_000 }).toBe("ok");
    expect(await result.textContent()).toBe("測試訊息已送達「釘釘群組」。");
    const got = received.at(-1)!;
    const url = new URL(got.url, "http://receiver");
    const ts = url.searchParams.get("timestamp") ?? "";
    expect(url.searchParams.get("sign")).toBe(createHmac("sha256", SECRET).update(`${ts}\n${SECRET}`).digest("base64"));
    expect(JSON.parse(got.body).msgtype).toBe("markdown");

    await page.getByRole("button", { name: "刪除: 釘釘群組" }).click();
    await expect.poll(() => page.locator(`tr[data-contact-point="釘釘群組"]`).count(), { timeout: 10_000 }).toBe(0);
    expect((await contactPoints(office)).some((c) => c.name === "釘釘群組")).toBe(false);
    await page.context().close();
  });

  it("English: the process office moves a policy up in routing order and edits its group wait; edits and deletes an escalation policy", async () => {
    const office = await login(server.url, "office@example.com");
    const cp = await gql(server.url, `mutation { createContactPoint(input: { name: "Route inbox", kind: IN_APP }) { id } }`, {}, office);
    for (const name of ["First route", "Second route"])
      await gql(
        server.url,
        `mutation($c: ID!, $n: String) { createNotificationPolicy(input: { name: $n, contactPointId: $c }) { id } }`,
        { c: cp.createContactPoint.id, n: name },
        office,
      );
    const order = async () =>
      (await gql<{ notificationPolicies: { name: string; groupWaitSeconds: number }[] }>(server.url, `{ notificationPolicies { name groupWaitSeconds } }`, {}, office))
        .notificationPolicies;
    const rank = (list: { name: string }[]) => list.map((p) => p.name).filter((n) => n === "First route" || n === "Second route");
    expect(rank(await order())).toEqual(["First route", "Second route"]);

    const page = await newPage(browser);
    page.on("dialog", (d) => void d.accept());
    await signIn(page, server.url, "office@example.com", "/notifications?tab=policies&lang=en");
    await page.locator(`li[data-policy="Second route"]`).waitFor({ timeout: 10_000 });
    await page.getByRole("button", { name: "Move up: Second route" }).click();
    await expect.poll(async () => rank(await order()), { timeout: 10_000 }).toEqual(["Second route", "First route"]);
    await expect
      .poll(async () => (await page.locator("li[data-policy]").evaluateAll((els) => els.map((e) => e.getAttribute("data-policy")))).filter((n) => n?.endsWith(" route")), {
        timeout: 10_000,
      })
      .toEqual(["Second route", "First route"]);

    await page.getByRole("button", { name: "Edit: First route" }).click();
    const form = page.locator(`form[data-editing="First route"]`);
    await form.waitFor();
    await form.getByLabel("Group wait (s)").fill("45");
    await form.getByRole("button", { name: "Save" }).click();
    await expect.poll(async () => (await order()).find((p) => p.name === "First route")?.groupWaitSeconds, { timeout: 10_000 }).toBe(45);

    // Escalation: created through the API, edited (another step time) and deleted in the page.
    await gql(
      server.url,
      `mutation($c: ID!) { createEscalationPolicy(input: { name: "HR escalation", category: HR, steps: [{ afterMinutes: 15, contactPointId: $c }] }) { id } }`,
      { c: cp.createContactPoint.id },
      office,
    );
    await page.getByRole("link", { name: "Escalation", exact: true }).click();
    await page.locator(`tr[data-escalation="HR escalation"]`).waitFor({ timeout: 10_000 });
    await page.getByRole("button", { name: "Edit: HR escalation" }).click();
    const esc = page.locator(`form[data-editing="HR escalation"]`);
    await esc.waitFor();
    await esc.getByLabel("After (minutes)").fill("20");
    await esc.getByRole("button", { name: "Save" }).click();
    const steps = async () =>
      (
        await gql<{ escalationPolicies: { name: string; category: string; steps: { afterMinutes: number }[] }[] }>(
          server.url,
          `{ escalationPolicies { name category steps { afterMinutes } } }`,
          {},
          office,
        )
      ).escalationPolicies;
    await expect.poll(async () => (await steps()).find((p) => p.category === "HR")?.steps.map((s) => s.afterMinutes), { timeout: 10_000 }).toEqual([20]);
    await page.getByRole("button", { name: "Delete: HR escalation" }).click();
    await expect.poll(async () => (await steps()).some((p) => p.category === "HR"), { timeout: 10_000 }).toBe(false);
    await page.context().close();
  });

  it("zh-Hant: an employee opts into the daily digest at 07:00 on My settings and the API reads it back", async () => {
    const employee = await login(server.url, "employee@example.com");
    const page = await newPage(browser, { locale: "zh-TW" });
    await signIn(page, server.url, "employee@example.com", "/settings?lang=zh-Hant");
    await page.getByText("每日摘要", { exact: true }).waitFor({ timeout: 10_000 });
    await page.getByLabel("每天寄一封我可查看的未解除警示摘要給我，時間").check();
    await page.getByLabel("每日摘要的時間（時）").selectOption("7");
    await page.getByRole("button", { name: "儲存" }).click();
    await page.getByText("已儲存。").waitFor({ timeout: 10_000 });
    const me = await gql<{ me: { user: { id: string } } }>(server.url, `{ me { user { id } } }`, {}, employee);
    const read = await gql(server.url, `query($id: ID!) { node(id: $id) { ... on User { dailyDigest { enabled hour } } } }`, { id: me.me.user.id }, employee);
    expect(read.node.dailyDigest).toEqual({ enabled: true, hour: 7 });
    await page.context().close();
  });

  it("English: the delivery log narrows to one alert's deliveries and back", async () => {
    const office = await login(server.url, "office@example.com");
    // A policy with no matchers sends every alert event to the in-app inbox (the routes above are there too).
    const cp = await gql(server.url, `mutation { createContactPoint(input: { name: "Log inbox", kind: IN_APP }) { id } }`, {}, office);
    await gql(server.url, `mutation($c: ID!) { createNotificationPolicy(input: { name: "Everything", contactPointId: $c }) { id } }`, { c: cp.createContactPoint.id }, office);
    const ids = await indicatorIds(server.url, office);
    const feed = await ingestToken(server.url, [ids["HR-01"]!, ids["HR-02"]!]);
    await recordReadings(server.url, feed, [
      { indicatorId: ids["HR-01"]!, value: BREACHES["HR-01"]!, key: "e2e-log-1" },
      { indicatorId: ids["HR-02"]!, value: BREACHES["HR-02"]!, key: "e2e-log-2" },
    ]);
    const page = await newPage(browser);
    await signIn(page, server.url, "office@example.com", "/notifications?tab=deliveries&lang=en");
    const alertsShown = () => page.locator("tr[data-delivery] td a[href^='/alerts?alert=']").evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute("href")))]);
    await expect.poll(async () => (await alertsShown()).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    const first = page
      .locator("tr[data-delivery]")
      .filter({ has: page.getByRole("button", { name: "Only this alert" }) })
      .first();
    const href = await first.locator("a[href^='/alerts?alert=']").getAttribute("href");
    await first.getByRole("button", { name: "Only this alert" }).click();
    await page.waitForURL((u) => u.searchParams.has("alert"));
    await expect.poll(alertsShown, { timeout: 10_000 }).toEqual([href]);
    await page.getByRole("button", { name: "All alerts" }).click();
    await expect.poll(async () => (await alertsShown()).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    await page.context().close();
  });
});
