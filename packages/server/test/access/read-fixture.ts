import type { Classification } from "../../src/generated/prisma/enums.js";
import type { PrismaClient } from "../../src/lib/db.js";
import type { TestApp } from "../helpers/app.js";

/** A Relay global id, as the API returns them. */
export const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString("base64");

/** The parent an object belongs to, as the policy sees it: its classification and owner unit. */
export interface Parent {
  classification: Classification;
  unit: string;
}

/** One object of one node type and the parent whose rule it follows. */
export interface Fixture {
  type: string;
  id: string;
  label: string;
  /** The parent the policy derives the object's readability from; null for per-viewer objects. */
  parent: Parent | null;
  /** Per-viewer objects (notifications, feedback, tokens): the viewers who read it. */
  readers?: string[];
}

let serial = 0;

/**
 * One object of every node type under processes and risks of every classification, in the
 * Finance and HR units and the Strategy unit, created through the database: the seed has no
 * SECRET process, and no children of every type under every classification.
 */
export async function createReadFixture(prisma: PrismaClient): Promise<{ objects: Fixture[]; units: Record<string, string>; users: Record<string, string> }> {
  const units = Object.fromEntries((await prisma.orgUnit.findMany()).map((u) => [u.code, u.id]));
  const users = Object.fromEntries((await prisma.user.findMany()).map((u) => [u.email.split("@")[0], u.id]));
  const objects: Fixture[] = [];
  const add = (type: string, id: string, label: string, parent: Parent | null, readers?: string[]) => objects.push({ type, id, label, parent, readers });
  const now = new Date();

  for (const [classification, unit] of [
    ["SECRET", "FIN"],
    ["CONFIDENTIAL", "FIN"],
    ["INTERNAL", "HR"],
    ["PUBLIC", "HR"],
  ] as const) {
    const n = ++serial;
    const parent = { classification, unit };
    const label = `${classification} process of ${unit}`;
    const p = await prisma.process.create({
      data: {
        code: `P-RR-${n}`,
        name: `讀取規則流程 ${n}`,
        nameEn: `Read rules ${n}`,
        category: "FINANCE",
        goal: "目標",
        goalEn: "Goal",
        ownerUnitId: units[unit],
        classification,
        status: "ACTIVE",
      },
    });
    add("Process", p.id, label, parent);
    const step = await prisma.processStep.create({ data: { processId: p.id, position: 1, name: "步驟", nameEn: "Step" } });
    add("ProcessStep", step.id, label, parent);
    const change = await prisma.processChange.create({ data: { processId: p.id, title: "變更", description: "", proposal: { nameEn: "x" }, proposedById: users.management } });
    add("ProcessChange", change.id, label, parent);
    const indicator = await prisma.indicator.create({
      data: { code: `RR-IND-${n}`, name: "指標", processId: p.id, kind: "EFFICIENCY", unit: "%", direction: "HIGHER_IS_BETTER", target: 90 },
    });
    add("Indicator", indicator.id, label, parent);
    const rule = await prisma.thresholdRule.create({ data: { indicatorId: indicator.id, kind: "THRESHOLD", level: "WARNING", comparator: "BELOW", value: 80 } });
    add("ThresholdRule", rule.id, label, parent);
    const alert = await prisma.alert.create({
      data: { ruleId: rule.id, indicatorId: indicator.id, level: "WARNING", value: 70, message: "低於門檻", startedAt: now, lastFiredAt: now },
    });
    add("Alert", alert.id, label, parent);
    const silence = await prisma.silence.create({
      data: { indicatorId: indicator.id, startsAt: now, endsAt: new Date(now.getTime() + 3600_000), reason: "維護", createdById: users.management },
    });
    add("Silence", silence.id, label, parent);
    const evaluation = await prisma.evaluation.create({
      data: {
        processId: p.id,
        period: `RR-${n}`,
        periodStart: now,
        periodEnd: now,
        method: "GOAL",
        attainmentScore: 80,
        complianceScore: 80,
        efficiencyScore: 80,
        effectivenessScore: 80,
        weights: {},
        totalScore: 80,
        grade: "GOOD",
        evaluatorId: users.management,
      },
    });
    add("Evaluation", evaluation.id, label, parent);
    const action = await prisma.action.create({ data: { kind: "IMPROVEMENT", title: "改善", description: "", ownerUnitId: units[unit], evaluationId: evaluation.id } });
    add("Action", action.id, `${label} (evaluation's action)`, parent);
    const plan = await prisma.monitoringPlan.create({ data: { processId: p.id, unitId: units.PMO, method: "PERIODIC_INSPECTION", cadence: "MONTHLY", description: "" } });
    add("MonitoringPlan", plan.id, label, parent);
    const inspection = await prisma.inspection.create({
      data: { processId: p.id, unitId: units.PMO, method: "SPOT_CHECK", inspectorId: users.office, performedAt: now, observations: "", summary: "" },
    });
    add("Inspection", inspection.id, label, parent);
    const finding = await prisma.finding.create({ data: { inspectionId: inspection.id, severity: "LOW", description: "發現" } });
    add("Finding", finding.id, label, parent);
  }

  for (const [classification, unit] of [
    ["SECRET", "STR"],
    ["CONFIDENTIAL", "FIN"],
    ["INTERNAL", "HR"],
    ["INTERNAL", "FIN"],
  ] as const) {
    const n = ++serial;
    const parent = { classification, unit };
    const label = `${classification} risk of ${unit}`;
    const risk = await prisma.risk.create({
      data: { code: `R-RR-${n}`, title: `機密風險 ${n}`, titleEn: `Risk ${n}`, description: `秘密描述 ${n}`, category: "LEGAL", classification, ownerUnitId: units[unit] },
    });
    add("Risk", risk.id, label, parent);
    const assessment = await prisma.riskAssessment.create({
      data: { riskId: risk.id, likelihood: 4, impact: 5, score: 20, level: "EXTREME", rationale: "", assessedById: users.management, assessedAt: now },
    });
    add("RiskAssessment", assessment.id, label, parent);
    const response = await prisma.riskResponse.create({ data: { riskId: risk.id, strategy: "REDUCE", measures: `應對措施 ${n}`, ownerUnitId: units[unit] } });
    add("RiskResponse", response.id, label, parent);
    const plan = await prisma.contingencyPlan.create({ data: { riskId: risk.id, title: "應急預案", measures: `預案措施 ${n}`, responsibilities: "職責" } });
    add("ContingencyPlan", plan.id, label, parent);
    const incident = await prisma.riskIncident.create({ data: { riskId: risk.id, title: "事件", description: "", occurredAt: now, timeline: [] } });
    add("RiskIncident", incident.id, label, parent);
    const review = await prisma.postIncidentReview.create({
      data: { incidentId: incident.id, effectiveness: 3, lessons: "教訓", reviewedById: users.management, reviewedAt: now },
    });
    add("PostIncidentReview", review.id, label, parent);
    const task = await prisma.incidentTask.create({ data: { incidentId: incident.id, position: 0, title: "任務", unitId: units[unit] } });
    add("IncidentTask", task.id, label, parent);
    const action = await prisma.action.create({ data: { kind: "IMPROVEMENT", title: "後續", description: "", ownerUnitId: units[unit], reviewId: review.id } });
    add("Action", action.id, `${label} (review's action)`, parent);
  }

  for (const [classification, unit] of [
    ["SECRET", "FIN"],
    ["INTERNAL", "HR"],
  ] as const) {
    const r = await prisma.informationRecord.create({
      data: { title: `紀錄 ${++serial}`, content: "內容", classification, format: "PDF", channel: "系統", ownerUnitId: units[unit], createdById: users.management },
    });
    add("InformationRecord", r.id, `${classification} record of ${unit}`, { classification, unit });
  }

  // Org units and people: every reader (a person or a wall screen).
  add("OrgUnit", units.HR, "the HR unit", { classification: "PUBLIC", unit: "HR" });
  add("User", users.management, "the manager", { classification: "PUBLIC", unit: "HO" });

  // Per-viewer objects.
  const mine = await prisma.notification.create({ data: { userId: users.employee, channel: "IN_APP", subject: "給你", body: "" } });
  add("Notification", mine.id, "a notification to the employee", null, ["EMPLOYEE"]);
  const broadcast = await prisma.notification.create({ data: { unitId: units.FIN, channel: "IN_APP", subject: "財務部", body: "" } });
  add("Notification", broadcast.id, "a broadcast to Finance", null, ["EMPLOYEE", "DEPARTMENT_HEAD"]);
  const feedback = await prisma.feedback.create({ data: { authorId: users.employee, recipientUnitId: units.PMO, message: "流程問題" } });
  add("Feedback", feedback.id, "the employee's feedback to the process office", null, ["EMPLOYEE", "PROCESS_OFFICE", "MANAGEMENT"]);

  // Saved queries (issue 14): the author's own; UNIT ones for the author's unit; COMPANY ones for every person.
  const privateQuery = await prisma.savedQuery.create({ data: { authorId: users.analyst, name: "私人查詢", query: "{ me { name } }" } });
  add("SavedQuery", privateQuery.id, "the analyst's private saved query", null, ["ANALYST"]);
  const unitQuery = await prisma.savedQuery.create({ data: { authorId: users.employee, name: "財務部查詢", query: "{ me { name } }", sharing: "UNIT" } });
  add("SavedQuery", unitQuery.id, "the employee's query shared with Finance", null, ["EMPLOYEE", "DEPARTMENT_HEAD"]);
  const companyQuery = await prisma.savedQuery.create({ data: { authorId: users.analyst, name: "全公司查詢", query: "{ me { name } }", sharing: "COMPANY" } });
  add("SavedQuery", companyQuery.id, "the analyst's query shared with the company", null, ["MANAGEMENT", "DEPARTMENT_HEAD", "PROCESS_OFFICE", "EMPLOYEE", "ANALYST", "ADMIN"]);

  // Notification routing and the delivery log (§6.2.2): the process office, management and administrators.
  const admins = ["PROCESS_OFFICE", "MANAGEMENT", "ADMIN"];
  const cp = await prisma.contactPoint.create({ data: { name: `聯絡點 ${++serial}`, kind: "EMAIL", emailTo: ["oncall@example.test"] } });
  add("ContactPoint", cp.id, "an email contact point", null, admins);
  const policy = await prisma.notificationPolicy.create({ data: { contactPointId: cp.id } });
  add("NotificationPolicy", policy.id, "a notification policy", null, admins);
  const delivery = await prisma.notificationDelivery.create({ data: { contactPointId: cp.id, policyId: policy.id, dedupeKey: `fixture-${serial}`, giveUpAt: now } });
  add("NotificationDelivery", delivery.id, "a delivery in the outbox", null, admins);
  return { objects, units, users };
}

/** The policy's read ranks (§2, §6.4), restated independently of the code under test. */
export const RANK = { PUBLIC: 0, INTERNAL: 1, CONFIDENTIAL: 2, SECRET: 3 } as const;

/** A viewer of the read tests: a seeded login (or a token kind), and what the policy lets it read. */
export interface ReadViewer {
  email?: string;
  /** Company-wide: every unit's rows (else its own unit's and PUBLIC ones). */
  all: boolean;
  unit?: string;
  /** The highest classification it reads; null: nothing. */
  max: keyof typeof RANK | null;
}

/** The read tests' viewers: the seeded roles, a unit head of another unit than the FIN rows, and the two token kinds. */
export const READ_VIEWERS = {
  MANAGEMENT: { email: "management@example.com", all: true, max: "SECRET" },
  DEPARTMENT_HEAD: { email: "finance.head@example.com", all: false, unit: "FIN", max: "CONFIDENTIAL" },
  HR_HEAD: { email: "hr.head@example.com", all: false, unit: "HR", max: "CONFIDENTIAL" },
  PROCESS_OFFICE: { email: "office@example.com", all: true, max: "CONFIDENTIAL" },
  EMPLOYEE: { email: "employee@example.com", all: false, unit: "FIN", max: "INTERNAL" },
  ANALYST: { email: "analyst@example.com", all: true, max: "INTERNAL" },
  ADMIN: { email: "admin@example.com", all: true, max: "INTERNAL" },
  DISPLAY: { all: true, max: "INTERNAL" },
  INGEST: { all: true, max: null },
} satisfies Record<string, ReadViewer>;

export type ViewerName = keyof typeof READ_VIEWERS;

/** Whether the policy lets `viewer` read `o`: its own readers, or its parent's classification and unit. */
export function readableBy(viewer: ViewerName, o: Fixture): boolean {
  const v: ReadViewer = READ_VIEWERS[viewer];
  if (o.readers) return o.readers.includes(viewer);
  if (!v.max || !o.parent) return false;
  const { classification, unit } = o.parent;
  return RANK[classification] <= RANK[v.max] && (v.all || classification === "PUBLIC" || unit === v.unit);
}

/**
 * Access tokens of the named viewers: the logins signed in, a DISPLAY token and an INGEST token
 * (for an INTERNAL indicator of the fixture) created by the admin; with the two tokens' ids.
 */
export async function signInViewers(
  t: TestApp,
  objects: Fixture[],
  names: readonly ViewerName[],
): Promise<{ tokens: Record<string, string>; apiTokenIds: Record<"DISPLAY" | "INGEST", string> }> {
  const tokens: Record<string, string> = {};
  for (const name of new Set<ViewerName>([...names, "ADMIN"])) {
    const email = (READ_VIEWERS[name] as ReadViewer).email;
    if (email) tokens[name] = await t.login(email);
  }
  const apiTokenIds = {} as Record<"DISPLAY" | "INGEST", string>;
  const indicator = objects.find((o) => o.type === "Indicator" && o.parent?.classification === "INTERNAL")!;
  for (const kind of ["DISPLAY", "INGEST"] as const) {
    const r = await t.gql(
      `mutation($k: ApiTokenKind!, $name: String!, $i: [ID!]) { createApiToken(input: { name: $name, kind: $k, indicatorIds: $i }) { token apiToken { id } } }`,
      { k: kind, name: `read fixture ${kind}`, i: kind === "INGEST" ? [gid("Indicator", indicator.id)] : null },
      tokens.ADMIN,
    );
    if (!r.data) throw new Error(JSON.stringify(r.errors));
    tokens[kind] = r.data.createApiToken.token;
    apiTokenIds[kind] = Buffer.from(r.data.createApiToken.apiToken.id, "base64").toString().split(":")[1];
  }
  return { tokens, apiTokenIds };
}
