import { parseId } from "../../src/modules/common/ids.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { checkAt, people, type People } from "../evaluation/world.js";
import { approvedPlan, assess, freshRisk, openAlert, PLAN } from "./world.js";

/**
 * The risk loop's rules through the API: who approves an acceptance and a plan (§5.2.1, §5.2.2),
 * an unapproved ACCEPT has no effect, the "without plan" warning fires and resolves (§5.2.2), the
 * review warning fires and moves with an assessment (§5.1.2), and the new types stay inside the
 * risk's unit and classification.
 */
let t: TestApp;
let p: People;

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  p = await people(t);
});
afterAll(() => t?.close());

const DAY = 86_400_000;
const RESPONSE = `id strategy status inEffect acceptanceApprovedAt acceptanceExpiresAt acceptanceApprovedBy { email } owner { id } risk { id acceptedUntil nextReviewAt }`;

describe("§5.2.1 responses: an acceptance takes effect only when management approves it", () => {
  it("ACCEPT without approval has no effect; only management approves, with a future expiry; the risk is due for review at expiry", async () => {
    const risk = await freshRisk(t, p);
    await assess(t, p.finHead, risk.id, 2, 3); // MEDIUM: next review in six months
    const create = `mutation($i: CreateRiskResponseInput!) { createRiskResponse(input: $i) { ${RESPONSE} } }`;
    const accept = await t.gql(create, { i: { riskId: risk.id, strategy: "ACCEPT", measures: "接受殘餘風險", ownerUnitId: p.finUnit, ownerId: p.finHeadId } }, p.finHead);
    expect(accept.errors).toBeUndefined();
    const r = accept.data.createRiskResponse;
    expect(r).toMatchObject({ strategy: "ACCEPT", status: "PLANNED", inEffect: false, acceptanceApprovedAt: null, risk: { acceptedUntil: null } });
    const reviewBefore = r.risk.nextReviewAt;

    // Unapproved, it cannot be put to work either.
    const working = await t.gql(`mutation($r: ID!) { updateRiskResponse(input: { responseId: $r, status: IN_PROGRESS }) { id } }`, { r: r.id }, p.finHead);
    expect(working.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", field: "status" });

    const approve = `mutation($r: ID!, $e: DateTime!) { approveRiskAcceptance(input: { responseId: $r, expiresAt: $e }) { ${RESPONSE} } }`;
    const expiresAt = new Date(Date.now() + 30 * DAY).toISOString();
    expect((await t.gql(approve, { r: r.id, e: expiresAt }, p.finHead)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await t.gql(approve, { r: r.id, e: expiresAt }, p.office)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await t.gql(approve, { r: r.id, e: expiresAt }, p.hrHead)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const past = await t.gql(approve, { r: r.id, e: new Date(Date.now() - DAY).toISOString() }, p.mgmt);
    expect(past.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "expiresAt" });
    const unchanged = await t.gql(`query($id: ID!) { node(id: $id) { ... on RiskResponse { ${RESPONSE} } } }`, { id: r.id }, p.finHead);
    expect(unchanged.data.node).toMatchObject({ inEffect: false, risk: { acceptedUntil: null, nextReviewAt: reviewBefore } });

    const approved = (await t.gql(approve, { r: r.id, e: expiresAt }, p.mgmt)).data.approveRiskAcceptance;
    expect(approved).toMatchObject({ inEffect: true, status: "IN_PROGRESS", acceptanceExpiresAt: expiresAt, acceptanceApprovedBy: { email: "management@example.com" } });
    expect(approved.risk).toEqual({ id: risk.id, acceptedUntil: expiresAt, nextReviewAt: expiresAt });

    // Only an ACCEPT response is approved; a change of strategy needs a new approval.
    const reduce = await t.gql(create, { i: { riskId: risk.id, strategy: "REDUCE", measures: "雙人覆核", ownerUnitId: p.finUnit } }, p.finHead);
    expect(reduce.data.createRiskResponse).toMatchObject({ inEffect: true });
    expect((await t.gql(approve, { r: reduce.data.createRiskResponse.id, e: expiresAt }, p.mgmt)).errors?.[0].extensions?.code).toBe("CONFLICT");
    const switched = await t.gql(`mutation($r: ID!) { updateRiskResponse(input: { responseId: $r, strategy: TRANSFER }) { ${RESPONSE} } }`, { r: r.id }, p.finHead);
    expect(switched.data.updateRiskResponse).toMatchObject({ strategy: "TRANSFER", acceptanceApprovedAt: null, acceptanceExpiresAt: null, risk: { acceptedUntil: null } });
  });

  it("an owner from another unit is refused, naming the field; a unit head cannot respond to another unit's risk", async () => {
    const risk = await freshRisk(t, p);
    const hrHeadId = (await t.gql(`{ me { user { id } } }`, {}, p.hrHead)).data.me.user.id;
    const wrong = await t.gql(
      `mutation($i: CreateRiskResponseInput!) { createRiskResponse(input: $i) { id } }`,
      { i: { riskId: risk.id, strategy: "REDUCE", measures: "x", ownerUnitId: p.finUnit, ownerId: hrHeadId } },
      p.finHead,
    );
    expect(wrong.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "ownerId" });
    const other = await t.gql(
      `mutation($i: CreateRiskResponseInput!) { createRiskResponse(input: $i) { id } }`,
      { i: { riskId: risk.id, strategy: "REDUCE", measures: "x", ownerUnitId: p.hrUnit } },
      p.hrHead,
    );
    expect(other.errors?.[0].extensions).toMatchObject({ code: "NOT_FOUND", field: "riskId" });
  });
});

describe("§5.2.2 contingency plans: draft → submitted → approved by management → retired", () => {
  it("a HIGH risk without an approved plan warns; approval resolves it at once; retiring warns again; a lower level resolves it", async () => {
    const risk = await freshRisk(t, p);
    await assess(t, p.finHead, risk.id, 4, 4); // 16: HIGH
    const now = new Date();
    await checkAt(t, now);
    const fired = await openAlert(t, "RISK_WITHOUT_PLAN", risk.id);
    expect(fired).toMatchObject({ state: "FIRING", level: "WARNING" });
    const needing = async () =>
      (await t.gql(`{ risks(first: 500, filter: { needsPlan: true }) { edges { node { id } } } }`, {}, p.finHead)).data.risks.edges.map((e: any) => e.node.id);
    expect(await needing()).toContain(risk.id);

    const create = `mutation($i: CreateContingencyPlanInput!) { createContingencyPlan(input: $i) { ${PLAN} } }`;
    const base = { riskId: risk.id, title: "預案", measures: "切換", activationCriteria: "中斷超過 1 小時" };
    const noOwner = await t.gql(create, { i: { ...base, steps: [{ title: "無人負責" }] } }, p.finHead);
    expect(noOwner.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "steps.0.unitId" });
    const noSteps = await t.gql(create, { i: { ...base, steps: [] } }, p.finHead);
    expect(noSteps.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "steps" });
    const draft = (
      await t.gql(
        create,
        {
          i: {
            ...base,
            steps: [
              { title: "啟用人工流程", unitId: p.finUnit },
              { title: "通報", role: "MANAGEMENT" },
            ],
          },
        },
        p.finHead,
      )
    ).data.createContingencyPlan;
    expect(draft).toMatchObject({
      status: "DRAFT",
      activationCriteria: "中斷超過 1 小時",
      steps: [
        { position: 0, unit: { id: p.finUnit }, role: null },
        { position: 1, unit: null, role: "MANAGEMENT" },
      ],
    });

    const approve = `mutation($p: ID!) { approveContingencyPlan(input: { planId: $p }) { ${PLAN} } }`;
    expect((await t.gql(approve, { p: draft.id }, p.mgmt)).errors?.[0].extensions?.code).toBe("CONFLICT"); // not submitted
    const submitted = await t.gql(`mutation($p: ID!) { submitContingencyPlan(input: { planId: $p }) { status } }`, { p: draft.id }, p.finHead);
    expect(submitted.data.submitContingencyPlan.status).toBe("SUBMITTED");
    expect((await t.gql(approve, { p: draft.id }, p.finHead)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    expect((await t.gql(approve, { p: draft.id }, p.office)).errors?.[0].extensions?.code).toBe("FORBIDDEN");
    const approved = (await t.gql(approve, { p: draft.id }, p.mgmt)).data.approveContingencyPlan;
    expect(approved).toMatchObject({ status: "APPROVED", approvedBy: { email: "management@example.com" }, risk: { hasApprovedPlan: true } });
    expect(await needing()).not.toContain(risk.id);
    expect(await t.db.prisma.alert.findUnique({ where: { id: fired!.id } })).toMatchObject({ state: "RESOLVED" });
    await checkAt(t, now);
    expect(await openAlert(t, "RISK_WITHOUT_PLAN", risk.id)).toBeNull();

    const retired = await t.gql(`mutation($p: ID!) { retireContingencyPlan(input: { planId: $p }) { ${PLAN} } }`, { p: draft.id }, p.finHead);
    expect(retired.data.retireContingencyPlan).toMatchObject({ status: "RETIRED", risk: { hasApprovedPlan: false } });
    await checkAt(t, now);
    const again = await openAlert(t, "RISK_WITHOUT_PLAN", risk.id);
    expect(again?.id).toBeDefined();
    expect(again?.id).not.toBe(fired!.id);

    await assess(t, p.finHead, risk.id, 2, 2); // 4: LOW
    await checkAt(t, now);
    expect(await openAlert(t, "RISK_WITHOUT_PLAN", risk.id)).toBeNull();
  });
});

describe("§5.1.2 review cadence: an overdue review warns; recording an assessment moves it", () => {
  it("a HIGH risk assessed four months ago is overdue (quarterly), warns once, and the next assessment moves the date and resolves the warning", async () => {
    const risk = await freshRisk(t, p);
    const then = new Date(Date.now() - 122 * DAY);
    const first = await assess(t, p.finHead, risk.id, 3, 4, { assessedAt: then }); // 12: HIGH
    const due = new Date(then);
    due.setUTCMonth(due.getUTCMonth() + 3);
    expect(first.data.createRiskAssessment.risk).toMatchObject({ currentLevel: "HIGH", nextReviewAt: due.toISOString(), reviewOverdue: true });

    const listed = await t.gql(`{ risks(first: 500, filter: { reviewOverdue: true }) { edges { node { id reviewOverdue } } } }`, {}, p.finHead);
    expect(listed.data.risks.edges.find((e: any) => e.node.id === risk.id).node.reviewOverdue).toBe(true);

    await checkAt(t, new Date());
    await checkAt(t, new Date());
    const alerts = await t.db.prisma.alert.findMany({ where: { source: "RISK_REVIEW_OVERDUE", riskId: parseId(risk.id, "Risk") } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ state: "FIRING", level: "CRITICAL" });

    const second = await assess(t, p.finHead, risk.id, 2, 2); // LOW: yearly
    const moved = new Date(second.data.createRiskAssessment.risk.nextReviewAt);
    expect(moved.getTime()).toBeGreaterThan(Date.now() + 360 * DAY);
    expect(second.data.createRiskAssessment.risk.reviewOverdue).toBe(false);
    expect(await t.db.prisma.alert.findUnique({ where: { id: alerts[0].id } })).toMatchObject({ state: "RESOLVED" });
  });
});

describe("§6.4 the new risk types stay inside the risk's unit and classification", () => {
  it("another unit's head reads none of the risk's responses, plan, incident, tasks or timeline, and cannot write to them", async () => {
    const risk = await freshRisk(t, p);
    await assess(t, p.finHead, risk.id, 4, 4);
    const plan = await approvedPlan(t, p, risk.id);
    const response = (
      await t.gql(
        `mutation($i: CreateRiskResponseInput!) { createRiskResponse(input: $i) { id } }`,
        { i: { riskId: risk.id, strategy: "REDUCE", measures: "x", ownerUnitId: p.finUnit } },
        p.finHead,
      )
    ).data.createRiskResponse;
    const opened = await t.gql(`mutation($r: ID!) { openIncident(input: { riskId: $r, title: "付款延誤" }) { id tasks { id } } }`, { r: risk.id }, p.finHead);
    expect(opened.errors).toBeUndefined();
    const incident = opened.data.openIncident;
    for (const id of [risk.id, plan.id, response.id, incident.id, incident.tasks[0].id]) {
      const own = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id }, p.finHead);
      expect(own.data.node?.id).toBe(id);
      const other = await t.gql(`query($id: ID!) { node(id: $id) { id } }`, { id }, p.hrHead);
      expect(other.data.node).toBeNull();
    }
    const list = await t.gql(`{ risks(first: 500, filter: { includeArchived: true }) { edges { node { id } } } }`, {}, p.hrHead);
    expect(list.data.risks.edges.map((e: any) => e.node.id)).not.toContain(risk.id);
    expect((await t.gql(`mutation($x: ID!) { completeIncidentTask(input: { taskId: $x }) { id } }`, { x: incident.tasks[0].id }, p.hrHead)).errors?.[0].extensions).toMatchObject({
      code: "NOT_FOUND",
      field: "taskId",
    });
    expect(
      (await t.gql(`mutation($i: ID!) { addIncidentTimelineEntry(input: { incidentId: $i, note: "x" }) { id } }`, { i: incident.id }, p.hrHead)).errors?.[0].extensions,
    ).toMatchObject({ code: "NOT_FOUND", field: "incidentId" });
    expect((await t.gql(`mutation($p: ID!) { retireContingencyPlan(input: { planId: $p }) { id } }`, { p: plan.id }, p.hrHead)).errors?.[0].extensions).toMatchObject({
      code: "NOT_FOUND",
      field: "planId",
    });
    expect(
      (await t.gql(`mutation($r: ID!) { updateRiskResponse(input: { responseId: $r, measures: "y" }) { id } }`, { r: response.id }, p.hrHead)).errors?.[0].extensions?.code,
    ).toBe("NOT_FOUND");
    // An employee of the owner unit reads it and may note the timeline, but does not open or close incidents.
    const emp = await t.gql(`query($id: ID!) { node(id: $id) { ... on RiskIncident { id timeline { kind } } } }`, { id: incident.id }, p.employee);
    if (emp.data.node) {
      expect((await t.gql(`mutation($r: ID!) { openIncident(input: { riskId: $r, title: "x" }) { id } }`, { r: risk.id }, p.employee)).errors?.[0].extensions?.code).toBe(
        "FORBIDDEN",
      );
    }
  });
});

describe("§5.2.2 the dashboard reads whether a risk needs a plan from the server (issue 9 item 5)", () => {
  // Pins the rule "HIGH or EXTREME without an approved plan" that the dashboard restated three
  // times (process page, register, heat-map list) instead of reading the server's answer.
  it("Risk.planRequired is the level's call and Risk.needsPlan agrees with the needsPlan filter, for every risk the viewer reads", async () => {
    const all = await t.gql(`{ risks(first: 500) { edges { node { id currentLevel planRequired needsPlan hasApprovedPlan } } } }`, {}, p.mgmt);
    const rows = all.data.risks.edges.map((e: any) => e.node);
    expect(rows.length).toBeGreaterThan(5);
    for (const r of rows) {
      expect(r.planRequired, r.id).toBe(r.currentLevel === "HIGH" || r.currentLevel === "EXTREME");
      expect(r.needsPlan, r.id).toBe(r.planRequired && !r.hasApprovedPlan);
    }
    const filtered = await t.gql(`{ risks(first: 500, filter: { needsPlan: true }) { edges { node { id } } } }`, {}, p.mgmt);
    expect(filtered.data.risks.edges.map((e: any) => e.node.id).sort()).toEqual(
      rows
        .filter((r: any) => r.needsPlan)
        .map((r: any) => r.id)
        .sort(),
    );
    expect(rows.some((r: any) => r.needsPlan)).toBe(true);
  });
});
