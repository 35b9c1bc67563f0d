/**
 * §6.2.2 / §4.4.1 / §2.1.2: warnings reach people who are not looking — through a real SMTP server
 * and a real HTTP webhook receiver started here, from the outbox written with the alert event.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { startSmtpReceiver, startWebhookReceiver, until, type SmtpReceiver, type WebhookReceiver } from "../helpers/receivers.js";

let t: TestApp;
let smtp: SmtpReceiver;
let hook: WebhookReceiver;
let office: string;
let processId: string;
const SECRET = "generic-signing-secret";
const saved = { SMTP_URL: process.env.SMTP_URL, MAIL_FROM: process.env.MAIL_FROM, PUBLIC_URL: process.env.PUBLIC_URL };

/** A new indicator of P-ADM with a WARNING rule above 90, through the API. */
async function indicatorWithRule(code: string, name: string): Promise<string> {
  const ind = await t.gql(
    `mutation($p: ID!, $c: String!, $n: String!) { createIndicator(input: { processId: $p, code: $c, name: $n, unit: "%", kind: EFFICIENCY, direction: LOWER_IS_BETTER, target: 60 }) { id } }`,
    { p: processId, c: code, n: name },
    office,
  );
  expect(ind.errors).toBeUndefined();
  const id = ind.data.createIndicator.id;
  const r = await t.gql(
    `mutation($i: ID!) { createThresholdRule(input: { indicatorId: $i, kind: THRESHOLD, level: WARNING, comparator: ABOVE, value: 90 }) { id } }`,
    { i: id },
    office,
  );
  expect(r.errors).toBeUndefined();
  return id;
}

const breach = (indicatorId: string, key: string) =>
  t.gql(`mutation($i: ID!, $k: String!) { recordReadings(input: { readings: [{ indicatorId: $i, value: 97, key: $k }] }) { alertEvents } }`, { i: indicatorId, k: key }, office);

const deliveries = (filter: Record<string, unknown> = {}, token = office) =>
  t.gql(
    `query($f: NotificationDeliveryFilter) { notificationDeliveries(first: 50, filter: $f) { totalCount edges { node { id status attempts lastError reason sentAt contactPoint { name kind } alert { id level } attemptLog { ok error } } } } }`,
    { f: filter },
    token,
  );

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  hook = await startWebhookReceiver();
  process.env.SMTP_URL = smtp.url;
  process.env.MAIL_FROM = "Control Room <alerts@example.test>";
  process.env.PUBLIC_URL = "http://dashboard.example.test";
  // The sender polls at its default (DELIVERY_POLL_MS 1000), as a deployment runs it: "within 2 s" is measured on that.
  t = await createTestApp({ readingsDays: 1, deliveryPollMs: 1000, deliveryRetryBaseMs: 100 });
  office = await t.login("office@example.com");
  processId = (await t.gql(`{ process(code: "P-ADM") { id } }`, {}, office)).data.process.id;
  const email = await t.gql(
    `mutation { createContactPoint(input: { name: "Finance on call", kind: EMAIL, language: EN, email: { to: ["oncall@example.test"] } }) { id kind email { to } } }`,
    {},
    office,
  );
  expect(email.errors).toBeUndefined();
  const webhook = await t.gql(
    `mutation($u: String!, $s: String!) { createContactPoint(input: { name: "Ops chat", kind: WEBHOOK, webhook: { url: $u, format: GENERIC, secret: $s } }) { id webhook { url format hasSecret } } }`,
    { u: hook.url, s: SECRET },
    office,
  );
  expect(webhook.errors).toBeUndefined();
  expect(webhook.data.createContactPoint.webhook).toMatchObject({ format: "GENERIC", hasSecret: true });
  for (const cp of [email.data.createContactPoint.id, webhook.data.createContactPoint.id]) {
    const p = await t.gql(
      `mutation($c: ID!, $p: ID!) { createNotificationPolicy(input: { contactPointId: $c, matchers: { levels: [WARNING, CRITICAL], processIds: [$p] }, groupWaitSeconds: 0 }) { id groupWaitSeconds matchers { levels } } }`,
      { c: cp, p: processId },
      office,
    );
    expect(p.errors).toBeUndefined();
  }
}, 120_000);

afterAll(async () => {
  await t?.close();
  await smtp?.close();
  await hook?.close();
  Object.assign(process.env, saved);
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
});

describe("§6.2.2 a breach reaches email and a webhook once", () => {
  it("failure pinned: nothing delivered a warning — one email and one signed GENERIC webhook per breach, with a link to the alert", async () => {
    const indicatorId = await indicatorWithRule("NTF-1", "會議室逾時率");
    const r = await breach(indicatorId, "ntf-1");
    expect(r.data.recordReadings.alertEvents).toBe(1);
    await until(() => smtp.messages.length >= 1 && hook.received.length >= 1, "the email and the webhook");
    // Both rows SENT, then several more worker passes (3 s at 1 s polls): still exactly one of each.
    await until(async () => (await deliveries({ status: ["SENT"] })).data.notificationDeliveries.totalCount === 2, "two SENT deliveries");
    await new Promise((res) => setTimeout(res, 3000));
    expect(smtp.messages).toHaveLength(1);
    expect(hook.received).toHaveLength(1);
    // "Within 2 s" (issue 12, Done when): each receiver got it at most 2 s after the alert event (its time in the body).
    const firedAt = Date.parse(JSON.parse(hook.received[0]!.body).event.at);
    expect(hook.received[0]!.at - firedAt).toBeLessThanOrEqual(2000);
    expect(smtp.messages[0]!.at - firedAt).toBeLessThanOrEqual(2000);

    const mail = smtp.messages[0]!;
    expect(mail.to).toEqual(["oncall@example.test"]);
    expect(mail.raw).toMatch(/alerts@example\.test/);
    expect(mail.raw).toMatch(/Warning/);

    const got = hook.received[0]!;
    expect(got.headers["x-signature"]).toBe(`sha256=${createHmac("sha256", SECRET).update(got.body).digest("hex")}`);
    const body = JSON.parse(got.body);
    expect(body.alert).toMatchObject({ level: "WARNING", state: "FIRING", source: "THRESHOLD_RULE" });
    expect(typeof body.alert.id).toBe("string");
    expect(typeof body.alert.message).toBe("string");
    expect(body.event).toMatchObject({ type: "FIRED" });
    expect(body.event.id).toMatch(/^\d+$/);
    expect(new Date(body.event.at).toString()).not.toBe("Invalid Date");
    expect(body.url).toBe(`http://dashboard.example.test/alerts?alert=${encodeURIComponent(body.alert.id)}`);
    // The email (English, as its contact point says) carries the same link (quoted-printable undone).
    expect(mail.raw.replace(/=\r?\n/g, "").replace(/=3D/g, "=")).toContain(body.url);
    // zh-Hant by default: the indicator's Chinese name in the text.
    expect(body.text).toContain("會議室逾時率");

    const log = await deliveries({ status: ["SENT"] });
    for (const { node } of log.data.notificationDeliveries.edges) {
      expect(node).toMatchObject({ status: "SENT", attempts: 1, lastError: null, reason: "FIRED", alert: { level: "WARNING" } });
      expect(node.attemptLog).toEqual([{ ok: true, error: null }]);
    }
  }, 60_000);

  it("failure pinned: a message lost while the receiver is down — retried with backoff, each attempt recorded, arrives once when it is back", async () => {
    const before = hook.received.length;
    hook.down = true;
    const indicatorId = await indicatorWithRule("NTF-2", "付款延遲率");
    await breach(indicatorId, "ntf-2");
    await until(() => hook.refused >= 2, "two refused attempts");
    const pending = (await deliveries({ status: ["PENDING", "SENDING"] })).data.notificationDeliveries.edges
      .map((e: any) => e.node)
      .filter((n: any) => n.contactPoint.kind === "WEBHOOK");
    expect(pending).toHaveLength(1);
    expect(pending[0].lastError).toMatch(/HTTP 503/);
    hook.down = false;
    await until(() => hook.received.length > before, "the webhook once it is back");
    await until(async () => (await deliveries({ status: ["PENDING", "SENDING"] })).data.notificationDeliveries.totalCount === 0, "nothing pending");
    await new Promise((res) => setTimeout(res, 500));
    const mine = hook.received.slice(before).filter((m) => JSON.parse(m.body).text.includes("付款延遲率"));
    expect(mine).toHaveLength(1);
    const node = (await deliveries({ status: ["SENT"] })).data.notificationDeliveries.edges.map((e: any) => e.node).find((n: any) => n.id === pending[0].id);
    expect(node.attempts).toBeGreaterThanOrEqual(3);
    expect(node.attemptLog.filter((a: any) => !a.ok).length).toBe(node.attempts - 1);
    expect(node.attemptLog.at(-1)).toEqual({ ok: true, error: null });
  }, 60_000);
});

describe("§6.2.2 contact points: test button, input, who reads the log", () => {
  it("testContactPoint sends a test message and logs it; an unreachable webhook says why", async () => {
    const cps = (await t.gql(`{ contactPoints { id name kind } }`, {}, office)).data.contactPoints;
    const webhook = cps.find((c: any) => c.kind === "WEBHOOK");
    const before = hook.received.length;
    const ok = await t.gql(`mutation($id: ID!) { testContactPoint(id: $id) { ok error delivery { status reason } } }`, { id: webhook.id }, office);
    expect(ok.data.testContactPoint).toEqual({ ok: true, error: null, delivery: { status: "SENT", reason: "TEST" } });
    expect(hook.received.length).toBe(before + 1);
    expect(JSON.parse(hook.received.at(-1)!.body).test).toBe(true);

    hook.down = true;
    const bad = await t.gql(`mutation($id: ID!) { testContactPoint(id: $id) { ok error delivery { status } } }`, { id: webhook.id }, office);
    hook.down = false;
    expect(bad.data.testContactPoint).toMatchObject({ ok: false, delivery: { status: "FAILED" } });
    expect(bad.data.testContactPoint.error).toMatch(/HTTP 503/);
  });

  it("bad input names the field; nothing is written", async () => {
    const count = await t.db.prisma.contactPoint.count();
    const noTo = await t.gql(`mutation { createContactPoint(input: { name: "x", kind: EMAIL, email: { to: [] } }) { id } }`, {}, office);
    expect(noTo.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "email.to" });
    const badUrl = await t.gql(`mutation { createContactPoint(input: { name: "x", kind: WEBHOOK, webhook: { url: "file:///etc/passwd", format: SLACK } }) { id } }`, {}, office);
    expect(badUrl.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "webhook.url" });
    const badGroup = await t.gql(
      `mutation($c: ID!) { createNotificationPolicy(input: { contactPointId: $c, groupBy: ["colour"] }) { id } }`,
      { c: (await t.gql(`{ contactPoints { id } }`, {}, office)).data.contactPoints[0].id },
      office,
    );
    expect(badGroup.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "groupBy" });
    expect(await t.db.prisma.contactPoint.count()).toBe(count);
  });

  it("an employee may neither read the delivery log nor configure contact points", async () => {
    const employee = await t.login("employee@example.com");
    const r = await deliveries({}, employee);
    expect(r.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const c = await t.gql(`mutation { createContactPoint(input: { name: "x", kind: IN_APP }) { id } }`, {}, employee);
    expect(c.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
