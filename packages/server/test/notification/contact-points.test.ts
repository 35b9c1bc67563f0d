/**
 * §6.2.2 contact points of every kind and every webhook format, created, tested ("send test"),
 * edited and deleted through the API against a real webhook receiver and a real SMTP server on
 * loopback; each chat tool's message shape and signing scheme checked on what the receiver got.
 * And notification policies edited and reordered (routing order).
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { startSmtpReceiver, startWebhookReceiver, type SmtpReceiver, type WebhookReceiver } from "../helpers/receivers.js";

let t: TestApp;
let smtp: SmtpReceiver;
let hook: WebhookReceiver;
let office: string;
const saved = { SMTP_URL: process.env.SMTP_URL, PUBLIC_URL: process.env.PUBLIC_URL };
const SECRET = "SEC0123456789abcdef";

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  hook = await startWebhookReceiver();
  process.env.SMTP_URL = smtp.url;
  process.env.PUBLIC_URL = "http://dashboard.example.test";
  t = await createTestApp({ readingsDays: 1 });
  office = await t.login("office@example.com");
}, 120_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
  await hook?.close();
  for (const [k, v] of Object.entries(saved))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
});

const CP_FIELDS = `id name kind language deletedAt email { to } webhook { url format hasSecret } inAppUserIds`;
const create = (input: Record<string, unknown>) => t.gql(`mutation($i: CreateContactPointInput!) { createContactPoint(input: $i) { ${CP_FIELDS} } }`, { i: input }, office);
const update = (input: Record<string, unknown>) => t.gql(`mutation($i: UpdateContactPointInput!) { updateContactPoint(input: $i) { ${CP_FIELDS} } }`, { i: input }, office);
const test = (id: string) => t.gql(`mutation($id: ID!) { testContactPoint(id: $id) { ok error delivery { status reason } } }`, { id }, office);
const listed = async () => (await t.gql(`{ contactPoints { id } }`, {}, office)).data.contactPoints.map((c: { id: string }) => c.id) as string[];

/** What each tool must get: its message shape, its signature, the link and the language's words. */
function checkFormat(format: string, got: WebhookReceiver["received"][number], words: RegExp) {
  const body = JSON.parse(got.body);
  const url = new URL(got.url, "http://receiver");
  const text = JSON.stringify(body);
  expect(text).toMatch(/dashboard\.example\.test\/alerts\?alert=/);
  expect(text).toMatch(words);
  switch (format) {
    case "GENERIC":
      expect(body).toMatchObject({ alert: { id: "test", level: "WARNING" }, event: { type: "TEST" }, test: true });
      expect(got.headers["x-signature"]).toBe(`sha256=${createHmac("sha256", SECRET).update(got.body).digest("hex")}`);
      break;
    case "SLACK":
      expect(typeof body.text).toBe("string");
      break;
    case "TEAMS":
      expect(body["@type"]).toBe("MessageCard");
      expect(body.potentialAction[0].targets[0].uri).toMatch(/\/alerts\?alert=test$/);
      break;
    case "WECOM":
      // WeCom has no signature: the robot's key in the address is its credential.
      expect(url.searchParams.get("key")).toBe(SECRET);
      expect(body.msgtype).toBe("markdown");
      break;
    case "DINGTALK": {
      const ts = url.searchParams.get("timestamp")!;
      expect(url.searchParams.get("sign")).toBe(createHmac("sha256", SECRET).update(`${ts}\n${SECRET}`).digest("base64"));
      expect(body.msgtype).toBe("markdown");
      break;
    }
    case "FEISHU":
      expect(body.sign).toBe(createHmac("sha256", `${body.timestamp}\n${SECRET}`).update("").digest("base64"));
      expect(body.msg_type).toBe("text");
      break;
  }
}

describe("§6.2.2 contact points of every kind: create, send test, edit, delete", () => {
  it.each(["GENERIC", "SLACK", "TEAMS", "WECOM", "DINGTALK", "FEISHU"])(
    "failure pinned: a %s webhook could not be edited, and a deleted one stayed listed and usable — signed as the tool expects, in its language, before and after an edit",
    async (format) => {
      const c = await create({ name: `${format} chat`, kind: "WEBHOOK", webhook: { url: `${hook.url}/${format}`, format, secret: SECRET } });
      expect(c.errors).toBeUndefined();
      const id = c.data.createContactPoint.id;
      const before = hook.received.length;
      expect((await test(id)).data.testContactPoint).toEqual({ ok: true, error: null, delivery: { status: "SENT", reason: "TEST" } });
      expect(hook.received.length).toBe(before + 1);
      checkFormat(format, hook.received.at(-1)!, /測試通知/);

      // Edited: renamed, English, no secret given (kept).
      const e = await update({ id, name: `${format} chat (EN)`, kind: "WEBHOOK", language: "EN", webhook: { url: `${hook.url}/${format}`, format } });
      expect(e.errors).toBeUndefined();
      expect(e.data.updateContactPoint).toMatchObject({ name: `${format} chat (EN)`, language: "EN", webhook: { format, hasSecret: true } });
      expect((await test(id)).data.testContactPoint.ok).toBe(true);
      checkFormat(format, hook.received.at(-1)!, /test notification/);

      const d = await t.gql(`mutation($id: ID!) { deleteContactPoint(id: $id) { id } }`, { id }, office);
      expect(d.errors).toBeUndefined();
      expect(await listed()).not.toContain(id);
      expect((await test(id)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      const policy = await t.gql(`mutation($c: ID!) { createNotificationPolicy(input: { contactPointId: $c }) { id } }`, { c: id }, office);
      expect(policy.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      // Still readable where the delivery log names it.
      const node = await t.gql(`query($id: ID!) { node(id: $id) { ... on ContactPoint { name deletedAt } } }`, { id }, office);
      expect(node.data.node.deletedAt).not.toBeNull();
    },
  );

  it("an EMAIL contact point: send test reaches the SMTP server; edited recipients receive the next one", async () => {
    const c = await create({ name: "On call", kind: "EMAIL", email: { to: ["a@example.test"] } });
    const id = c.data.createContactPoint.id;
    expect((await test(id)).data.testContactPoint.ok).toBe(true);
    expect(smtp.messages.at(-1)!.to).toEqual(["a@example.test"]);
    const e = await update({ id, name: "On call", kind: "EMAIL", email: { to: ["b@example.test", "c@example.test"] } });
    expect(e.data.updateContactPoint.email).toEqual({ to: ["b@example.test", "c@example.test"] });
    expect((await test(id)).data.testContactPoint.ok).toBe(true);
    expect(smtp.messages.at(-1)!.to.sort()).toEqual(["b@example.test", "c@example.test"]);
    const bad = await update({ id, name: "On call", kind: "EMAIL", email: { to: ["not an address"] } });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "email.to" });
    expect((await t.db.prisma.contactPoint.findFirstOrThrow({ where: { name: "On call" } })).emailTo).toEqual(["b@example.test", "c@example.test"]);
  });

  it("an IN_APP contact point: send test reaches the tester's inbox; edited to other people; deleting one a policy uses is refused", async () => {
    const headRow = await t.db.prisma.user.findUniqueOrThrow({ where: { email: "finance.head@example.com" } });
    const head = { id: Buffer.from(`User:${headRow.id}`).toString("base64") };
    const c = await create({ name: "Inbox", kind: "IN_APP", inApp: { userIds: [] } });
    const id = c.data.createContactPoint.id;
    const unread = async () => (await t.gql(`{ notifications(first: 50) { totalCount } }`, {}, office)).data.notifications.totalCount;
    const n = await unread();
    expect((await test(id)).data.testContactPoint.ok).toBe(true);
    expect(await unread()).toBe(n + 1);
    const e = await update({ id, name: "Finance head's inbox", kind: "IN_APP", inApp: { userIds: [head.id] } });
    expect(e.data.updateContactPoint).toMatchObject({ name: "Finance head's inbox", inAppUserIds: [headRow.id] });
    const p = await t.gql(`mutation($c: ID!) { createNotificationPolicy(input: { contactPointId: $c }) { id } }`, { c: id }, office);
    const refused = await t.gql(`mutation($id: ID!) { deleteContactPoint(id: $id) { id } }`, { id }, office);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "id" });
    expect(await listed()).toContain(id);
    await t.gql(`mutation($id: ID!) { deleteNotificationPolicy(id: $id) { id } }`, { id: p.data.createNotificationPolicy.id }, office);
    expect((await t.gql(`mutation($id: ID!) { deleteContactPoint(id: $id) { id } }`, { id }, office)).errors).toBeUndefined();
  });

  it("an employee may not edit a contact point (FORBIDDEN, nothing changed)", async () => {
    const c = await create({ name: "Guarded", kind: "IN_APP" });
    const employee = await t.login("employee@example.com");
    const r = await t.gql(
      `mutation($i: UpdateContactPointInput!) { updateContactPoint(input: $i) { id } }`,
      { i: { id: c.data.createContactPoint.id, name: "Mine", kind: "IN_APP" } },
      employee,
    );
    expect(r.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(await t.db.prisma.contactPoint.count({ where: { name: "Mine" } })).toBe(0);
  });
});

describe("§6.2.2 notification policies edited and reordered", () => {
  it("failure pinned: a policy could only be deleted and re-created, and routing order not changed — edited in place, reordered, refused input names the field", async () => {
    const cp = (await create({ name: "Route target", kind: "IN_APP" })).data.createContactPoint.id;
    const mk = async (name: string) =>
      (await t.gql(`mutation($c: ID!, $n: String) { createNotificationPolicy(input: { name: $n, contactPointId: $c }) { id } }`, { c: cp, n: name }, office)).data
        .createNotificationPolicy.id as string;
    const [a, b, c] = [await mk("A"), await mk("B"), await mk("C")];
    const fin = (await t.gql(`{ process(code: "P-FIN") { id } }`, {}, office)).data.process.id;
    const e = await t.gql(
      `mutation($i: UpdateNotificationPolicyInput!) { updateNotificationPolicy(input: $i) { name matchers { levels riskCategories processIds } groupBy groupWaitSeconds repeatIntervalSeconds muteTimings { dates weekdays } } }`,
      {
        i: {
          id: b,
          name: "B2",
          matchers: { levels: ["CRITICAL"], riskCategories: ["FINANCIAL"], processIds: [fin] },
          groupBy: ["process"],
          groupWaitSeconds: 30,
          muteTimings: [{ dates: ["2027-01-01"], weekdays: [0, 6] }],
        },
      },
      office,
    );
    expect(e.errors).toBeUndefined();
    expect(e.data.updateNotificationPolicy).toMatchObject({
      name: "B2",
      matchers: { levels: ["CRITICAL"], riskCategories: ["FINANCIAL"], processIds: [Buffer.from(fin, "base64").toString().split(":")[1]] },
      groupBy: ["process"],
      groupWaitSeconds: 30,
      repeatIntervalSeconds: 14400, // left out: unchanged
      muteTimings: [{ dates: ["2027-01-01"], weekdays: [0, 6] }],
    });
    const bad = await t.gql(`mutation($i: UpdateNotificationPolicyInput!) { updateNotificationPolicy(input: $i) { id } }`, { i: { id: b, groupIntervalSeconds: -1 } }, office);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "groupIntervalSeconds" });

    const order = async () =>
      ((await t.gql(`{ notificationPolicies { id } }`, {}, office)).data.notificationPolicies as { id: string }[]).map((p) => p.id).filter((id) => [a, b, c].includes(id));
    expect(await order()).toEqual([a, b, c]);
    const r = await t.gql(`mutation($ids: [ID!]!) { reorderNotificationPolicies(ids: $ids) { id position } }`, { ids: [c, a, b] }, office);
    expect(r.errors).toBeUndefined();
    expect(r.data.reorderNotificationPolicies.map((p: any) => p.position)).toEqual([0, 1, 2]);
    expect(await order()).toEqual([c, a, b]);
    const dup = await t.gql(`mutation($ids: [ID!]!) { reorderNotificationPolicies(ids: $ids) { id } }`, { ids: [a, a] }, office);
    expect(dup.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "ids" });
  });
});
