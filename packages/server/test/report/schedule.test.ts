/**
 * §6.3.1 reports sent on a schedule: a cron schedule of the finance unit's report, due-time checked
 * with a fake clock, run by two workers at once, sends once: one email with the PDF attached
 * (its text holds the indicator names), one inbox message with the link; "send now" likewise.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDueSchedules, type SendDeps } from "../../src/modules/report/schedule.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { type SmtpReceiver, startSmtpReceiver } from "../helpers/receivers.js";

let t: TestApp;
let smtp: SmtpReceiver;
let office: string;
let fin: { id: string; gid: string };
let cps: string[];
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString("base64");

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  smtp = await startSmtpReceiver();
  // "Send now" goes through the API, which mails through SMTP_URL.
  process.env.SMTP_URL = smtp.url;
  office = await t.login("office@example.com");
  const unit = await t.db.prisma.orgUnit.findUniqueOrThrow({ where: { code: "FIN" } });
  fin = { id: unit.id, gid: gid("OrgUnit", unit.id) };
  const made = await t.gql(
    `mutation { mail: createContactPoint(input: { name: "財務月報信箱", kind: EMAIL, email: { to: ["cfo@example.test"] } }) { id }
      inbox: createContactPoint(input: { name: "財務月報收件匣", kind: IN_APP }) { id } }`,
    {},
    office,
  );
  expect(made.errors).toBeUndefined();
  cps = [made.data.mail.id, made.data.inbox.id];
}, 120_000);
afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp?.close();
  await t?.close();
});

const deps = (): SendDeps => ({ publicUrl: "http://dashboard.test", mail: { smtpUrl: smtp.url, from: "Control Room <cr@example.test>" }, publish: () => {} });

/** The base64 PDF part of a raw MIME message, decoded. */
function pdfAttachment(raw: string): Buffer {
  const part = raw.split(/\r?\n--/).find((p) => /Content-Type: application\/pdf/i.test(p));
  if (!part) throw new Error("no PDF attachment");
  const body = part
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join("\n");
  return Buffer.from(body.replace(/[^A-Za-z0-9+/=]/g, ""), "base64");
}

describe("§6.3.1 report schedules", () => {
  it("refuses a cron that is not one (BAD_USER_INPUT naming cron), one firing every minute, and an unknown time zone", async () => {
    const make = (cron: string, tz = "Asia/Taipei") =>
      t.gql(
        `mutation($u: ID!, $c: String!, $z: String, $p: [ID!]!) { createReportSchedule(input: { unitId: $u, cron: $c, timeZone: $z, contactPointIds: $p }) { id } }`,
        { u: fin.gid, c: cron, z: tz, p: cps },
        office,
      );
    expect((await make("every month")).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "cron" });
    expect((await make("* * * * *")).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "cron" });
    expect((await make("0 8 1 * *", "Mars/Olympus")).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "timeZone" });
    const employee = await t.login("employee@example.com");
    const denied = await t.gql(
      `mutation($u: ID!, $p: [ID!]!) { createReportSchedule(input: { unitId: $u, cron: "0 8 1 * *", contactPointIds: $p }) { id } }`,
      { u: fin.gid, p: cps },
      employee,
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("failure pinned: no report was ever sent on a schedule — due at 08:00 on the 1st (Taipei), two workers at once send it once: one mail with the PDF, one inbox message", async () => {
    const made = await t.gql(
      `mutation($u: ID!, $p: [ID!]!) { createReportSchedule(input: { unitId: $u, cron: "0 8 1 * *", timeZone: "Asia/Taipei", periodKind: MONTH, format: PDF, contactPointIds: $p }) { id nextRunAt contactPoints { name } } }`,
      { u: fin.gid, p: cps },
      office,
    );
    expect(made.errors).toBeUndefined();
    const s = made.data.createReportSchedule;
    const due = new Date(s.nextRunAt);
    // 08:00 in Taipei is 00:00 UTC, on the 1st.
    expect([due.getUTCDate(), due.getUTCHours(), due.getUTCMinutes()]).toEqual([1, 0, 0]);
    // Not due a second early.
    expect(await runDueSchedules(t.db.prisma, deps(), new Date(due.getTime() - 1000))).toBe(0);
    const at = new Date(due.getTime() + 1000);
    const ran = await Promise.all([runDueSchedules(t.db.prisma, deps(), at), runDueSchedules(t.db.prisma, deps(), at)]);
    expect(ran.sort()).toEqual([0, 1]);
    expect(await runDueSchedules(t.db.prisma, deps(), at)).toBe(0);

    const runs = await t.db.prisma.reportRun.findMany({ where: { scheduleId: s.id } });
    expect(runs).toHaveLength(1);
    const month = new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    expect(runs[0]).toMatchObject({ period: month, ok: true, format: "PDF" });
    const mails = smtp.messages.filter((m) => m.to.includes("cfo@example.test"));
    expect(mails).toHaveLength(1);
    const dir = mkdtempSync(join(tmpdir(), "cr-mail-"));
    writeFileSync(join(dir, "r.pdf"), pdfAttachment(mails[0]!.raw));
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", join(dir, "r.pdf"), "-"], { encoding: "utf8" });
    const names = await t.db.prisma.indicator.findMany({
      where: { process: { ownerUnitId: fin.id, classification: { in: ["PUBLIC", "INTERNAL"] } }, kind: { not: "RISK" }, archivedAt: null },
    });
    for (const n of names) expect(text).toContain(n.name);
    expect(text).toContain(`部門報告 ${month}`);
    // The inbox contact point names nobody: the finance head and the process office get the link.
    const head = await t.login("finance.head@example.com");
    const inbox = await t.gql(`{ notifications(first: 20) { edges { node { subject body } } } }`, {}, head);
    const ours = inbox.data.notifications.edges.map((e: any) => e.node).filter((n: any) => n.subject === `財務部 部門報告 ${month}`);
    expect(ours).toHaveLength(1);
    expect(ours[0].body).toContain(`http://dashboard.test/reports/units/FIN/${month}.pdf`);
    // The next slot is a month on.
    const next = (await t.db.prisma.reportSchedule.findUniqueOrThrow({ where: { id: s.id } })).nextRunAt;
    expect(next.getTime()).toBeGreaterThan(due.getTime() + 27 * 86_400_000);
  });

  it("sendUnitReport sends at once and records each contact point's outcome; deleteReportSchedule stops it", async () => {
    const period = (await t.db.prisma.evaluation.findFirstOrThrow({ where: { status: "DRAFT" } })).period;
    const before = smtp.messages.length;
    const sent = await t.gql(
      `mutation($u: ID!, $p: [ID!]!, $m: String!) { sendUnitReport(input: { unitId: $u, period: $m, format: CSV, contactPointIds: $p }) { ok period format results { ok error contactPoint { name } } } }`,
      { u: fin.gid, p: cps, m: period },
      office,
    );
    expect(sent.errors).toBeUndefined();
    expect(sent.data.sendUnitReport).toMatchObject({ ok: true, period, format: "CSV" });
    expect(sent.data.sendUnitReport.results.map((r: any) => r.contactPoint.name)).toEqual(["財務月報信箱", "財務月報收件匣"]);
    expect(smtp.messages.length).toBe(before + 1);
    expect(smtp.messages.at(-1)!.raw).toMatch(/Content-Type: text\/csv/i);
    const list = await t.gql(`{ reportSchedules { id } }`, {}, office);
    const id = list.data.reportSchedules[0].id;
    const del = await t.gql(`mutation($id: ID!) { deleteReportSchedule(id: $id) { id } }`, { id }, office);
    expect(del.errors).toBeUndefined();
    expect((await t.gql(`{ reportSchedules { id } }`, {}, office)).data.reportSchedules).toEqual([]);
  });
});
