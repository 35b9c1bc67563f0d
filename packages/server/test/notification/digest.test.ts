/**
 * §6.3.1 (issue 12 item 5, "daily digest emails of open warnings per person, optional"): a person
 * opts in through `updateMySettings`, and at their hour in their time zone gets one email a day,
 * in their language, listing exactly the open warnings the API lets them read, each with its link.
 * Delivered through a real SMTP server (`smtp-server` on loopback); the clock is passed in.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendDueDigests } from "../../src/modules/notification/digest.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { startSmtpReceiver, type SmtpReceiver } from "../helpers/receivers.js";

let t: TestApp;
let smtp: SmtpReceiver;
const PUBLIC = "http://dashboard.example.test";
const deps = () => ({ mail: { smtpUrl: smtp.url, from: "Control Room <digest@example.test>" }, publicUrl: PUBLIC });
// 2026-12-02 in Taipei (UTC+8): 08:59 and 09:00 local.
const at = (hhmm: string, day = "2026-12-02") => new Date(`${day}T${hhmm}:00+08:00`);

/** A quoted-printable body as text. */
const unQuote = (raw: string) =>
  Buffer.from(
    raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, h: string) => `%${h}`),
    "latin1",
  )
    .toString()
    .replace(/(%[0-9A-F]{2})+/g, (m) => decodeURIComponent(m));
/** The alert ids a mail links to (`/alerts?alert=<id>`, the database id as the alert's other messages carry it). */
const linkedIds = (raw: string) => [...unQuote(raw).matchAll(/\/alerts\?alert=([A-Za-z0-9_-]+)/g)].map((m) => m[1]!).sort();
const dbId = (gid: string) => Buffer.from(gid, "base64").toString().split(":")[1]!;
const mailsTo = (email: string) => smtp.messages.filter((m) => m.to.includes(email));

/** The open, not inhibited, not silenced warnings the API shows this token: what the digest must list. */
async function openWarningIds(token: string): Promise<string[]> {
  const r = await t.gql(`{ wallAlerts(first: 500, inhibited: false) { edges { node { id silenced } } } }`, {}, token);
  expect(r.errors).toBeUndefined();
  return r.data.wallAlerts.edges
    .map((e: any) => e.node)
    .filter((n: any) => !n.silenced)
    .map((n: any) => dbId(n.id))
    .sort();
}

beforeAll(async () => {
  smtp = await startSmtpReceiver();
  t = await createTestApp({ readingsDays: 2 });
}, 120_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe("§6.3.1 the daily digest of open warnings", () => {
  it("is off until the person opts in; the setting is read back and bad hours are refused naming the field", async () => {
    const employee = await t.login("employee@example.com");
    const id = (await t.gql(`{ me { user { id } } }`, {}, employee)).data.me.user.id;
    const me = await t.gql(`query($id: ID!) { node(id: $id) { ... on User { dailyDigest { enabled hour } } } }`, { id }, employee);
    expect(me.data.node.dailyDigest).toEqual({ enabled: false, hour: 8 });
    // Personal: another unit's head does not read it.
    const other = await t.gql(`query($id: ID!) { node(id: $id) { ... on User { dailyDigest { enabled } } } }`, { id }, await t.login("hr.head@example.com"));
    expect(other.data.node?.dailyDigest ?? null).toBeNull();
    expect(await sendDueDigests(t.db.prisma, deps(), at("23:00"))).toBe(0);
    expect(smtp.messages).toHaveLength(0);
    const bad = await t.gql(`mutation { updateMySettings(input: { dailyDigest: { enabled: true, hour: 24 } }) { id } }`, {}, employee);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(JSON.stringify(bad.errors?.[0]?.extensions)).toMatch(/hour/);
    const stored = await t.db.prisma.digestSubscription.findFirst({ where: { user: { email: "employee@example.com" } } });
    expect(stored?.enabled ?? false).toBe(false);
  });

  it("failure pinned: no digest was ever sent — once a day per person at their hour, in their language, listing exactly what each may read", async () => {
    const employee = await t.login("employee@example.com");
    const management = await t.login("management@example.com");
    const on = await t.gql(`mutation { updateMySettings(input: { dailyDigest: { enabled: true, hour: 9 } }) { dailyDigest { enabled hour } } }`, {}, employee);
    expect(on.data.updateMySettings.dailyDigest).toEqual({ enabled: true, hour: 9 });
    const mgmtOn = await t.gql(`mutation { updateMySettings(input: { locale: "en", dailyDigest: { enabled: true, hour: 9 } }) { id } }`, {}, management);
    expect(mgmtOn.errors).toBeUndefined();
    const employeeSees = await openWarningIds(employee);
    const managementSees = await openWarningIds(management);
    expect(employeeSees.length).toBeGreaterThan(0);
    // The seed holds warnings management reads and the finance employee may not: the read rule decides.
    expect(managementSees.filter((id) => !employeeSees.includes(id)).length).toBeGreaterThan(0);

    expect(await sendDueDigests(t.db.prisma, deps(), at("08:59"))).toBe(0);
    expect(smtp.messages).toHaveLength(0);
    // Two replicas' passes at 09:00 and one more at 09:30: each person's digest once.
    const sent = await Promise.all([sendDueDigests(t.db.prisma, deps(), at("09:00")), sendDueDigests(t.db.prisma, deps(), at("09:00"))]);
    expect(sent[0]! + sent[1]!).toBe(2);
    expect(await sendDueDigests(t.db.prisma, deps(), at("09:30"))).toBe(0);
    expect(mailsTo("employee@example.com")).toHaveLength(1);
    expect(mailsTo("management@example.com")).toHaveLength(1);
    expect(smtp.messages).toHaveLength(2);

    const zh = mailsTo("employee@example.com")[0]!.raw;
    const en = mailsTo("management@example.com")[0]!.raw;
    expect(linkedIds(zh)).toEqual(employeeSees);
    expect(linkedIds(en)).toEqual(managementSees);
    // The subject in each one's language (MIME-encoded words decoded by their charset).
    const subject = (raw: string) => {
      const line = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(raw)![1]!;
      return line
        .replace(/\r?\n[ \t]/g, "")
        .replace(/=\?utf-8\?([BQ])\?(.*?)\?=\s*/gi, (_m, enc: string, text: string) =>
          enc.toUpperCase() === "B" ? Buffer.from(text, "base64").toString("utf8") : decodeURIComponent(text.replace(/_/g, " ").replace(/=([0-9A-F]{2})/gi, "%$1")),
        );
    };
    expect(subject(zh)).toContain(`${employeeSees.length} 則未解除警示`);
    expect(subject(en)).toContain(`${managementSees.length} open warning`);
    expect(en).toContain(`${PUBLIC}/alerts?alert=`);

    // The next local day at 09:00: one more each.
    expect(await sendDueDigests(t.db.prisma, deps(), at("09:00", "2026-12-03"))).toBe(2);
    expect(mailsTo("employee@example.com")).toHaveLength(2);

    // Opted out: none the day after.
    await t.gql(`mutation { updateMySettings(input: { dailyDigest: { enabled: false } }) { id } }`, {}, employee);
    expect(await sendDueDigests(t.db.prisma, deps(), at("10:00", "2026-12-04"))).toBe(1);
    expect(mailsTo("employee@example.com")).toHaveLength(2);
  });

  it("a mail server that refuses is retried at a later check and the digest arrives once", async () => {
    const head = await t.login("finance.head@example.com");
    await t.gql(`mutation { updateMySettings(input: { dailyDigest: { enabled: true, hour: 7 } }) { id } }`, {}, head);
    const down = { mail: { smtpUrl: "smtp://127.0.0.1:9", from: "x@example.test" }, publicUrl: PUBLIC };
    const day = "2026-12-10";
    expect(await sendDueDigests(t.db.prisma, down, at("07:00", day))).toBe(0);
    const row = await t.db.prisma.dailyDigest.findFirstOrThrow({ where: { user: { email: "finance.head@example.com" }, day } });
    expect(row).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(row.lastError).toBeTruthy();
    // Before its retry time nothing is tried; after it, sent once.
    expect(await sendDueDigests(t.db.prisma, deps(), at("07:01", day))).toBe(0);
    expect(await sendDueDigests(t.db.prisma, deps(), at("07:06", day))).toBe(1);
    expect(await sendDueDigests(t.db.prisma, deps(), at("08:00", day))).toBe(0);
    expect(mailsTo("finance.head@example.com")).toHaveLength(1);
    expect(await t.db.prisma.dailyDigest.findFirstOrThrow({ where: { id: row.id } })).toMatchObject({ status: "SENT", attempts: 2, lastError: null });
  });
});
