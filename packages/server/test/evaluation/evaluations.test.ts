import { createClient } from "graphql-ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { ago, freshProcess, monthOf, people, type People, readings } from "./world.js";

/**
 * Evaluations computed from data, through the API (§4.3.1-§4.3.3, §4.4.1): attainment from the
 * period's readings against target and direction, compliance from findings, weights per
 * category with history, adjustments with reasons, drafts and finals, feedback to the inbox.
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

const period = () => monthOf(ago(60));
const FIELDS = `id status grade totalScore maturityLevel attainmentScore complianceScore efficiencyScore effectivenessScore effectiveWeights { attainment compliance efficiency effectiveness } criteria { key criterion indicator { id } target actual count attainment weight points working adjustment { attainment reason by { email } } }`;
const compute = (processId: string, token: string) =>
  t.gql(
    `mutation($p: ID!, $period: String!) { computeEvaluation(input: { processId: $p, period: $period, method: GOAL }) { ${FIELDS} } }`,
    { p: processId, period: period() },
    token,
  );

describe("§4.3.2 §4.2.4 criteria computed from the period's run data (data analysis)", () => {
  it("attainment per indicator against target and direction, compliance from findings, points that add up to the total", async () => {
    const w = await freshProcess(t, p);
    await readings(t, p.office, w.indicatorId, [80, 90]); // HIGHER_IS_BETTER, target 100: 85
    const lower = await t.gql(
      `mutation($p: ID!) { createIndicator(input: { processId: $p, code: "EVL-LOW", name: "退件天數", unit: "d", kind: SATISFACTION, direction: LOWER_IS_BETTER, target: 2 }) { id } }`,
      { p: w.processId },
      p.office,
    );
    const band = await t.gql(
      `mutation($p: ID!) { createIndicator(input: { processId: $p, code: "EVL-BAND", name: "現金比率", unit: "%", kind: FINANCIAL, direction: TARGET_BAND, targetLow: 10, targetHigh: 20 }) { id } }`,
      { p: w.processId },
      p.office,
    );
    await readings(t, p.office, lower.data.createIndicator.id, [4, 4]); // 100 × 2 / 4 = 50
    await readings(t, p.office, band.data.createIndicator.id, [15, 25, 12, 30]); // half inside: 50
    await t.gql(
      `mutation($p: ID!, $s: ID!) { recordInspection(input: { processId: $p, method: SPOT_CHECK, performedAt: "${ago(30).toISOString()}", summary: "抽查", findings: [{ severity: HIGH, stepId: $s, description: "a" }, { severity: LOW, description: "b" }] }) { id } }`,
      { p: w.processId, s: w.stepId },
      p.office,
    );
    const r = await compute(w.processId, p.office);
    expect(r.errors).toBeUndefined();
    const e = r.data.computeEvaluation;
    const line = (key: string) => e.criteria.find((c: any) => c.key === key);
    const byIndicator = (criterion: string, id: string) => e.criteria.find((c: any) => c.criterion === criterion && c.indicator?.id === id);
    expect(byIndicator("ATTAINMENT", w.indicatorId)).toMatchObject({ target: 100, actual: 85, count: 2, attainment: 85 });
    expect(byIndicator("ATTAINMENT", lower.data.createIndicator.id)).toMatchObject({ target: 2, actual: 4, attainment: 50 });
    expect(byIndicator("ATTAINMENT", band.data.createIndicator.id)).toMatchObject({ actual: 20.5, count: 4, attainment: 50 });
    expect(line("COMPLIANCE")).toMatchObject({ criterion: "COMPLIANCE", actual: 2, attainment: 75 }); // 100 − 20 − 5
    expect(line("COMPLIANCE").working).toMatch(/1 HIGH × 20.*1 LOW × 5\) = 75/);
    expect(byIndicator("EFFICIENCY", w.indicatorId).attainment).toBe(85);
    expect(e).toMatchObject({ attainmentScore: 61.7, complianceScore: 75, efficiencyScore: 85, effectivenessScore: 50 });
    // Default weights 0.4 / 0.2 / 0.2 / 0.2: 24.67 + 15 + 17 + 10 = 66.7 → PASS, maturity 3.
    expect(e).toMatchObject({ totalScore: 66.7, grade: "PASS", maturityLevel: 3, status: "DRAFT" });
    expect(e.criteria.reduce((s: number, c: any) => s + c.points, 0)).toBeCloseTo(66.7, 1);
    expect(e.criteria.reduce((s: number, c: any) => s + c.weight, 0)).toBeCloseTo(1, 4);
  });

  it("a criterion without data gives its weight to the others, and says so", async () => {
    const w = await freshProcess(t, p);
    await readings(t, p.office, w.indicatorId, [50]);
    const e = (await compute(w.processId, p.office)).data.computeEvaluation;
    expect(e.effectiveWeights).toEqual({ attainment: 0.5, compliance: 0.25, efficiency: 0.25, effectiveness: 0 });
    expect(e.totalScore).toBe(62.5); // 0.5 × 50 + 0.25 × 100 + 0.25 × 50
  });

  it("§4.3.1 refuses a malformed period, a process the viewer cannot read, and anyone but the process office or management", async () => {
    const w = await freshProcess(t, p);
    const bad = await t.gql(`mutation($p: ID!) { computeEvaluation(input: { processId: $p, period: "2026-13" }) { id } }`, { p: w.processId }, p.office);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "period" });
    expect((await compute(w.processId, p.finHead)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await compute(w.processId, p.mgmt)).data.computeEvaluation.status).toBe("DRAFT");
  });
});

describe("§4.3.3 weights, cut-offs, adjustments, drafts and finals", () => {
  it("weights per category and cut-offs are set by the process office, with their history, and change the grade", async () => {
    const w = await freshProcess(t, p);
    await readings(t, p.office, w.indicatorId, [70]);
    expect((await compute(w.processId, p.office)).data.computeEvaluation).toMatchObject({ totalScore: 77.5, grade: "PASS" });
    const set = `mutation($c: ProcessCategory) { setEvaluationConfig(input: { category: $c, weights: { attainment: 0.25, compliance: 0.5, efficiency: 0.25, effectiveness: 0 }, cutoffs: { excellent: 95, good: 85, pass: 70 }, reason: "合規優先" }) { id category weights { compliance } cutoffs { pass } createdBy { email } } }`;
    expect((await t.gql(set, { c: "FINANCE" }, p.mgmt)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const bad = await t.gql(set.replace("compliance: 0.5", "compliance: 0.6"), { c: "FINANCE" }, p.office);
    expect(bad.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "weights" });
    const ok = await t.gql(set, { c: "FINANCE" }, p.office);
    expect(ok.data.setEvaluationConfig).toMatchObject({ category: "FINANCE", weights: { compliance: 0.5 }, cutoffs: { pass: 70 }, createdBy: { email: "office@example.com" } });
    // 0.25 × 70 + 0.5 × 100 + 0.25 × 70 = 85 → GOOD under the new cut-offs (85).
    expect((await compute(w.processId, p.office)).data.computeEvaluation).toMatchObject({ totalScore: 85, grade: "GOOD" });
    const history = await t.gql(
      `{ evaluationConfigs(category: FINANCE) { reason } evaluationConfig(category: FINANCE) { isDefault cutoffs { good } } hr: evaluationConfig(category: HR) { isDefault } }`,
      {},
      p.finHead,
    );
    expect(history.data).toEqual({ evaluationConfigs: [{ reason: "合規優先" }], evaluationConfig: { isDefault: false, cutoffs: { good: 85 } }, hr: { isDefault: true } });
    await t.gql(
      `mutation { setEvaluationConfig(input: { category: FINANCE, weights: { attainment: 0.4, compliance: 0.2, efficiency: 0.2, effectiveness: 0.2 }, cutoffs: { excellent: 90, good: 80, pass: 60 }, reason: "恢復預設" }) { id } }`,
      {},
      p.office,
    );
    expect((await t.gql(`{ evaluationConfigs(category: FINANCE) { reason } }`, {}, p.office)).data.evaluationConfigs).toEqual([{ reason: "恢復預設" }, { reason: "合規優先" }]);
  });

  it("the process office adjusts a criterion with a reason that is kept; a recomputation makes a new draft; a final is never rewritten", async () => {
    const w = await freshProcess(t, p);
    await readings(t, p.office, w.indicatorId, [70]);
    const first = (await compute(w.processId, p.office)).data.computeEvaluation;
    const adjust = `mutation($e: ID!, $k: String!) { adjustEvaluation(input: { evaluationId: $e, key: $k, attainment: 80, reason: "資料延遲,經查核為 80" }) { ${FIELDS} } }`;
    const key = first.criteria.find((c: any) => c.criterion === "ATTAINMENT").key;
    expect((await t.gql(adjust, { e: first.id, k: key }, p.mgmt)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await t.gql(adjust, { e: first.id, k: "NOPE" }, p.office)).errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "key" });
    const adjusted = (await t.gql(adjust, { e: first.id, k: key }, p.office)).data.adjustEvaluation;
    const line = adjusted.criteria.find((c: any) => c.key === key);
    expect(line).toMatchObject({ attainment: 80, adjustment: { attainment: 80, reason: "資料延遲,經查核為 80", by: { email: "office@example.com" } } });
    expect(adjusted.totalScore).toBe(82.5); // 0.5 × 80 + 0.25 × 100 + 0.25 × 70

    // A recomputation (late readings) supersedes the draft with a new one.
    const second = (await compute(w.processId, p.office)).data.computeEvaluation;
    expect(second.id).not.toBe(first.id);
    const list = `query($p: ID!, $s: [EvaluationStatus!]) { evaluations(filter: { processIds: [$p], statuses: $s }) { edges { node { id status } } } }`;
    expect((await t.gql(list, { p: w.processId, s: ["SUPERSEDED"] }, p.office)).data.evaluations.edges).toEqual([{ node: { id: first.id, status: "SUPERSEDED" } }]);
    expect((await t.gql(adjust, { e: first.id, k: key }, p.office)).errors?.[0].extensions?.code).toBe("CONFLICT");

    const final = await t.gql(`mutation($e: ID!) { finalizeEvaluation(input: { evaluationId: $e }) { status totalScore finalizedBy { email } } }`, { e: second.id }, p.office);
    expect(final.data.finalizeEvaluation).toEqual({ status: "FINAL", totalScore: 77.5, finalizedBy: { email: "office@example.com" } });
    expect((await t.gql(adjust, { e: second.id, k: key }, p.office)).errors?.[0].extensions?.code).toBe("CONFLICT");
    expect((await t.gql(`mutation($e: ID!) { finalizeEvaluation(input: { evaluationId: $e }) { id } }`, { e: second.id }, p.office)).errors?.[0].extensions?.code).toBe("CONFLICT");
    // Late readings: a new draft; the final keeps its figures until a newer final supersedes it.
    await readings(t, p.office, w.indicatorId, [100, 100], 30);
    const third = (await compute(w.processId, p.office)).data.computeEvaluation;
    expect(third.status).toBe("DRAFT");
    expect((await t.gql(`query($e: ID!) { node(id: $e) { ... on Evaluation { status totalScore } } }`, { e: second.id }, p.office)).data.node).toEqual({
      status: "FINAL",
      totalScore: 77.5,
    });
  });
});

describe("§4.4.1 results fed back to the inbox", () => {
  it("finalising notifies the owner unit's head and the process office, live and with an unread count; nobody else", async () => {
    const w = await freshProcess(t, p);
    await readings(t, p.office, w.indicatorId, [95]);
    const e = (await compute(w.processId, p.office)).data.computeEvaluation;
    const count = `{ unreadNotificationCount }`;
    const before = { fin: (await t.gql(count, {}, p.finHead)).data.unreadNotificationCount, hr: (await t.gql(count, {}, p.hrHead)).data.unreadNotificationCount };

    const sockets = [p.finHead, p.hrHead].map((token) =>
      createClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 0, lazy: true }),
    );
    const got: string[][] = [[], []];
    sockets.forEach((c, i) =>
      c.subscribe(
        { query: `subscription { notificationAdded { subject evaluation { id } } }` },
        { next: (m: any) => got[i].push(m.data?.notificationAdded?.evaluation?.id ?? JSON.stringify(m.errors)), error: () => {}, complete: () => {} },
      ),
    );
    await new Promise((r) => setTimeout(r, 300));

    expect((await t.gql(`mutation($e: ID!) { finalizeEvaluation(input: { evaluationId: $e }) { status } }`, { e: e.id }, p.office)).data.finalizeEvaluation.status).toBe("FINAL");
    const until = Date.now() + 5000;
    while (got[0].length < 1 && Date.now() < until) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toEqual([[e.id], []]);
    await Promise.all(sockets.map((c) => c.dispose()));

    expect((await t.gql(count, {}, p.finHead)).data.unreadNotificationCount).toBe(before.fin + 1);
    expect((await t.gql(count, {}, p.hrHead)).data.unreadNotificationCount).toBe(before.hr);
    const inbox = await t.gql(`{ notifications(first: 5, unread: true) { edges { node { id subject evaluation { id grade } } } } }`, {}, p.office);
    const mine = inbox.data.notifications.edges.map((x: any) => x.node).find((n: any) => n.evaluation?.id === e.id);
    expect(mine.subject).toMatch(/EXCELLENT|GOOD/);

    // Marking: only one's own; another's id is NOT_FOUND and nothing changes.
    const finInbox = await t.gql(`{ notifications(first: 1, unread: true) { edges { node { id } } } }`, {}, p.finHead);
    const finId = finInbox.data.notifications.edges[0].node.id;
    expect((await t.gql(`mutation($n: ID!) { markNotificationsRead(ids: [$n]) { unreadCount } }`, { n: finId }, p.hrHead)).errors?.[0].extensions?.code).toBe("NOT_FOUND");
    const read = await t.gql(`mutation($n: ID!) { markNotificationsRead(ids: [$n]) { unreadCount notifications { readAt } } }`, { n: finId }, p.finHead);
    expect(read.data.markNotificationsRead.unreadCount).toBe(before.fin);
    expect(read.data.markNotificationsRead.notifications[0].readAt).not.toBeNull();
  });
});
