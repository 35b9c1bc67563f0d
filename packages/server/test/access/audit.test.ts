import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { schema } from "../../src/schema/index.js";
import { onMail } from "../../src/lib/mail.js";
import { createTestApp, PASSWORD, type TestApp } from "../helpers/app.js";

/**
 * §6.4 / §1.3: every mutation in the schema leaves exactly one audit row per change, naming the
 * mutation, in the change's own transaction. The table below must name every mutation: a new
 * mutation without an entry here fails the first test.
 */
let t: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ readingsDays: 1 });
  for (const [k, email] of Object.entries({ admin: "admin@example.com", mgmt: "management@example.com", office: "office@example.com", head: "finance.head@example.com" }))
    tokens[k] = await t.login(email);
  const r = await t.gql(
    `{ process(code: "P-ADM") { id steps { id } } fin: process(code: "P-FIN") { id } orgUnits(first: 1) { edges { node { id } } } users(first: 1, role: PROCESS_OFFICE) { edges { node { id unit { id } } } } }`,
    {},
    tokens.mgmt,
  );
  if (!r.data) throw new Error(JSON.stringify(r.errors));
  ids.process = r.data.process.id;
  ids.finProcess = r.data.fin.id;
  ids.unit = r.data.orgUnits.edges[0].node.id;
  ids.officeUser = r.data.users.edges[0].node.id;
  ids.officeUnit = r.data.users.edges[0].node.unit.id;
  ids.period = (await t.db.prisma.evaluation.findFirstOrThrow({ where: { status: "DRAFT" } })).period;
});
afterAll(() => t?.close());

const DEADLINE = new Date(Date.now() + 30 * 86_400_000).toISOString();
type Step = { as: string | null; query: string; vars?: () => Record<string, unknown>; save?: (data: any) => void; rows: number };

async function upload(csv: string, token: string) {
  const form = new FormData();
  form.set("operations", JSON.stringify({ query: `mutation($f: File!) { importReadingsCsv(file: $f) { accepted errors { line } } }`, variables: { f: null } }));
  form.set("map", JSON.stringify({ 0: ["variables.f"] }));
  form.set("0", new Blob([csv]), "r.csv");
  const res = await t.app.yoga.fetch("http://yoga/graphql", { method: "POST", headers: { authorization: `Bearer ${token}` }, body: form });
  return (await res.json()) as { data?: any; errors?: unknown[] };
}

const STEPS: Record<string, Step> = {
  login: {
    as: null,
    query: `mutation { login(email: "analyst@example.com", password: "${PASSWORD}") { refreshToken accessToken } }`,
    save: (d) => ((ids.refresh = d.login.refreshToken), (tokens.analyst = d.login.accessToken)),
    rows: 1,
  },
  refreshToken: { as: null, query: `mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken } }`, vars: () => ({ r: ids.refresh }), rows: 1 },
  logout: { as: "analyst", query: `mutation { logout }`, rows: 1 },
  createOrgUnit: {
    as: "admin",
    query: `mutation($p: ID!) { createOrgUnit(input: { code: "AUD", name: "稽核部", nameEn: "Audit", kind: DEPARTMENT, parentId: $p }) { id } }`,
    vars: () => ({ p: ids.unit }),
    save: (d) => (ids.newUnit = d.createOrgUnit.id),
    rows: 1,
  },
  updateOrgUnit: {
    as: "admin",
    query: `mutation($id: ID!) { updateOrgUnit(input: { id: $id, nameEn: "Internal audit" }) { changedFields } }`,
    vars: () => ({ id: ids.newUnit }),
    rows: 1,
  },
  archiveOrgUnit: { as: "admin", query: `mutation($id: ID!) { archiveOrgUnit(id: $id) { archivedAt } }`, vars: () => ({ id: ids.newUnit }), rows: 1 },
  createProcess: {
    as: "mgmt",
    query: `mutation($u: ID!) { createProcess(input: { code: "P-AUD", name: "內部稽核流程", nameEn: "Internal audit", category: ADMINISTRATION, goal: "確保合規", ownerUnitId: $u }) { id } }`,
    vars: () => ({ u: ids.unit }),
    save: (d) => (ids.newProcess = d.createProcess.id),
    rows: 1,
  },
  updateProcess: { as: "mgmt", query: `mutation($id: ID!) { updateProcess(input: { id: $id, status: ACTIVE }) { changedFields } }`, vars: () => ({ id: ids.newProcess }), rows: 1 },
  createProcessStep: {
    as: "mgmt",
    query: `mutation($p: ID!) { createProcessStep(input: { processId: $p, name: "稽核計劃", nameEn: "Audit plan" }) { id } }`,
    vars: () => ({ p: ids.newProcess }),
    save: (d) => (ids.step = d.createProcessStep.id),
    rows: 1,
  },
  updateProcessStep: {
    as: "mgmt",
    query: `mutation($id: ID!) { updateProcessStep(input: { id: $id, description: "年度稽核計劃" }) { changedFields } }`,
    vars: () => ({ id: ids.step }),
    rows: 1,
  },
  archiveProcessStep: { as: "mgmt", query: `mutation($id: ID!) { archiveProcessStep(id: $id) { archivedAt } }`, vars: () => ({ id: ids.step }), rows: 1 },
  createIndicator: {
    as: "office",
    query: `mutation($p: ID!) { createIndicator(input: { processId: $p, code: "AUD-01", name: "稽核完成率", unit: "%", kind: EFFICIENCY, direction: HIGHER_IS_BETTER, target: 95 }) { id } }`,
    vars: () => ({ p: ids.process }),
    save: (d) => (ids.indicator = d.createIndicator.id),
    rows: 1,
  },
  updateIndicator: {
    as: "office",
    query: `mutation($id: ID!) { updateIndicator(input: { id: $id, target: 96 }) { changedFields } }`,
    vars: () => ({ id: ids.indicator }),
    rows: 1,
  },
  createThresholdRule: {
    as: "office",
    query: `mutation($i: ID!) { createThresholdRule(input: { indicatorId: $i, kind: THRESHOLD, level: WARNING, comparator: BELOW, value: 90, clearValue: 92 }) { id } }`,
    vars: () => ({ i: ids.indicator }),
    save: (d) => (ids.rule = d.createThresholdRule.id),
    rows: 1,
  },
  updateThresholdRule: {
    as: "office",
    query: `mutation($id: ID!) { updateThresholdRule(input: { id: $id, consecutive: 1 }) { changedFields } }`,
    vars: () => ({ id: ids.rule }),
    rows: 0,
  },
  recordReadings: {
    as: "office",
    query: `mutation($i: ID!) { recordReadings(input: { readings: [{ indicatorId: $i, value: 80, key: "aud-1" }] }) { accepted alertEvents } }`,
    vars: () => ({ i: ids.indicator }),
    rows: 1,
  },
  recordReadingRows: {
    as: "office",
    query: `mutation($r: ReadingRows!) { recordReadingRows(rows: $r) { accepted alertEvents } }`,
    vars: () => ({ r: [[ids.indicator, 70, null, "aud-rows-1"]] }),
    rows: 1,
  },
  importReadingsCsv: { as: "office", query: "", rows: 1 },
  acknowledgeAlert: { as: "office", query: `mutation($a: ID!) { acknowledgeAlert(input: { alertId: $a, note: "查核中" }) { state } }`, vars: () => ({ a: ids.alert }), rows: 1 },
  assignAlert: {
    as: "office",
    query: `mutation($a: ID!, $u: ID!) { assignAlert(input: { alertId: $a, assigneeId: $u }) { state } }`,
    vars: () => ({ a: ids.alert, u: ids.officeUser }),
    rows: 1,
  },
  resolveAlert: { as: "office", query: `mutation($a: ID!) { resolveAlert(input: { alertId: $a, note: "已改善" }) { state } }`, vars: () => ({ a: ids.alert }), rows: 1 },
  createSilence: {
    as: "office",
    query: `mutation($i: ID!, $e: DateTime!) { createSilence(input: { indicatorId: $i, endsAt: $e, reason: "系統維護" }) { id } }`,
    vars: () => ({ i: ids.indicator, e: new Date(Date.now() + 3600_000).toISOString() }),
    save: (d) => (ids.silence = d.createSilence.id),
    rows: 1,
  },
  updateSilence: {
    as: "office",
    query: `mutation($id: ID!) { updateSilence(input: { id: $id, reason: "系統維護延長" }) { id } }`,
    vars: () => ({ id: ids.silence }),
    rows: 1,
  },
  endSilence: { as: "office", query: `mutation($id: ID!) { endSilence(id: $id) { id } }`, vars: () => ({ id: ids.silence }), rows: 1 },
  // §6.2.2 contact points, routing and escalation (§2.1.2)
  createContactPoint: {
    as: "office",
    // Two in one request (two rows): the second is the one deleteContactPoint removes.
    query: `mutation($u: ID!) {
      createContactPoint(input: { name: "值班收件匣", kind: IN_APP, inApp: { userIds: [$u] } }) { id }
      spare: createContactPoint(input: { name: "暫用", kind: IN_APP, inApp: { userIds: [$u] } }) { id }
    }`,
    vars: () => ({ u: ids.officeUser }),
    save: (d) => ((ids.contactPoint = d.createContactPoint.id), (ids.spareContactPoint = d.spare.id)),
    rows: 2,
  },
  updateContactPoint: {
    as: "office",
    query: `mutation($id: ID!, $u: ID!) { updateContactPoint(input: { id: $id, name: "值班收件匣（財務）", kind: IN_APP, inApp: { userIds: [$u] } }) { id } }`,
    vars: () => ({ id: ids.contactPoint, u: ids.officeUser }),
    rows: 1,
  },
  // Two changes: the delivery record and the test message in the tester's own inbox.
  testContactPoint: { as: "office", query: `mutation($id: ID!) { testContactPoint(id: $id) { ok } }`, vars: () => ({ id: ids.contactPoint }), rows: 2 },
  createNotificationPolicy: {
    as: "office",
    query: `mutation($c: ID!) { createNotificationPolicy(input: { contactPointId: $c, matchers: { levels: [CRITICAL] }, groupWaitSeconds: 0 }) { id } }`,
    vars: () => ({ c: ids.contactPoint }),
    save: (d) => (ids.policy = d.createNotificationPolicy.id),
    rows: 1,
  },
  updateNotificationPolicy: {
    as: "office",
    query: `mutation($p: ID!) { updateNotificationPolicy(input: { id: $p, groupWaitSeconds: 30, position: 5 }) { id } }`,
    vars: () => ({ p: ids.policy }),
    rows: 1,
  },
  // Its position 5 → 0: one change.
  reorderNotificationPolicies: { as: "office", query: `mutation($p: ID!) { reorderNotificationPolicies(ids: [$p]) { id } }`, vars: () => ({ p: ids.policy }), rows: 1 },
  deleteNotificationPolicy: { as: "office", query: `mutation($id: ID!) { deleteNotificationPolicy(id: $id) { id } }`, vars: () => ({ id: ids.policy }), rows: 1 },
  deleteContactPoint: { as: "office", query: `mutation($id: ID!) { deleteContactPoint(id: $id) { id } }`, vars: () => ({ id: ids.spareContactPoint }), rows: 1 },
  createEscalationPolicy: {
    as: "office",
    query: `mutation($c: ID!) { createEscalationPolicy(input: { name: "財務升級", category: FINANCE, steps: [{ afterMinutes: 15, contactPointId: $c }] }) { id } }`,
    vars: () => ({ c: ids.contactPoint }),
    save: (d) => (ids.escalation = d.createEscalationPolicy.id),
    rows: 1,
  },
  deleteEscalationPolicy: { as: "office", query: `mutation($id: ID!) { deleteEscalationPolicy(id: $id) { id } }`, vars: () => ({ id: ids.escalation }), rows: 1 },
  // §6.3.1 unit reports: a schedule, a report sent now (the run, the inbox message, the run's outcome), the schedule stopped.
  createReportSchedule: {
    as: "office",
    query: `mutation($u: ID!, $c: ID!) { createReportSchedule(input: { unitId: $u, cron: "0 8 1 * *", contactPointIds: [$c] }) { id } }`,
    vars: () => ({ u: ids.unit, c: ids.contactPoint }),
    save: (d) => (ids.reportSchedule = d.createReportSchedule.id),
    rows: 1,
  },
  sendUnitReport: {
    as: "office",
    query: `mutation($u: ID!, $c: ID!, $p: String!) { sendUnitReport(input: { unitId: $u, period: $p, contactPointIds: [$c] }) { ok } }`,
    vars: () => ({ u: ids.unit, c: ids.contactPoint, p: ids.period }),
    rows: 3,
  },
  deleteReportSchedule: { as: "office", query: `mutation($id: ID!) { deleteReportSchedule(id: $id) { id } }`, vars: () => ({ id: ids.reportSchedule }), rows: 1 },
  // §2.4.3 employee feedback
  submitFeedback: {
    as: "head",
    query: `mutation($p: ID!) { submitFeedback(input: { processId: $p, message: "付款核准步驟重複簽核" }) { id } }`,
    vars: () => ({ p: ids.finProcess }),
    save: (d) => (ids.feedback = d.submitFeedback.id),
    // The feedback and one inbox message each to the finance unit's head and the process office.
    rows: 3,
  },
  answerFeedback: {
    as: "office",
    query: `mutation($f: ID!) { answerFeedback(input: { feedbackId: $f, answer: "已轉交流程管理單位" }) { id } }`,
    vars: () => ({ f: ids.feedback }),
    rows: 2,
  }, // and the author's inbox message
  feedbackToAction: {
    as: "office",
    query: `mutation($f: ID!, $u: ID!, $d: DateTime!) { feedbackToAction(input: { feedbackId: $f, title: "簡化付款簽核", ownerUnitId: $u, deadline: $d }) { id } }`,
    vars: () => ({ f: ids.feedback, u: ids.officeUnit, d: DEADLINE }),
    // The action, the feedback's link to it, and the author's inbox message.
    rows: 3,
  },
  // Issue 14: saved queries, kept per author
  saveQuery: {
    as: "office",
    query: `mutation { saveQuery(input: { name: "逾期整改", query: "{ actions(first: 5) { totalCount } }", sharing: UNIT }) { id } }`,
    save: (d) => (ids.savedQuery = d.saveQuery.id),
    rows: 1,
  },
  updateSavedQuery: {
    as: "office",
    query: `mutation($id: ID!) { updateSavedQuery(input: { id: $id, name: "逾期整改事項", sharing: COMPANY }) { changedFields } }`,
    vars: () => ({ id: ids.savedQuery }),
    rows: 1,
  },
  deleteSavedQuery: { as: "office", query: `mutation($id: ID!) { deleteSavedQuery(id: $id) { id } }`, vars: () => ({ id: ids.savedQuery }), rows: 1 },
  archiveThresholdRule: { as: "office", query: `mutation($id: ID!) { archiveThresholdRule(id: $id) { enabled } }`, vars: () => ({ id: ids.rule }), rows: 1 },
  archiveIndicator: { as: "office", query: `mutation($id: ID!) { archiveIndicator(id: $id) { archivedAt } }`, vars: () => ({ id: ids.indicator }), rows: 1 },
  // §2.1.1 / §2.3.1 separation of duties: proposed by the owning head, reviewed by the process office, approved by management.
  proposeProcessChange: {
    as: "head",
    query: `mutation($p: ID!) { proposeProcessChange(input: { processId: $p, title: "改名", proposal: { nameEn: "Finance management and review" } }) { id } }`,
    vars: () => ({ p: ids.finProcess }),
    save: (d) => (ids.change = d.proposeProcessChange.id),
    rows: 1,
  },
  reviewProcessChange: { as: "office", query: `mutation($id: ID!) { reviewProcessChange(id: $id, accept: true) { status } }`, vars: () => ({ id: ids.change }), rows: 1 },
  approveProcessChange: { as: "mgmt", query: `mutation($id: ID!) { approveProcessChange(id: $id) { status } }`, vars: () => ({ id: ids.change }), rows: 2 },
  archiveProcess: { as: "mgmt", query: `mutation($id: ID!) { archiveProcess(id: $id) { archivedAt } }`, vars: () => ({ id: ids.newProcess }), rows: 1 },
  createRisk: {
    as: "office",
    query: `mutation($u: ID!, $p: ID!) { createRisk(input: { code: "R-AUD-1", title: "稽核資料遺失", category: OPERATIONAL, ownerUnitId: $u, processIds: [$p] }) { id } }`,
    vars: () => ({ u: ids.unit, p: ids.process }),
    save: (d) => (ids.risk = d.createRisk.id),
    rows: 1,
  },
  updateRisk: { as: "office", query: `mutation($id: ID!) { updateRisk(input: { id: $id, status: MONITORING }) { changedFields } }`, vars: () => ({ id: ids.risk }), rows: 1 },
  createRiskAssessment: {
    as: "office",
    query: `mutation($r: ID!) { createRiskAssessment(input: { riskId: $r, likelihood: 3, impact: 4 }) { id score level } }`,
    vars: () => ({ r: ids.risk }),
    save: (d) => (ids.assessment = d.createRiskAssessment.id),
    rows: 1,
  },
  updateRiskAssessment: {
    as: "office",
    query: `mutation($id: ID!) { updateRiskAssessment(input: { id: $id, impact: 5 }) { changedFields assessment { level } } }`,
    vars: () => ({ id: ids.assessment }),
    rows: 1,
  },
  createRiskResponse: {
    as: "office",
    query: `mutation($r: ID!, $u: ID!) { createRiskResponse(input: { riskId: $r, strategy: ACCEPT, measures: "接受殘餘風險", ownerUnitId: $u }) { id } }`,
    vars: () => ({ r: ids.risk, u: ids.unit }),
    save: (d) => (ids.response = d.createRiskResponse.id),
    rows: 1,
  },
  updateRiskResponse: {
    as: "office",
    query: `mutation($id: ID!) { updateRiskResponse(input: { responseId: $id, measures: "接受並每月覆核" }) { id } }`,
    vars: () => ({ id: ids.response }),
    rows: 1,
  },
  // The response, and the risk's next review brought forward to the expiry (§5.2.1).
  approveRiskAcceptance: {
    as: "mgmt",
    query: `mutation($id: ID!, $e: DateTime!) { approveRiskAcceptance(input: { responseId: $id, expiresAt: $e }) { id } }`,
    vars: () => ({ id: ids.response, e: DEADLINE }),
    rows: 2,
  },
  createContingencyPlan: {
    as: "office",
    query: `mutation($r: ID!, $u: ID!) { createContingencyPlan(input: { riskId: $r, title: "稽核資料復原預案", measures: "自備份復原", steps: [{ title: "復原資料", unitId: $u }] }) { id } }`,
    vars: () => ({ r: ids.risk, u: ids.unit }),
    save: (d) => (ids.riskPlan = d.createContingencyPlan.id),
    rows: 1,
  },
  submitContingencyPlan: { as: "office", query: `mutation($id: ID!) { submitContingencyPlan(input: { planId: $id }) { id } }`, vars: () => ({ id: ids.riskPlan }), rows: 1 },
  approveContingencyPlan: { as: "mgmt", query: `mutation($id: ID!) { approveContingencyPlan(input: { planId: $id }) { id } }`, vars: () => ({ id: ids.riskPlan }), rows: 1 },
  // The incident, and one inbox message for each manager (one in the seed) and for the owner unit (§5.4.1).
  openIncident: {
    as: "office",
    query: `mutation($r: ID!) { openIncident(input: { riskId: $r, title: "稽核資料遺失" }) { id tasks { id } } }`,
    vars: () => ({ r: ids.risk }),
    save: (d) => ((ids.incident = d.openIncident.id), (ids.task = d.openIncident.tasks[0].id)),
    rows: 3,
  },
  completeIncidentTask: { as: "office", query: `mutation($id: ID!) { completeIncidentTask(input: { taskId: $id }) { id } }`, vars: () => ({ id: ids.task }), rows: 1 },
  addIncidentTimelineEntry: {
    as: "office",
    query: `mutation($id: ID!) { addIncidentTimelineEntry(input: { incidentId: $id, note: "已自備份復原" }) { id } }`,
    vars: () => ({ id: ids.incident }),
    rows: 1,
  },
  updateIncident: {
    as: "office",
    query: `mutation($id: ID!) { updateIncident(input: { incidentId: $id, status: CONTAINED, loss: { amount: 100, currency: "TWD" } }) { id } }`,
    vars: () => ({ id: ids.incident }),
    rows: 1,
  },
  // The review and its follow-up action (§5.4.2).
  reviewIncident: {
    as: "office",
    query: `mutation($id: ID!, $u: ID!, $d: DateTime!) { reviewIncident(input: { incidentId: $id, effectiveness: 4, lessons: "備份有效", actions: [{ title: "每季演練復原", ownerUnitId: $u, deadline: $d }] }) { id } }`,
    vars: () => ({ id: ids.incident, u: ids.unit, d: DEADLINE }),
    rows: 2,
  },
  closeIncident: { as: "office", query: `mutation($id: ID!) { closeIncident(input: { incidentId: $id }) { id } }`, vars: () => ({ id: ids.incident }), rows: 1 },
  retireContingencyPlan: { as: "office", query: `mutation($id: ID!) { retireContingencyPlan(input: { planId: $id }) { id } }`, vars: () => ({ id: ids.riskPlan }), rows: 1 },
  archiveRisk: { as: "office", query: `mutation($id: ID!) { archiveRisk(id: $id) { archivedAt } }`, vars: () => ({ id: ids.risk }), rows: 1 },
  createApiToken: {
    as: "admin",
    query: `mutation { createApiToken(input: { name: "Audit wall", kind: DISPLAY }) { apiToken { id } } }`,
    save: (d) => (ids.token = d.createApiToken.apiToken.id),
    rows: 1,
  },
  revokeApiToken: { as: "admin", query: `mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`, vars: () => ({ id: ids.token }), rows: 1 },
  createMonitoringPlan: {
    as: "office",
    query: `mutation($p: ID!, $u: ID!, $d: DateTime!) { createMonitoringPlan(input: { processId: $p, method: PERIODIC_INSPECTION, cadence: MONTHLY, unitId: $u, firstDueAt: $d }) { id } }`,
    vars: () => ({ p: ids.process, u: ids.officeUnit, d: new Date(Date.now() + 86_400_000).toISOString() }),
    save: (d) => (ids.plan = d.createMonitoringPlan.id),
    rows: 1,
  },
  updateMonitoringPlan: {
    as: "office",
    query: `mutation($id: ID!) { updateMonitoringPlan(input: { id: $id, description: "月度全面檢查" }) { changedFields } }`,
    vars: () => ({ id: ids.plan }),
    rows: 1,
  },
  // The inspection, its finding, and the plan rolled forward.
  recordInspection: {
    as: "office",
    query: `mutation($plan: ID!, $p: ID!, $at: DateTime!) { recordInspection(input: { planId: $plan, processId: $p, method: PERIODIC_INSPECTION, performedAt: $at, summary: "月度檢查", findings: [{ severity: LOW, description: "登記不全" }] }) { id } }`,
    vars: () => ({ plan: ids.plan, p: ids.process, at: new Date().toISOString() }),
    rows: 3,
  },
  deactivateMonitoringPlan: { as: "office", query: `mutation($id: ID!) { deactivateMonitoringPlan(id: $id) { active } }`, vars: () => ({ id: ids.plan }), rows: 1 },
  setEvaluationConfig: {
    as: "office",
    query: `mutation { setEvaluationConfig(input: { category: ADMINISTRATION, weights: { attainment: 0.5, compliance: 0.2, efficiency: 0.15, effectiveness: 0.15 }, cutoffs: { excellent: 90, good: 80, pass: 60 }, reason: "重視指標達成" }) { id } }`,
    rows: 1,
  },
  // The new draft, and the seeded draft of this month it supersedes.
  computeEvaluation: {
    as: "office",
    query: `mutation($p: ID!, $period: String!) { computeEvaluation(input: { processId: $p, period: $period }) { id } }`,
    vars: () => ({ p: ids.process, period: ids.period }),
    save: (d) => (ids.evaluation = d.computeEvaluation.id),
    rows: 2,
  },
  adjustEvaluation: {
    as: "office",
    query: `mutation($e: ID!) { adjustEvaluation(input: { evaluationId: $e, key: "COMPLIANCE", attainment: 90, reason: "發現已當場改正" }) { id } }`,
    vars: () => ({ e: ids.evaluation }),
    rows: 1,
  },
  // The evaluation, its rectification, and one notification (the process office; P-ADM's unit has no head).
  finalizeEvaluation: {
    as: "office",
    query: `mutation($e: ID!, $u: ID!, $o: ID!, $d: DateTime!) { finalizeEvaluation(input: { evaluationId: $e, rectification: { causeAnalysis: "登記制度未落實", measures: "每週盤點", ownerUnitId: $u, ownerId: $o, deadline: $d } }) { status } }`,
    vars: () => ({ e: ids.evaluation, u: ids.officeUnit, o: ids.officeUser, d: new Date(Date.now() + 7 * 86_400_000).toISOString() }),
    rows: 3,
  },
  markNotificationsRead: { as: "office", query: `mutation($n: ID!) { markNotificationsRead(ids: [$n]) { unreadCount } }`, vars: () => ({ n: ids.notification }), rows: 1 },
  createAction: {
    as: "office",
    query: `mutation($p: ID!, $u: ID!) { createAction(input: { kind: IMPROVEMENT, title: "導入電子登記", processId: $p, ownerUnitId: $u }) { id } }`,
    vars: () => ({ p: ids.process, u: ids.officeUnit }),
    save: (d) => (ids.action = d.createAction.id),
    rows: 1,
  },
  updateActionProgress: {
    as: "office",
    query: `mutation($a: ID!) { updateActionProgress(input: { actionId: $a, progress: 50, note: "系統選型完成" }) { progress } }`,
    vars: () => ({ a: ids.action }),
    rows: 1,
  },
  completeAction: { as: "office", query: `mutation($a: ID!) { completeAction(input: { actionId: $a, note: "已上線" }) { status } }`, vars: () => ({ a: ids.action }), rows: 1 },
  verifyAction: { as: "office", query: `mutation($a: ID!) { verifyAction(input: { actionId: $a, note: "已確認" }) { status } }`, vars: () => ({ a: ids.action }), rows: 1 },
  reopenAction: { as: "office", query: `mutation($a: ID!) { reopenAction(input: { actionId: $a, note: "使用率偏低" }) { status } }`, vars: () => ({ a: ids.action }), rows: 1 },
  createUser: {
    as: "admin",
    query: `mutation($u: ID!) { createUser(input: { email: "new.one@example.com", name: "New One", unitId: $u, roles: [EMPLOYEE] }) { id } }`,
    vars: () => ({ u: ids.officeUnit }),
    save: (d) => (ids.newUser = d.createUser.id),
    rows: 1,
  },
  updateUser: {
    as: "admin",
    query: `mutation($id: ID!) { updateUser(input: { id: $id, name: "New Two", roles: [EMPLOYEE, ANALYST] }) { id } }`,
    vars: () => ({ id: ids.newUser }),
    rows: 1,
  },
  disableUser: { as: "admin", query: `mutation($id: ID!) { disableUser(id: $id) { disabledAt } }`, vars: () => ({ id: ids.newUser }), rows: 1 },
  enableUser: { as: "admin", query: `mutation($id: ID!) { enableUser(id: $id) { disabledAt } }`, vars: () => ({ id: ids.newUser }), rows: 1 },
  // The person and the invitation link.
  inviteUser: {
    as: "admin",
    query: `mutation($u: ID!) { inviteUser(input: { email: "invited@example.com", name: "Invited", unitId: $u, roles: [EMPLOYEE] }) { id } }`,
    vars: () => ({ u: ids.officeUnit }),
    rows: 2,
  },
  resetPassword: {
    as: null,
    query: `mutation($t: String!) { resetPassword(input: { token: $t, password: "a long and unusual passphrase" }) }`,
    vars: () => ({ t: mails.at(-1)!.match(/#token=([^\s]+)/)![1] }),
    rows: 1,
  },
  requestPasswordReset: { as: null, query: `mutation { requestPasswordReset(email: "invited@example.com") }`, rows: 1 },
  changePassword: { as: "admin", query: `mutation { changePassword(input: { current: "${PASSWORD}", password: "another unusual passphrase" }) }`, rows: 1 },
  updateMySettings: {
    as: "admin",
    query: `mutation { updateMySettings(input: { timeZone: "Europe/Paris", notificationPreferences: { levels: [CRITICAL], channels: [IN_APP], quietHours: { start: "22:00", end: "07:00" } } }) { id } }`,
    rows: 1,
  },
};
const mails: string[] = [];
onMail((m) => mails.push(decodeURIComponent(m.text)));

describe("§6.4 the audit log covers every mutation", () => {
  it("names every mutation of the schema", () => {
    expect(Object.keys(schema.getMutationType()!.getFields()).sort()).toEqual(Object.keys(STEPS).sort());
  });

  it("writes exactly one row per change, with who and what (a no-op update writes none)", async () => {
    for (const [name, step] of Object.entries(STEPS)) {
      const before = await t.db.prisma.auditLog.count();
      let r: { data?: any; errors?: unknown[] };
      if (name === "importReadingsCsv") {
        r = await upload(`indicator,value,key\nAUD-01,70,aud-csv-1\n`, tokens.office);
      } else {
        r = await t.gql(step.query, step.vars?.() ?? {}, step.as ? tokens[step.as] : null);
      }
      expect(r.errors, `${name}: ${JSON.stringify(r.errors)}`).toBeUndefined();
      step.save?.(r.data);
      if (name === "recordReadings") {
        const alert = await t.db.prisma.alert.findFirstOrThrow({ where: { indicator: { code: "AUD-01" }, state: "FIRING" } });
        ids.alert = Buffer.from(`Alert:${alert.id}`).toString("base64");
      }
      if (name === "finalizeEvaluation") {
        const n = await t.db.prisma.notification.findFirstOrThrow({ where: { evaluationId: { not: null }, readAt: null }, orderBy: { createdAt: "desc" } });
        ids.notification = Buffer.from(`Notification:${n.id}`).toString("base64");
      }
      const rows = await t.db.prisma.auditLog.findMany({ where: {}, orderBy: { id: "desc" }, take: Math.max(step.rows, 1) });
      expect((await t.db.prisma.auditLog.count()) - before, name).toBe(step.rows);
      if (step.rows > 0) {
        expect(rows[0].action, name).toBe(name);
        expect(rows[0].actorId ?? rows[0].tokenId, `${name} names its actor`).toBeTruthy();
        expect(rows[0].changes, name).toBeTruthy();
      }
    }
  });

  it("is readable by management with filters, and not by an analyst", async () => {
    const r = await t.gql(`{ auditLog(first: 5, filter: { action: "updateProcess" }) { totalCount edges { node { action entity changes actor { name } } } } }`, {}, tokens.mgmt);
    expect(r.data.auditLog.totalCount).toBeGreaterThan(0);
    expect(r.data.auditLog.edges[0].node).toMatchObject({ action: "updateProcess", entity: "Process" });
    expect(r.data.auditLog.edges[0].node.changes.status).toEqual({ from: "DRAFT", to: "ACTIVE" });
    const analyst = await t.gql(`{ auditLog(first: 1) { totalCount } }`, {}, await t.login("analyst@example.com"));
    expect(analyst.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });
});

describe("§6.4 the audit log is append-only in the database itself", () => {
  it("refuses UPDATE and DELETE on audit rows", async () => {
    const row = await t.db.prisma.auditLog.findFirstOrThrow();
    await expect(t.db.prisma.auditLog.update({ where: { id: row.id }, data: { action: "tampered" } })).rejects.toThrow(/append-only/);
    await expect(t.db.prisma.auditLog.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    expect((await t.db.prisma.auditLog.findUniqueOrThrow({ where: { id: row.id } })).action).toBe(row.action);
  });
});
