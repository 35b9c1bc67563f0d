/**
 * §6.2.2 and §2.1.2 routing through the real outbox, with a fake clock passed to the passes:
 * inhibition, repeat interval while still firing, mute timings, escalation until acknowledged,
 * silences listed, changed and ended.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAlertEvents, alertContexts } from "../../src/modules/alerting/engine/events.js";
import { enqueueEscalations, enqueueRepeats } from "../../src/modules/notification/passes.js";
import { deliverDue } from "../../src/modules/notification/worker.js";
import { startWebhookReceiver } from "../helpers/receivers.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createIndicator, createWorld, type World } from "../alerting/fixtures.js";

let t: TestApp;
let world: World;
let office: string;
const prisma = () => t.db.prisma;

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  world = await createWorld(t.db.prisma);
  office = await t.login("office@example.com");
}, 120_000);
afterAll(() => t?.close());

/** A contact point and a policy for this test's process, through the API. */
async function routeTo(name: string, extra = "") {
  const cp = await t.gql(
    `mutation($n: String!) { createContactPoint(input: { name: $n, kind: WEBHOOK, webhook: { url: "http://127.0.0.1:9/none", format: SLACK } }) { id } }`,
    { n: name },
    office,
  );
  const cpId = cp.data.createContactPoint.id;
  const processGid = Buffer.from(`Process:${world.processId}`).toString("base64");
  const p = await t.gql(
    `mutation($c: ID!, $p: ID!) { createNotificationPolicy(input: { contactPointId: $c, matchers: { processIds: [$p] }, groupWaitSeconds: 0 ${extra} }) { id } }`,
    { c: cpId, p: processGid },
    office,
  );
  expect(p.errors).toBeUndefined();
  return { cpId, policyId: Buffer.from(p.data.createNotificationPolicy.id, "base64").toString().split(":")[1]!, cpDbId: Buffer.from(cpId, "base64").toString().split(":")[1]! };
}

/** An alert of an indicator with its FIRED event, appended as the engine appends it. */
async function fire(indicatorId: string, level: "WARNING" | "CRITICAL", at = new Date()) {
  return prisma().$transaction(async (tx) => {
    const rule = await tx.thresholdRule.create({ data: { indicatorId, kind: "THRESHOLD", level, comparator: "ABOVE", value: level === "CRITICAL" ? 95 : 90 } });
    const alert = await tx.alert.create({ data: { indicatorId, ruleId: rule.id, level, startedAt: at, lastFiredAt: at, message: `${level} test` } });
    const ctx = await alertContexts(tx, [alert.id]);
    await appendAlertEvents(tx, [{ alertId: alert.id, type: "FIRED", level, state: "FIRING", at }], (id) => ctx.get(id)!);
    return alert;
  });
}

const rowsOf = (contactPointId: string) => prisma().notificationDelivery.findMany({ where: { contactPointId }, orderBy: { createdAt: "asc" } });

describe("§6.2.2 inhibition: a CRITICAL suppresses the WARNING of the same indicator", () => {
  it("failure pinned: a warning and a critical on one indicator were both sent — the warning is not routed while the critical fires", async () => {
    const { cpDbId } = await routeTo("inhibition");
    const ind = await createIndicator(prisma(), world);
    const other = await createIndicator(prisma(), world);
    await fire(ind.id, "CRITICAL");
    await fire(ind.id, "WARNING");
    await fire(other.id, "WARNING");
    const rows = await rowsOf(cpDbId);
    const levels = await prisma().alert.findMany({ where: { id: { in: rows.map((r) => r.alertId!) } }, select: { indicatorId: true, level: true } });
    expect(levels.map((l) => `${l.indicatorId === ind.id ? "same" : "other"}:${l.level}`).sort()).toEqual(["other:WARNING", "same:CRITICAL"]);
  });
});

describe("§6.2.2 inhibition over time (fake clock: each event's time given)", () => {
  it("failure pinned: a warning stayed suppressed after its critical ended — inhibited while the CRITICAL is open, routed again once it resolved", async () => {
    const { cpDbId } = await routeTo("inhibition-clock");
    const ind = await createIndicator(prisma(), world);
    const T = new Date("2026-11-30T01:00:00Z");
    const min = (m: number) => new Date(T.getTime() + m * 60_000);
    const crit = await fire(ind.id, "CRITICAL", T);
    const warn = await fire(ind.id, "WARNING", min(1));
    const sentFor = async (alertId: string) => (await rowsOf(cpDbId)).filter((r) => r.alertId === alertId).map((r) => r.reason);
    expect(await sentFor(crit.id)).toEqual(["FIRED"]);
    expect(await sentFor(warn.id)).toEqual([]);
    // At T+10 min the CRITICAL resolves (its RESOLVED is sent); at T+11 min the WARNING fires again: now routed.
    const append = (alertId: string, type: "RESOLVED" | "REFIRED", level: "WARNING" | "CRITICAL", state: "RESOLVED" | "FIRING", at: Date) =>
      prisma().$transaction(async (tx) => {
        await tx.alert.update({ where: { id: alertId }, data: { state } });
        const ctx = await alertContexts(tx, [alertId]);
        await appendAlertEvents(tx, [{ alertId, type, level, state, at }], (id) => ctx.get(id)!);
      });
    await append(crit.id, "RESOLVED", "CRITICAL", "RESOLVED", min(10));
    await append(warn.id, "REFIRED", "WARNING", "FIRING", min(11));
    expect(await sentFor(crit.id)).toEqual(["FIRED", "RESOLVED"]);
    expect(await sentFor(warn.id)).toEqual(["REFIRED"]);
  });
});

describe("§6.2.2 grouping through the outbox and the sender (fake clock)", () => {
  it("failure pinned: each alert of a group went out alone — two alerts of one process within group wait are one message; the next waits for group interval", async () => {
    const hook = await startWebhookReceiver();
    try {
      const cp = await t.gql(
        `mutation($u: String!) { createContactPoint(input: { name: "grouped", kind: WEBHOOK, webhook: { url: $u, format: GENERIC } }) { id } }`,
        { u: hook.url },
        office,
      );
      const processGid = Buffer.from(`Process:${world.processId}`).toString("base64");
      const p = await t.gql(
        `mutation($c: ID!, $p: ID!) { createNotificationPolicy(input: { contactPointId: $c, matchers: { processIds: [$p] }, groupBy: ["process"], groupWaitSeconds: 60, groupIntervalSeconds: 300 }) { id } }`,
        { c: cp.data.createContactPoint.id, p: processGid },
        office,
      );
      expect(p.errors).toBeUndefined();
      // Only this test's contact point is sent by these passes' sender (others' rows are claimed too, and fail harmlessly).
      const send = (at: Date) => deliverDue({ prisma: prisma(), mail: null, publicUrl: "http://dashboard.example.test", publish: () => {}, batch: 1000 }, at);
      const T0 = new Date();
      const s = (sec: number) => new Date(T0.getTime() + sec * 1000);
      await fire((await createIndicator(prisma(), world)).id, "WARNING");
      await fire((await createIndicator(prisma(), world)).id, "WARNING");
      await send(s(59));
      expect(hook.received).toHaveLength(0);
      await send(s(65));
      expect(hook.received).toHaveLength(1);
      expect(JSON.parse(hook.received[0]!.body).alerts).toHaveLength(2);
      await send(s(70));
      expect(hook.received).toHaveLength(1);

      // A third alert of the group: not before group interval (300 s) after the group's last message.
      await fire((await createIndicator(prisma(), world)).id, "WARNING");
      await send(s(364));
      expect(hook.received).toHaveLength(1);
      await send(s(366));
      expect(hook.received).toHaveLength(2);
      expect(JSON.parse(hook.received[1]!.body).alerts).toHaveLength(1);
    } finally {
      await hook.close();
    }
  });
});

describe("§6.2.2 repeat interval while still firing (fake clock)", () => {
  it("failure pinned: a still-firing alert is never reminded — repeated once per interval, not before, not once acknowledged", async () => {
    const { cpDbId } = await routeTo("repeat", ", repeatIntervalSeconds: 3600");
    const ind = await createIndicator(prisma(), world);
    const alert = await fire(ind.id, "WARNING");
    const [first] = await rowsOf(cpDbId);
    const sentAt = new Date("2026-11-30T00:00:00Z");
    await prisma().notificationDelivery.update({ where: { id: first!.id }, data: { status: "SENT", sentAt, attempts: 1 } });
    await enqueueRepeats(prisma(), new Date(sentAt.getTime() + 3599_000));
    expect(await rowsOf(cpDbId)).toHaveLength(1);
    await enqueueRepeats(prisma(), new Date(sentAt.getTime() + 3600_000));
    await enqueueRepeats(prisma(), new Date(sentAt.getTime() + 3600_000)); // a second replica's pass
    const rows = await rowsOf(cpDbId);
    expect(rows.map((r) => r.reason)).toEqual(["FIRED", "REPEAT"]);
    // Sent again; once acknowledged there is no further reminder.
    await prisma().notificationDelivery.update({ where: { id: rows[1]!.id }, data: { status: "SENT", sentAt: new Date(sentAt.getTime() + 3600_000) } });
    await prisma().alert.update({ where: { id: alert.id }, data: { state: "ACKNOWLEDGED" } });
    await enqueueRepeats(prisma(), new Date(sentAt.getTime() + 10 * 3600_000));
    expect(await rowsOf(cpDbId)).toHaveLength(2);
  });
});

describe("§6.2.2 mute timings", () => {
  it("failure pinned: messages went out on a holiday — a message due on a muted date waits until the date ends", async () => {
    const taipei = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Taipei" }).format(d);
    const now = new Date();
    const today = taipei(now);
    const tomorrow = taipei(new Date(now.getTime() + 86_400_000));
    const { cpDbId } = await routeTo("mute", `, muteTimings: [{ dates: ["${today}", "${tomorrow}"] }]`);
    const ind = await createIndicator(prisma(), world);
    await fire(ind.id, "WARNING");
    const [row] = await rowsOf(cpDbId);
    expect(taipei(row!.nextAttemptAt) > tomorrow).toBe(true);
    expect(new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Taipei", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(row!.nextAttemptAt)).toBe("00:00");
    const bad = await t.gql(
      `mutation($c: ID!) { createNotificationPolicy(input: { contactPointId: $c, muteTimings: [{ quietHours: { start: "25:00", end: "07:00" } }] }) { id } }`,
      { c: (await routeTo("mute-bad")).cpId },
      office,
    );
    // Refused by the input's own validation (shared with personal quiet hours), naming the exact field.
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.muteTimings.0.quietHours.start" });
  });
});

describe("§2.1.2 escalation until acknowledged (fake clock)", () => {
  it("failure pinned: an unacknowledged CRITICAL stayed with the first recipients — each step in turn, once, and none after acknowledgement", async () => {
    const head = await routeTo("unit head");
    const mgmt = await routeTo("management");
    const r = await t.gql(
      `mutation($a: ID!, $b: ID!) { createEscalationPolicy(input: { name: "財務升級", category: FINANCE, steps: [{ afterMinutes: 10, contactPointId: $a }, { afterMinutes: 30, contactPointId: $b }] }) { id category steps { afterMinutes contactPoint { name } } } }`,
      { a: head.cpId, b: mgmt.cpId },
      office,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.createEscalationPolicy.steps.map((s: any) => s.contactPoint.name)).toEqual(["unit head", "management"]);
    const ind = await createIndicator(prisma(), world);
    const T = new Date(Date.now() - 3600_000);
    const alert = await fire(ind.id, "CRITICAL", T);
    // Only this alert's steps (the seed has CRITICAL alerts of its own that escalate too).
    const escalations = async (cp: string) => (await rowsOf(cp)).filter((d) => d.reason === "ESCALATION" && d.alertId === alert.id);
    const at = (min: number) => new Date(T.getTime() + min * 60_000);
    await enqueueEscalations(prisma(), at(9));
    expect(await escalations(head.cpDbId)).toHaveLength(0);
    await enqueueEscalations(prisma(), at(10));
    await enqueueEscalations(prisma(), at(11));
    expect(await escalations(head.cpDbId)).toHaveLength(1);
    expect(await escalations(mgmt.cpDbId)).toHaveLength(0);
    await enqueueEscalations(prisma(), at(30));
    expect(await escalations(mgmt.cpDbId)).toHaveLength(1);
    expect(await escalations(head.cpDbId)).toHaveLength(1);

    const other = await fire((await createIndicator(prisma(), world)).id, "CRITICAL", T);
    await prisma().alert.update({ where: { id: other.id }, data: { state: "ACKNOWLEDGED" } });
    await enqueueEscalations(prisma(), at(60));
    expect(await prisma().notificationDelivery.count({ where: { reason: "ESCALATION", alertId: other.id } })).toBe(0);
    expect(await prisma().notificationDelivery.count({ where: { reason: "ESCALATION", alertId: alert.id } })).toBe(2);

    // Deleted, the category escalates no more; listed no more.
    const third = await fire((await createIndicator(prisma(), world)).id, "CRITICAL", T);
    const del = await t.gql(`mutation($id: ID!) { deleteEscalationPolicy(id: $id) { id } }`, { id: r.data.createEscalationPolicy.id }, office);
    expect(del.errors).toBeUndefined();
    await enqueueEscalations(prisma(), at(60));
    expect(await prisma().notificationDelivery.count({ where: { reason: "ESCALATION", alertId: third.id } })).toBe(0);
    const listed = await t.gql(`{ escalationPolicies { id } }`, {}, office);
    expect(listed.data.escalationPolicies.map((p: any) => p.id)).not.toContain(r.data.createEscalationPolicy.id);
  });
});

describe("§6.2.2 silences: listed, changed, ended", () => {
  it("failure pinned: silences could not be listed or ended", async () => {
    const ind = await createIndicator(prisma(), world);
    const s = await prisma().silence.create({
      data: { indicatorId: ind.id, startsAt: new Date(Date.now() - 60_000), endsAt: new Date(Date.now() + 3600_000), reason: "維護", createdById: world.userId },
    });
    const gid = Buffer.from(`Silence:${s.id}`).toString("base64");
    const list = await t.gql(`{ silences(active: true) { id reason } }`, {}, office);
    expect(list.data.silences.map((x: any) => x.id)).toContain(gid);
    const later = new Date(Date.now() + 7200_000).toISOString();
    const upd = await t.gql(
      `mutation($i: ID!, $e: DateTime!) { updateSilence(input: { id: $i, endsAt: $e, reason: "延長維護" }) { reason endsAt } }`,
      { i: gid, e: later },
      office,
    );
    expect(upd.data.updateSilence).toEqual({ reason: "延長維護", endsAt: later });
    const past = await t.gql(`mutation($i: ID!) { updateSilence(input: { id: $i, endsAt: "2020-01-01T00:00:00Z" }) { id } }`, { i: gid }, office);
    expect(past.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "endsAt" });
    const employee = await t.login("employee@example.com");
    const denied = await t.gql(`mutation($i: ID!) { endSilence(id: $i) { id } }`, { i: gid }, employee);
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const end = await t.gql(`mutation($i: ID!) { endSilence(id: $i) { endsAt } }`, { i: gid }, office);
    expect(new Date(end.data.endSilence.endsAt).getTime()).toBeLessThanOrEqual(Date.now());
    const after = await t.gql(`{ silences(active: true) { id } }`, {}, office);
    expect(after.data.silences.map((x: any) => x.id)).not.toContain(gid);
  });
});
