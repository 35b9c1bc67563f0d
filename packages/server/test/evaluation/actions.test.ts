import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { checkAt, freshProcess, people, type People } from "./world.js";

/**
 * Actions through the API (§4.4.2, §4.3.3, §2.3.2): opened from a finding or by hand, progress by
 * the owner side, verification and reopening by the process office, overdue actions warning
 * through the alert engine with the same lifecycle and read rules as a reading's warning; and a
 * high risk without an approved contingency plan is itself a warning (§5.2.2).
 */
let t: TestApp;
let p: People;
let w: Awaited<ReturnType<typeof freshProcess>>;

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  p = await people(t);
  w = await freshProcess(t, p);
});
afterAll(() => t?.close());

const DAY = 86_400_000;
const ACTION = `id kind status progress overdue process { id } finding { id status } ownerUnit { id } updates { kind progress note evidence author { email } }`;
const CREATE = `mutation($i: CreateActionInput!) { createAction(input: $i) { ${ACTION} } }`;

async function finding() {
  const r = await t.gql(
    `mutation($p: ID!) { recordInspection(input: { processId: $p, method: SPOT_CHECK, performedAt: "${new Date().toISOString()}", summary: "抽查", findings: [{ severity: HIGH, description: "付款未經覆核" }] }) { findings { id } } }`,
    { p: w.processId },
    p.office,
  );
  return r.data.recordInspection.findings[0].id as string;
}

describe("§4.4.2 actions tracked to verification", () => {
  it("a finding opens a rectification; the owner unit reports progress; the process office verifies, closing the finding, or reopens", async () => {
    const findingId = await finding();
    const deadline = new Date(Date.now() + 10 * DAY).toISOString();
    const noDeadline = await t.gql(CREATE, { i: { kind: "RECTIFICATION", title: "補建覆核", findingId, ownerUnitId: p.finUnit } }, p.office);
    expect(noDeadline.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "deadline" });
    const created = await t.gql(CREATE, { i: { kind: "RECTIFICATION", title: "補建覆核", description: "付款前雙人覆核", findingId, ownerUnitId: p.finUnit, deadline } }, p.office);
    expect(created.errors).toBeUndefined();
    const a = created.data.createAction;
    expect(a).toMatchObject({ kind: "RECTIFICATION", status: "OPEN", process: { id: w.processId }, finding: { id: findingId, status: "RECTIFYING" } });

    const progress = `mutation($a: ID!, $n: Int!) { updateActionProgress(input: { actionId: $a, progress: $n, note: "已完成一半", evidence: "制度草案" }) { ${ACTION} } }`;
    expect((await t.gql(progress, { a: a.id, n: 50 }, p.employee)).errors?.[0].extensions?.code).toBe("FORBIDDEN"); // not the owner
    // §6.4: the HR head may not read a finance action: answered as missing, like any hidden row.
    expect((await t.gql(progress, { a: a.id, n: 50 }, p.hrHead)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    expect((await t.gql(progress, { a: a.id, n: 101 }, p.finHead)).errors?.[0].extensions?.code).toBe("BAD_USER_INPUT");
    const moved = (await t.gql(progress, { a: a.id, n: 50 }, p.finHead)).data.updateActionProgress;
    expect(moved).toMatchObject({ status: "IN_PROGRESS", progress: 50 });
    expect(moved.updates.at(-1)).toEqual({ kind: "PROGRESS", progress: 50, note: "已完成一半", evidence: "制度草案", author: { email: "finance.head@example.com" } });

    const verify = `mutation($a: ID!) { verifyAction(input: { actionId: $a, note: "已查核" }) { ${ACTION} verifiedAt } }`;
    expect((await t.gql(verify, { a: a.id }, p.office)).errors?.[0].extensions?.code).toBe("CONFLICT"); // not DONE yet
    await t.gql(`mutation($a: ID!) { completeAction(input: { actionId: $a, note: "制度已發布" }) { status } }`, { a: a.id }, p.finHead);
    expect((await t.gql(verify, { a: a.id }, p.finHead)).errors?.[0].extensions?.code).toBe("FORBIDDEN"); // §2.3.2 the process office verifies
    const verified = (await t.gql(verify, { a: a.id }, p.office)).data.verifyAction;
    expect(verified).toMatchObject({ status: "VERIFIED", finding: { status: "CLOSED" } });
    expect(verified.verifiedAt).not.toBeNull();

    const reopened = await t.gql(`mutation($a: ID!) { reopenAction(input: { actionId: $a, note: "抽查仍有缺失" }) { ${ACTION} verifiedAt } }`, { a: a.id }, p.office);
    expect(reopened.data.reopenAction).toMatchObject({ status: "IN_PROGRESS", verifiedAt: null, finding: { status: "RECTIFYING" } });
    expect(reopened.data.reopenAction.updates.map((u: any) => u.kind)).toEqual(["CREATED", "PROGRESS", "COMPLETED", "VERIFIED", "REOPENED"]);
  });

  it("an improvement by hand on a process; a department head opens one only for the own unit; a blank note is refused", async () => {
    const hrOwned = await t.gql(CREATE, { i: { kind: "IMPROVEMENT", title: "x", processId: w.processId, ownerUnitId: p.hrUnit } }, p.hrHead);
    // §6.4: the HR head may not read the finance process, so it is answered as missing.
    expect(hrOwned.errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const own = await t.gql(CREATE, { i: { kind: "IMPROVEMENT", title: "導入 OCR", processId: w.processId, ownerUnitId: p.finUnit } }, p.finHead);
    expect(own.data.createAction).toMatchObject({ kind: "IMPROVEMENT", status: "OPEN" });
    const blank = await t.gql(`mutation($a: ID!) { completeAction(input: { actionId: $a, note: " " }) { id } }`, { a: own.data.createAction.id }, p.finHead);
    expect(blank.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "note" });
    const nothing = await t.gql(CREATE, { i: { kind: "IMPROVEMENT", title: "x", ownerUnitId: p.finUnit } }, p.office);
    expect(nothing.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "processId" });
  });
});

describe("§4.3.3 §4.4.2 an overdue action warns until it is done", () => {
  it("fires once at the deadline, reaches the owner unit but not others, can be acknowledged, and resolves when completed", async () => {
    const deadline = new Date(Date.now() + DAY);
    const a = (await t.gql(CREATE, { i: { kind: "RECTIFICATION", title: "逾期整改", processId: w.processId, ownerUnitId: p.finUnit, deadline: deadline.toISOString() } }, p.office))
      .data.createAction;
    const mine = (events: { actionId?: string | null }[]) => events.filter((e) => e.actionId === Buffer.from(a.id, "base64").toString().split(":")[1]);
    expect(mine(await checkAt(t, new Date()))).toEqual([]);
    const late = new Date(deadline.getTime() + DAY);
    const fired = await checkAt(t, late);
    expect(mine(fired)).toHaveLength(1);
    expect(mine(await checkAt(t, late))).toEqual([]); // once, however often (or by however many replicas) it is checked

    const alerts = `query($s: [AlertSource!]) { alerts(filter: { sources: $s }) { edges { node { id source level state subject { __typename id } action { id } } } } }`;
    const seen = (await t.gql(alerts, { s: ["ACTION_OVERDUE"] }, p.finHead)).data.alerts.edges.map((e: any) => e.node).filter((n: any) => n.action.id === a.id);
    expect(seen).toEqual([
      { id: expect.any(String), source: "ACTION_OVERDUE", level: "CRITICAL", state: "FIRING", subject: { __typename: "Action", id: a.id }, action: { id: a.id } },
    ]);
    const alertId = seen[0].id;
    // §6.4 another department's head neither lists it nor reads it by id.
    expect((await t.gql(alerts, { s: ["ACTION_OVERDUE"] }, p.hrHead)).data.alerts.edges.some((e: any) => e.node.id === alertId)).toBe(false);
    expect((await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: alertId }, p.hrHead)).data?.node ?? null).toBeNull();
    // The same lifecycle as a reading's warning.
    const ack = await t.gql(`mutation($id: ID!) { acknowledgeAlert(input: { alertId: $id, note: "已催辦" }) { state source } }`, { id: alertId }, p.finHead);
    expect(ack.data.acknowledgeAlert).toEqual({ state: "ACKNOWLEDGED", source: "ACTION_OVERDUE" });

    await t.gql(`mutation($a: ID!) { completeAction(input: { actionId: $a, note: "已完成" }) { status } }`, { a: a.id }, p.finHead);
    const after = await t.gql(`query($id: ID!) { node(id: $id) { ... on Alert { state events { type } } } }`, { id: alertId }, p.finHead);
    expect(after.data.node).toEqual({ state: "RESOLVED", events: [{ type: "FIRED" }, { type: "ACKNOWLEDGED" }, { type: "RESOLVED" }] });
    expect(mine(await checkAt(t, late))).toEqual([]);
  });
});

describe("§5.2.2 a high risk without an approved contingency plan is a warning", () => {
  it("fires for a HIGH risk with no approved plan and resolves when the risk is archived", async () => {
    const risk = await t.gql(
      `mutation($u: ID!, $p: ID!) { createRisk(input: { code: "R-EV-1", title: "審核延誤", category: OPERATIONAL, ownerUnitId: $u, processIds: [$p] }) { id } }`,
      { u: p.finUnit, p: w.processId },
      p.office,
    );
    const riskId = risk.data.createRisk.id;
    await t.gql(`mutation($r: ID!) { createRiskAssessment(input: { riskId: $r, likelihood: 4, impact: 4 }) { level } }`, { r: riskId }, p.office);
    const now = new Date();
    const fired = (await checkAt(t, now)).filter((e) => e.riskId);
    expect(fired.length).toBeGreaterThanOrEqual(1);
    const list = await t.gql(`{ alerts(filter: { sources: [RISK_WITHOUT_PLAN] }) { edges { node { subject { __typename id } risk { id } } } } }`, {}, p.finHead);
    expect(list.data.alerts.edges.map((e: any) => e.node)).toContainEqual({ subject: { __typename: "Risk", id: riskId }, risk: { id: riskId } });
    await t.gql(`mutation($r: ID!) { archiveRisk(id: $r) { archivedAt } }`, { r: riskId }, p.office);
    const resolved = (await checkAt(t, new Date())).filter((e) => e.riskId);
    expect(resolved).toHaveLength(1);
  });
});
