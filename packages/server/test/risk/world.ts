import { parseId } from "../../src/modules/common/ids.js";
import type { TestApp } from "../helpers/app.js";
import type { People } from "../evaluation/world.js";

let serial = 0;

/** A new INTERNAL risk owned by finance, linked to a process and watching key indicators; no seeded data touches it. */
export async function freshRisk(t: TestApp, p: People, opts: { processId?: string; keyIndicatorIds?: string[] } = {}) {
  const n = ++serial;
  const r = await t.gql(
    `mutation($i: CreateRiskInput!) { createRisk(input: $i) { id code } }`,
    {
      i: {
        code: `R-K11-${n}-${Date.now() % 100000}`,
        title: "付款中斷風險",
        titleEn: "Payment outage",
        category: "OPERATIONAL",
        ownerUnitId: p.finUnit,
        processIds: opts.processId ? [opts.processId] : [],
        keyIndicatorIds: opts.keyIndicatorIds ?? [],
      },
    },
    p.mgmt,
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  return r.data.createRisk as { id: string; code: string };
}

/** Records an assessment; `at` defaults to now. */
export async function assess(t: TestApp, token: string, riskId: string, likelihood: number, impact: number, extra: { assessedAt?: Date; reasonAlertId?: string } = {}) {
  const r = await t.gql(
    `mutation($i: CreateRiskAssessmentInput!) { createRiskAssessment(input: $i) { id level reasonAlert { id } risk { currentLevel nextReviewAt reviewOverdue needsReassessment } } }`,
    { i: { riskId, likelihood, impact, rationale: "評估", assessedAt: extra.assessedAt?.toISOString(), reasonAlertId: extra.reasonAlertId } },
    token,
  );
  return r;
}

export const PLAN = `id status approvedAt approvedBy { email } activationCriteria steps { position title unit { id } role } risk { id hasApprovedPlan }`;

/** Drafts, submits and has management approve a plan with two steps: one for finance, one for the process office. */
export async function approvedPlan(t: TestApp, p: People, riskId: string) {
  const created = await t.gql(
    `mutation($i: CreateContingencyPlanInput!) { createContingencyPlan(input: $i) { ${PLAN} } }`,
    {
      i: {
        riskId,
        title: "付款中斷應急預案",
        measures: "切換人工付款流程",
        responsibilities: "財務部主責",
        activationCriteria: "準時審核率低於 60%",
        steps: [
          { title: "啟用人工覆核", unitId: p.finUnit },
          { title: "通知流程辦公室", role: "PROCESS_OFFICE" },
        ],
      },
    },
    p.finHead,
  );
  if (!created.data) throw new Error(JSON.stringify(created.errors));
  const id = created.data.createContingencyPlan.id as string;
  await t.gql(`mutation($p: ID!) { submitContingencyPlan(input: { planId: $p }) { id } }`, { p: id }, p.finHead);
  const approved = await t.gql(`mutation($p: ID!) { approveContingencyPlan(input: { planId: $p }) { ${PLAN} } }`, { p: id }, p.mgmt);
  if (!approved.data) throw new Error(JSON.stringify(approved.errors));
  return approved.data.approveContingencyPlan;
}

/** The open condition alert of (source, risk), straight from the table. */
export const openAlert = (t: TestApp, source: "RISK_WITHOUT_PLAN" | "RISK_REVIEW_OVERDUE", riskId: string) =>
  t.db.prisma.alert.findFirst({ where: { source, riskId: parseId(riskId, "Risk"), state: { not: "RESOLVED" } } });
