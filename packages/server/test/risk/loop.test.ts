import { createClient, type Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { freshProcess, people, type People, readings } from "../evaluation/world.js";
import { approvedPlan, assess, freshRisk } from "./world.js";

/**
 * The risk loop closed end to end through the API (§5.3.1, §5.4.1, §5.4.2): a key risk indicator
 * breaches → its alert lists the risk, which needs re-assessment → re-assessed with the alert as
 * reason → an incident opened from the alert activates the approved plan (management and the
 * owner unit are told) → tasks done, CONTAINED → readings recover and the alert resolves → the
 * review records lessons, a follow-up action and a process change proposal → the incident closes,
 * and not before.
 */
let t: TestApp;
let p: People;
let port: number;

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  port = await t.app.start(0);
  p = await people(t);
});
afterAll(() => t?.close());

const DAY = 86_400_000;
const INCIDENT = `id status title plan { id } risk { id } alerts { id } containedAt lossAmount { amount currency }
  tasks { id title done unit { id } role doneBy { email } }
  timeline { kind note authorName author { email } }
  review { effectiveness lessons actions { id kind title ownerUnit { id } deadline } processChanges { id title } }`;

function client(token: string): Client {
  return createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: true });
}

/** Subscribes and collects what arrives; `waitFor` polls until n messages came (or gives up). */
function listen<T>(c: Client, query: string, pick: (data: any) => T) {
  const got: T[] = [];
  const dispose = c.subscribe({ query }, { next: (m) => m.data && got.push(pick(m.data)), error: () => {}, complete: () => {} });
  const waitFor = async (n: number, ms = 5000) => {
    const until = Date.now() + ms;
    while (got.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    return got;
  };
  return { got, dispose, waitFor };
}

describe("§5.3.1 §5.4.1 §5.4.2 the risk loop, end to end", () => {
  it("breach → risk re-assessed → incident by the plan → contained → recovered → reviewed → closed", async () => {
    const w = await freshProcess(t, p);
    const risk = await freshRisk(t, p, { processId: w.processId, keyIndicatorIds: [w.indicatorId] });
    expect((await assess(t, p.finHead, risk.id, 4, 4)).errors).toBeUndefined(); // HIGH
    const plan = await approvedPlan(t, p, risk.id);

    // §5.3.1 the key risk indicator breaches: its alert lists the risk; the risk needs re-assessment.
    const breach = await readings(t, p.office, w.indicatorId, [30, 25, 20]);
    expect(breach.alertEvents).toBeGreaterThan(0);
    const alerts = await t.gql(
      `query($i: ID!) { node(id: $i) { ... on Indicator { alerts(first: 5, state: [FIRING]) { edges { node { id state risks { id } } } } } } }`,
      { i: w.indicatorId },
      p.finHead,
    );
    const alert = alerts.data.node.alerts.edges[0].node;
    expect(alert.risks).toEqual([{ id: risk.id }]);
    const RISK = `query($r: ID!) { node(id: $r) { ... on Risk { needsReassessment reassessmentAlerts { id } keyIndicators { id status } incidents { id } } } }`;
    const flagged = (await t.gql(RISK, { r: risk.id }, p.finHead)).data.node;
    expect(flagged).toMatchObject({ needsReassessment: true, reassessmentAlerts: [{ id: alert.id }], keyIndicators: [{ id: w.indicatorId, status: "CRITICAL" }] });

    // Re-assessing from the flag records the alert as its reason, and the flag clears.
    const reassessed = await assess(t, p.finHead, risk.id, 5, 4, { reasonAlertId: alert.id });
    expect(reassessed.data.createRiskAssessment).toMatchObject({ level: "EXTREME", reasonAlert: { id: alert.id }, risk: { needsReassessment: false } });

    // §5.4.1 an incident opened from the alert activates the approved plan; management and the owner unit hear of it.
    const inbox = listen(client(p.mgmt), `subscription { notificationAdded { subject incident { id title } } }`, (d) => d.notificationAdded);
    await new Promise((r) => setTimeout(r, 200));
    const open = `mutation($i: OpenIncidentInput!) { openIncident(input: $i) { ${INCIDENT} } }`;
    const input = {
      riskId: risk.id,
      alertId: alert.id,
      title: "審核積壓導致付款延誤",
      description: "準時審核率跌至 20%",
      occurredAt: new Date(Date.now() - 30 * 60_000).toISOString(),
    };
    expect((await t.gql(open, { i: input }, p.employee)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const opened = await t.gql(open, { i: input }, p.finHead);
    expect(opened.errors).toBeUndefined();
    const incident = opened.data.openIncident;
    expect(incident).toMatchObject({ status: "OPEN", plan: { id: plan.id }, risk: { id: risk.id }, alerts: [{ id: alert.id }] });
    expect(incident.tasks).toEqual([
      { id: expect.any(String), title: "啟用人工覆核", done: false, unit: { id: p.finUnit }, role: null, doneBy: null },
      { id: expect.any(String), title: "通知流程辦公室", done: false, unit: null, role: "PROCESS_OFFICE", doneBy: null },
    ]);
    expect(incident.timeline.map((e: any) => e.kind)).toEqual(["OPENED"]);
    expect((await t.gql(open, { i: input }, p.finHead)).errors?.[0].extensions).toMatchObject({ code: "CONFLICT", field: "alertId" });
    const linked = await t.gql(`query($a: ID!) { node(id: $a) { ... on Alert { incident { id } } } }`, { a: alert.id }, p.finHead);
    expect(linked.data.node.incident).toEqual({ id: incident.id });
    const got = await inbox.waitFor(1);
    expect(got[0]).toMatchObject({ incident: { id: incident.id, title: input.title } });
    inbox.dispose();
    const unitInbox = await t.gql(`{ notifications(first: 20) { edges { node { incident { id } } } } }`, {}, p.finHead);
    expect(unitInbox.data.notifications.edges.some((e: any) => e.node.incident?.id === incident.id)).toBe(true);
    const hrInbox = await t.gql(`{ notifications(first: 50) { edges { node { incident { id } } } } }`, {}, p.hrHead);
    expect(hrInbox.data.notifications.edges.some((e: any) => e.node.incident?.id === incident.id)).toBe(false);

    // §5.4.2 neither reviewed nor closed while open.
    const REVIEW = `mutation($i: ReviewIncidentInput!) { reviewIncident(input: $i) { ${INCIDENT} } }`;
    const close = `mutation($i: ID!) { closeIncident(input: { incidentId: $i }) { ${INCIDENT} } }`;
    expect((await t.gql(close, { i: incident.id }, p.finHead)).errors?.[0].extensions).toMatchObject({ code: "CONFLICT", field: "incidentId" });
    expect((await t.gql(REVIEW, { i: { incidentId: incident.id, effectiveness: 4, lessons: "x" } }, p.finHead)).errors?.[0].extensions?.code).toBe("CONFLICT");
    expect(
      (await t.gql(`mutation($i: ID!) { updateIncident(input: { incidentId: $i, status: CLOSED }) { id } }`, { i: incident.id }, p.finHead)).errors?.[0].extensions?.code,
    ).toBe("CONFLICT");

    // Tasks done by their units, a note, the loss, CONTAINED.
    const complete = `mutation($x: ID!, $n: String) { completeIncidentTask(input: { taskId: $x, note: $n }) { ${INCIDENT} } }`;
    expect((await t.gql(complete, { x: incident.tasks[0].id, n: "已切換" }, p.finHead)).errors).toBeUndefined();
    expect((await t.gql(complete, { x: incident.tasks[0].id }, p.finHead)).errors?.[0].extensions?.code).toBe("CONFLICT");
    const both = (await t.gql(complete, { x: incident.tasks[1].id, n: "已通知" }, p.office)).data.completeIncidentTask;
    expect(both.tasks.map((x: any) => [x.done, x.doneBy?.email])).toEqual([
      [true, "finance.head@example.com"],
      [true, "office@example.com"],
    ]);
    await t.gql(`mutation($i: ID!) { addIncidentTimelineEntry(input: { incidentId: $i, note: "積壓已清" }) { id } }`, { i: incident.id }, p.finHead);
    const badLoss = await t.gql(`mutation($i: ID!) { updateIncident(input: { incidentId: $i, loss: { amount: -1, currency: "TWD" } }) { id } }`, { i: incident.id }, p.finHead);
    expect(badLoss.errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const contained = (
      await t.gql(
        `mutation($i: ID!) { updateIncident(input: { incidentId: $i, status: CONTAINED, loss: { amount: 12000, currency: "TWD" } }) { ${INCIDENT} } }`,
        { i: incident.id },
        p.finHead,
      )
    ).data.updateIncident;
    expect(contained).toMatchObject({ status: "CONTAINED", lossAmount: { amount: 12000, currency: "TWD" } });
    expect(contained.containedAt).not.toBeNull();

    // Readings recover; the alert resolves.
    await readings(t, p.office, w.indicatorId, [80, 85, 90], 20);
    const resolved = await t.gql(`query($a: ID!) { node(id: $a) { ... on Alert { state } } }`, { a: alert.id }, p.finHead);
    expect(resolved.data.node.state).toBe("RESOLVED");

    // §5.4.2 the review: lessons, a follow-up action, a process change proposal; then the incident closes.
    const change = await t.gql(
      `mutation($p: ID!) { proposeProcessChange(input: { processId: $p, title: "審核加入自動校驗", description: "事件教訓", proposal: { goal: "準確及時,積壓時自動預警" } }) { id } }`,
      { p: w.processId },
      p.finHead,
    );
    expect(change.errors).toBeUndefined();
    const changeId = change.data.proposeProcessChange.id;
    const deadline = new Date(Date.now() + 20 * DAY).toISOString();
    const review = {
      incidentId: incident.id,
      effectiveness: 4,
      lessons: "預案有效;積壓預警太晚",
      actions: [{ title: "建立積壓預警", ownerUnitId: p.finUnit, deadline }],
      processChangeIds: [changeId],
    };
    expect((await t.gql(REVIEW, { i: { ...review, effectiveness: 6 } }, p.finHead)).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    expect(
      (await t.gql(REVIEW, { i: { ...review, actions: [{ ...review.actions[0], deadline: new Date(Date.now() - DAY).toISOString() }] } }, p.finHead)).errors?.[0].extensions,
    ).toMatchObject({ code: "BAD_USER_INPUT", field: "actions.0.deadline" });
    const reviewed = await t.gql(REVIEW, { i: review }, p.finHead);
    expect(reviewed.errors).toBeUndefined();
    expect(reviewed.data.reviewIncident.review).toMatchObject({
      effectiveness: 4,
      lessons: review.lessons,
      actions: [{ kind: "IMPROVEMENT", title: "建立積壓預警", ownerUnit: { id: p.finUnit }, deadline }],
      processChanges: [{ id: changeId, title: "審核加入自動校驗" }],
    });
    expect((await t.gql(REVIEW, { i: review }, p.finHead)).errors?.[0].extensions?.code).toBe("CONFLICT");
    const closed = await t.gql(close, { i: incident.id }, p.finHead);
    expect(closed.errors).toBeUndefined();
    expect(closed.data.closeIncident.status).toBe("CLOSED");
    expect(closed.data.closeIncident.timeline.map((e: any) => e.kind)).toEqual(["OPENED", "TASK_DONE", "TASK_DONE", "NOTE", "STATUS", "LOSS", "REVIEW", "STATUS"]);
    expect(closed.data.closeIncident.timeline[0]).toMatchObject({ author: { email: "finance.head@example.com" } });
    // The follow-up action is an ordinary action: the owner unit works it like a rectification.
    const action = await t.gql(
      `query($a: ID!) { node(id: $a) { ... on Action { status ownerUnit { id } } } }`,
      { a: reviewed.data.reviewIncident.review.actions[0].id },
      p.finHead,
    );
    expect(action.data.node).toEqual({ status: "OPEN", ownerUnit: { id: p.finUnit } });
    expect((await t.gql(RISK, { r: risk.id }, p.finHead)).data.node.incidents).toEqual([{ id: incident.id }]);
  });
});
