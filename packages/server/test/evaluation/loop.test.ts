import { createClient, type Client } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { liveGroupCounts } from "../../src/app/live-groups.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { ago, checkAt, freshProcess, monthOf, people, type People, readings } from "./world.js";

/**
 * The evaluation loop end to end, through the API (§4.2.2, §4.3.2, §4.3.3, §4.4.1, §4.4.2):
 * breach → FAIL → finalising refused without a rectification → accepted with one → verification
 * refused while the indicator breaches → readings recover → verified; and an overdue plan's
 * warning reaches an alertEvents subscriber and clears when the inspection is recorded.
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

function client(token: string): Client {
  return createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: true });
}

/** Subscribes and collects what arrives; `waitFor` polls until n messages came (or gives up). */
function listen<T>(c: Client, query: string, pick: (data: any) => T) {
  const got: T[] = [];
  const errors: unknown[] = [];
  const dispose = c.subscribe({ query }, { next: (m) => (m.data ? got.push(pick(m.data)) : errors.push(m.errors)), error: (e) => errors.push(e), complete: () => {} });
  const waitFor = async (n: number, ms = 5000) => {
    const until = Date.now() + ms;
    while (got.length < n && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    return got;
  };
  return { got, errors, dispose, waitFor };
}

const EVALUATION = `id status grade totalScore maturityLevel criteria { key criterion indicator { id } target actual attainment weight points working } actions { id kind indicator { id } }`;

describe("§4.3.3 §4.4.2 the evaluation loop, end to end", () => {
  it("breach → FAIL → rectification required → verification waits for the indicator to recover", async () => {
    const w = await freshProcess(t, p);
    // §4.2.4 the indicator breaches: CRITICAL.
    const breach = await readings(t, p.office, w.indicatorId, [30, 25, 20]);
    expect(breach.alertEvents).toBeGreaterThan(0);
    const period = monthOf(ago(60));

    // §4.3.2 the period's evaluation computes FAIL, with its working.
    const computed = await t.gql(
      `mutation($p: ID!, $period: String!) { computeEvaluation(input: { processId: $p, period: $period }) { ${EVALUATION} } }`,
      { p: w.processId, period },
      p.office,
    );
    expect(computed.errors).toBeUndefined();
    const e = computed.data.computeEvaluation;
    expect(e).toMatchObject({ status: "DRAFT", grade: "FAIL" });
    const line = e.criteria.find((c: any) => c.key.startsWith("ATTAINMENT:"));
    expect(line).toMatchObject({ criterion: "ATTAINMENT", indicator: { id: w.indicatorId }, target: 100, actual: 25, attainment: 25 });
    expect(e.criteria.reduce((s: number, c: any) => s + c.points, 0)).toBeCloseTo(e.totalScore, 1);

    // §4.3.3 finalising without a rectification is refused, naming what is missing.
    const refused = await t.gql(`mutation($e: ID!) { finalizeEvaluation(input: { evaluationId: $e }) { id } }`, { e: e.id }, p.office);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "rectification" });
    expect(refused.errors?.[0].message).toMatch(/causeAnalysis.*measures.*ownerUnitId.*ownerId.*deadline/);
    const partial = await t.gql(
      `mutation($e: ID!) { finalizeEvaluation(input: { evaluationId: $e, rectification: { causeAnalysis: "人手不足" } }) { id } }`,
      { e: e.id },
      p.office,
    );
    expect(partial.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "rectification.measures", missing: ["measures", "ownerUnitId", "ownerId", "deadline"] });
    expect((await t.db.prisma.evaluation.findFirstOrThrow({ where: { id: Buffer.from(e.id, "base64").toString().split(":")[1] } })).status).toBe("DRAFT");

    // … with one it is accepted, and a rectification linked to the failing indicator is opened.
    const deadline = new Date(Date.now() + 14 * 86_400_000).toISOString();
    const final = await t.gql(
      `mutation($e: ID!, $u: ID!, $o: ID!, $d: DateTime!) { finalizeEvaluation(input: { evaluationId: $e, rectification: { causeAnalysis: "審核人手不足", measures: "增派審核人員", ownerUnitId: $u, ownerId: $o, deadline: $d } }) { ${EVALUATION} causeAnalysis } }`,
      { e: e.id, u: p.finUnit, o: p.finHeadId, d: deadline },
      p.office,
    );
    expect(final.errors).toBeUndefined();
    expect(final.data.finalizeEvaluation).toMatchObject({ status: "FINAL", grade: "FAIL", causeAnalysis: "審核人手不足" });
    const [action] = final.data.finalizeEvaluation.actions;
    expect(action).toMatchObject({ kind: "RECTIFICATION", indicator: { id: w.indicatorId } });

    // §4.4.2 the owner completes it; verification is refused while the indicator still breaches.
    const completed = await t.gql(
      `mutation($a: ID!) { completeAction(input: { actionId: $a, note: "人員已到位", evidence: "排班表" }) { status progress } }`,
      { a: action.id },
      p.finHead,
    );
    expect(completed.data.completeAction).toEqual({ status: "DONE", progress: 100 });
    const early = await t.gql(`mutation($a: ID!) { verifyAction(input: { actionId: $a, note: "複查" }) { status } }`, { a: action.id }, p.office);
    expect(early.errors?.[0].extensions?.code).toBe("CONFLICT");
    expect(early.errors?.[0].message).toMatch(/has not recovered.*CRITICAL/);

    // Readings recover past the clear value: the indicator is OK, and verification succeeds.
    await readings(t, p.office, w.indicatorId, [92, 95], 10);
    const ok = await t.gql(`query($i: ID!) { node(id: $i) { ... on Indicator { status } } }`, { i: w.indicatorId }, p.office);
    expect(ok.data.node.status).toBe("OK");
    const verified = await t.gql(
      `mutation($a: ID!) { verifyAction(input: { actionId: $a, note: "指標已恢復" }) { status verificationNote updates { kind note } } }`,
      { a: action.id },
      p.office,
    );
    expect(verified.errors).toBeUndefined();
    expect(verified.data.verifyAction).toMatchObject({ status: "VERIFIED", verificationNote: "指標已恢復" });
    expect(verified.data.verifyAction.updates.map((u: any) => u.kind)).toEqual(["CREATED", "COMPLETED", "VERIFIED"]);
  });

  it("§4.2.2 an overdue plan's warning reaches an alertEvents subscriber and clears when the inspection is recorded", async () => {
    const w = await freshProcess(t, p);
    const due = new Date(Date.now() - 2 * 86_400_000);
    const plan = await t.gql(
      `mutation($p: ID!, $u: ID!, $d: DateTime!) { createMonitoringPlan(input: { processId: $p, method: PERIODIC_INSPECTION, cadence: MONTHLY, unitId: $u, firstDueAt: $d, description: "月度檢查" }) { id nextDueAt overdue } }`,
      { p: w.processId, u: p.finUnit, d: due.toISOString() },
      p.finHead,
    );
    expect(plan.errors).toBeUndefined();
    expect(plan.data.createMonitoringPlan.overdue).toBe(true);

    const wall = client(p.mgmt);
    const s = listen(
      wall,
      `subscription { alertEvents(filter: { processIds: ["${w.processId}"] }) { type alert { source state indicator { id } rule { id } monitoringPlan { id } subject { __typename id } } } }`,
      (d) => d.alertEvents,
    );
    // §6.4 the HR head may not read the finance process: the warning must not reach that socket.
    const hrSocket = client(p.hrHead);
    const hr = listen(hrSocket, `subscription { alertEvents { type alert { monitoringPlan { id } } } }`, (d) => d.alertEvents);
    // Both sockets listening once their subscriptions have joined their groups (a fixed 300 ms missed it under load).
    for (let i = 0; i < 400 && liveGroupCounts(t.app.caches).members < 2; i++) await new Promise((r) => setTimeout(r, 25));
    const now = new Date();
    await checkAt(t, now);
    // A second replica checking at the same moment changes nothing.
    expect(await checkAt(t, now)).toEqual([]);
    const [fired] = await s.waitFor(1);
    expect(s.errors).toEqual([]);
    expect(fired).toEqual({
      type: "FIRED",
      alert: {
        source: "MONITORING_PLAN_OVERDUE",
        state: "FIRING",
        indicator: null,
        rule: null,
        monitoringPlan: { id: plan.data.createMonitoringPlan.id },
        subject: { __typename: "Process", id: w.processId },
      },
    });

    const inspection = await t.gql(
      `mutation($plan: ID!, $p: ID!, $at: DateTime!, $s: ID!) { recordInspection(input: { planId: $plan, processId: $p, method: PERIODIC_INSPECTION, performedAt: $at, summary: "月度檢查完成", observations: "抽查 20 份", findings: [{ severity: MEDIUM, stepId: $s, description: "兩份單據缺少覆核簽字", evidence: "單據編號 17, 18" }] }) { id findings { severity status step { id } } plan { nextDueAt lastDoneAt overdue } } }`,
      { plan: plan.data.createMonitoringPlan.id, p: w.processId, at: now.toISOString(), s: w.stepId },
      p.finHead,
    );
    expect(inspection.errors).toBeUndefined();
    expect(inspection.data.recordInspection.plan.overdue).toBe(false);
    const events = await s.waitFor(2);
    expect(events[1]).toMatchObject({ type: "RESOLVED", alert: { source: "MONITORING_PLAN_OVERDUE", state: "RESOLVED" } });
    // The next pass does not fire it again.
    expect(await checkAt(t, new Date())).toEqual([]);
    expect(hr.got.filter((e: any) => e.alert.monitoringPlan?.id === plan.data.createMonitoringPlan.id)).toEqual([]);
    expect(hr.got.length).toBeGreaterThan(0); // it does receive its own unit's warnings (the seeded overdue HR plan)
    s.dispose();
    hr.dispose();
    await wall.dispose();
    await hrSocket.dispose();
  });
});
