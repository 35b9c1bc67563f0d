import type { Classification, RiskCategory, RiskStatus } from "../../generated/prisma/enums.js";
import { actorOf, type Viewer } from "../../context.js";
import { audited, diff } from "../../lib/audit.js";
import type { PrismaClient, Tx } from "../../lib/db.js";
import { DomainError, forbidden, notFound } from "../../lib/errors.js";
import { riskLevel, riskScore } from "./matrix.js";
import { processWhere, indicatorWhere, riskWhere, whyCannotClassify } from "../access/visibility.js";
import { whyCannotEditRisk } from "./permissions.js";
import { earlier, nextReviewAfter } from "./cadence.js";
import { alertWhere } from "../access/visibility.js";
import { appendConditionEvents, clearCondition } from "../alerting/conditions.js";

export interface RiskInput {
  code: string;
  title: string;
  titleEn: string;
  description: string;
  category: RiskCategory;
  status: RiskStatus;
  classification: Classification;
  ownerUnitId: string;
  processIds: string[];
  stepIds: string[];
  keyIndicatorIds: string[];
}

export interface AssessmentInput {
  likelihood: number;
  impact: number;
  expectedLoss: number | null;
  rationale: string;
  assessedAt: Date;
  /** The key risk indicator's alert this re-assessment answers (§5.3.1). */
  reasonAlertId?: string | null;
}

const RISK_FIELDS = ["code", "title", "titleEn", "description", "category", "status", "classification", "ownerUnitId", "archivedAt"] as const;

/** Links name rows the viewer may read: a hidden process, step or indicator is as unknown as a missing one (§6.4). */
async function checkLinks(prisma: PrismaClient, viewer: Viewer, input: Partial<RiskInput>) {
  if (input.ownerUnitId && !(await prisma.orgUnit.findUnique({ where: { id: input.ownerUnitId } }))) {
    throw new DomainError("NOT_FOUND", `Unit ${input.ownerUnitId} was not found.`, { field: "ownerUnitId" });
  }
  for (const [ids, model, field, readable] of [
    [input.processIds, "process", "processIds", processWhere(viewer)],
    [input.stepIds, "processStep", "stepIds", { process: processWhere(viewer) }],
    [input.keyIndicatorIds, "indicator", "keyIndicatorIds", indicatorWhere(viewer)],
  ] as const) {
    if (!ids?.length) continue;
    const found = await (prisma as any)[model].count({ where: { AND: [{ id: { in: ids } }, readable] } });
    if (found !== new Set(ids).size) throw new DomainError("NOT_FOUND", `One of ${field} was not found.`, { field });
  }
}

/**
 * Keeps the risk's current score and level equal to its latest assessment's, and its next review
 * at the level's cadence or an approved acceptance's later expiry, whichever comes first (§5.1.2,
 * §5.2.1). A review no longer overdue has its warning cleared in the same transaction.
 */
async function refreshCurrent(tx: Tx, riskId: string, now = new Date()) {
  const latest = await tx.riskAssessment.findFirst({ where: { riskId }, orderBy: [{ assessedAt: "desc" }, { createdAt: "desc" }] });
  let nextReviewAt: Date | null = null;
  if (latest) {
    const acceptance = await tx.riskResponse.findFirst({
      where: { riskId, strategy: "ACCEPT", status: { not: "CLOSED" }, acceptanceApprovedAt: { not: null }, acceptanceExpiresAt: { gt: latest.assessedAt } },
      orderBy: { acceptanceExpiresAt: "asc" },
    });
    nextReviewAt = earlier(nextReviewAfter(latest.assessedAt, latest.level), acceptance?.acceptanceExpiresAt);
  }
  await tx.risk.update({ where: { id: riskId }, data: { currentScore: latest?.score ?? null, currentLevel: latest?.level ?? null, nextReviewAt } });
  if (nextReviewAt && nextReviewAt < now) return [];
  return appendConditionEvents(tx, [await clearCondition(tx, "RISK_REVIEW_OVERDUE", riskId, now, "The risk was reviewed (§5.1.2).")]);
}

/** A reason alert must be one the viewer reads, on this risk or one of its key indicators (§5.3.1). */
async function checkReason(prisma: PrismaClient, viewer: Viewer, riskId: string, alertId: string | null | undefined) {
  if (!alertId) return;
  const alert = await prisma.alert.findFirst({ where: { AND: [{ id: alertId }, alertWhere(viewer)] } });
  if (!alert) throw new DomainError("NOT_FOUND", `Alert ${alertId} was not found.`, { field: "reasonAlertId" });
  const watched = alert.indicatorId ? (await prisma.risk.count({ where: { id: riskId, keyIndicators: { some: { id: alert.indicatorId } } } })) > 0 : false;
  if (alert.riskId !== riskId && !watched) throw new DomainError("BAD_USER_INPUT", "The alert is not about this risk or one of its key indicators.", { field: "reasonAlertId" });
}

/** A risk the viewer may change: one they cannot read is NOT_FOUND, like a missing one (§6.4). */
async function editable(prisma: PrismaClient, viewer: Viewer, id: string) {
  const risk = await prisma.risk.findFirst({ where: { AND: [{ id }, riskWhere(viewer)] } });
  if (!risk) throw notFound("Risk", id);
  const why = whyCannotEditRisk(viewer, risk);
  if (why) throw forbidden(why);
  return risk;
}

async function create(prisma: PrismaClient, viewer: Viewer, input: RiskInput) {
  const why = whyCannotEditRisk(viewer, input) ?? whyCannotClassify(viewer, input.classification);
  if (why) throw forbidden(why);
  await checkLinks(prisma, viewer, input);
  const { processIds, stepIds, keyIndicatorIds, ...fields } = input;
  return audited(prisma, actorOf(viewer), "createRisk", async (tx, record) => {
    const risk = await tx.risk.create({
      data: {
        ...fields,
        processes: { connect: processIds.map((id) => ({ id })) },
        steps: { connect: stepIds.map((id) => ({ id })) },
        keyIndicators: { connect: keyIndicatorIds.map((id) => ({ id })) },
      },
    });
    record({ entity: "Risk", entityId: risk.id, changes: { ...input } });
    return risk;
  });
}

async function update(prisma: PrismaClient, viewer: Viewer, id: string, input: Partial<RiskInput>) {
  const before = await editable(prisma, viewer, id);
  if (input.ownerUnitId && input.ownerUnitId !== before.ownerUnitId) {
    const why = whyCannotEditRisk(viewer, { ownerUnitId: input.ownerUnitId });
    if (why) throw forbidden(why);
  }
  const why = whyCannotClassify(viewer, input.classification);
  if (why) throw forbidden(why);
  await checkLinks(prisma, viewer, input);
  const { processIds, stepIds, keyIndicatorIds, ...fields } = input;
  return audited(prisma, actorOf(viewer), "updateRisk", async (tx, record) => {
    const links = await tx.risk.findUniqueOrThrow({
      where: { id },
      include: { processes: { select: { id: true } }, steps: { select: { id: true } }, keyIndicators: { select: { id: true } } },
    });
    const after = await tx.risk.update({
      where: { id },
      data: {
        ...fields,
        ...(processIds ? { processes: { set: processIds.map((p) => ({ id: p })) } } : {}),
        ...(stepIds ? { steps: { set: stepIds.map((s) => ({ id: s })) } } : {}),
        ...(keyIndicatorIds ? { keyIndicators: { set: keyIndicatorIds.map((k) => ({ id: k })) } } : {}),
      },
    });
    const changes = diff(before, after, [...RISK_FIELDS]);
    const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
    for (const [name, now, was] of [
      ["processIds", processIds, links.processes.map((p) => p.id)],
      ["stepIds", stepIds, links.steps.map((s) => s.id)],
      ["keyIndicatorIds", keyIndicatorIds, links.keyIndicators.map((k) => k.id)],
    ] as const) {
      if (now && !sameSet(now, was)) changes[name] = { from: was, to: now };
    }
    if (Object.keys(changes).length) record({ entity: "Risk", entityId: id, changes });
    return { id, changedFields: Object.keys(changes) };
  });
}

async function archive(prisma: PrismaClient, viewer: Viewer, id: string, now = new Date()) {
  const before = await editable(prisma, viewer, id);
  if (before.archivedAt) return before;
  return audited(prisma, actorOf(viewer), "archiveRisk", async (tx, record) => {
    const r = await tx.risk.update({ where: { id }, data: { archivedAt: now, status: "CLOSED" } });
    record({ entity: "Risk", entityId: id, changes: { archivedAt: { from: null, to: now }, status: { from: before.status, to: "CLOSED" } } });
    return r;
  });
}

/** Adds an assessment (§5.1.2); score and level come from the risk matrix, never from input. */
async function assess(prisma: PrismaClient, viewer: Viewer, riskId: string, input: AssessmentInput) {
  const risk = await editable(prisma, viewer, riskId);
  if (risk.archivedAt) throw new DomainError("CONFLICT", "This risk is archived.");
  await checkReason(prisma, viewer, riskId, input.reasonAlertId);
  const score = riskScore(input.likelihood, input.impact);
  const level = riskLevel(input.likelihood, input.impact);
  return audited(prisma, actorOf(viewer), "createRiskAssessment", async (tx, record) => {
    const a = await tx.riskAssessment.create({
      data: { ...input, score, level, riskId, assessedById: viewer.kind === "user" ? viewer.user.id : "" },
    });
    const events = await refreshCurrent(tx, riskId);
    record({ entity: "RiskAssessment", entityId: a.id, changes: { riskId, ...input, score, level } });
    return { ...a, events };
  });
}

/** Corrects an assessment; the risk's current level follows if it was the latest. */
async function updateAssessment(prisma: PrismaClient, viewer: Viewer, id: string, input: Partial<AssessmentInput>) {
  const before = await prisma.riskAssessment.findFirst({ where: { AND: [{ id }, { risk: riskWhere(viewer) }] } });
  if (!before) throw notFound("Assessment", id);
  await editable(prisma, viewer, before.riskId);
  const likelihood = input.likelihood ?? before.likelihood;
  const impact = input.impact ?? before.impact;
  return audited(prisma, actorOf(viewer), "updateRiskAssessment", async (tx, record) => {
    const after = await tx.riskAssessment.update({
      where: { id },
      data: { ...input, score: riskScore(likelihood, impact), level: riskLevel(likelihood, impact) },
    });
    await refreshCurrent(tx, before.riskId);
    const changes = diff(before, after, ["likelihood", "impact", "score", "level", "expectedLoss", "rationale", "assessedAt"]);
    if (Object.keys(changes).length) record({ entity: "RiskAssessment", entityId: id, changes });
    return { id, changedFields: Object.keys(changes) };
  });
}

/** The risk register (§5.1) and its assessment history (§5.1.2). */
export function createRiskService(prisma: PrismaClient) {
  return {
    create: create.bind(null, prisma),
    update: update.bind(null, prisma),
    archive: archive.bind(null, prisma),
    assess: assess.bind(null, prisma),
    updateAssessment: updateAssessment.bind(null, prisma),
  };
}
