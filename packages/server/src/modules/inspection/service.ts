/**
 * Monitoring plans, inspections and findings (§2.3.2, §4.2.1-§4.2.5). Each function takes the
 * viewer, checks the policy's permission, writes in one transaction with its audit rows and
 * returns the row and the alert events to publish after commit (an inspection recorded against
 * an overdue plan clears the plan's warning at once).
 */
import type { Cadence, MonitoringMethod, Severity } from "../../generated/prisma/enums.js";
import { actorOf, type Viewer } from "../../context.js";
import { audited, diff } from "../../lib/audit.js";
import type { PrismaClient, Tx } from "../../lib/db.js";
import { badInput, DomainError, forbidden, notFound } from "../../lib/errors.js";
import type { AlertEventMessage } from "../../lib/pubsub.js";
import { processWhere } from "../access/visibility.js";
import { nextDueAfter } from "../common/periods.js";
import { appendConditionEvents, clearCondition } from "../alerting/conditions.js";
import { whyCannotInspect, whyCannotPlan } from "./permissions.js";

export interface PlanInput {
  processId: string;
  method: MonitoringMethod;
  cadence: Cadence;
  unitId: string;
  /** The first due date; null for an AD_HOC plan. */
  firstDueAt: Date | null;
  description: string;
}

export interface PlanUpdate {
  method?: MonitoringMethod;
  cadence?: Cadence;
  unitId?: string;
  nextDueAt?: Date;
  description?: string;
}

export interface FindingInput {
  severity: Severity;
  stepId: string | null;
  description: string;
  evidence: string;
}

export interface InspectionInput {
  planId: string | null;
  processId: string;
  method: MonitoringMethod;
  performedAt: Date;
  summary: string;
  observations: string;
  findings: FindingInput[];
}

/** The result of a write: the row's id, and the alert events to publish after commit. */
export interface Written<T = { id: string }> {
  row: T;
  events: AlertEventMessage[];
}

const PLAN_FIELDS = ["method", "cadence", "unitId", "nextDueAt", "description", "active"] as const;
/** Inspections may be recorded a little ahead of the server's clock, never in the future. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** A process the viewer may read (else NOT_FOUND: no hint that it exists). */
async function readableProcess(prisma: PrismaClient, viewer: Viewer, id: string, field = "processId") {
  const process = await prisma.process.findFirst({ where: { AND: [{ id, archivedAt: null }, processWhere(viewer)] } });
  if (!process) throw new DomainError("NOT_FOUND", `Process ${id} was not found.`, { field });
  return process;
}

async function unitExists(prisma: PrismaClient, id: string, field: string) {
  const unit = await prisma.orgUnit.findUnique({ where: { id } });
  if (!unit || unit.archivedAt) throw new DomainError("NOT_FOUND", `Unit ${id} was not found.`, { field });
}

async function editablePlan(prisma: PrismaClient, viewer: Viewer, id: string) {
  const plan = await prisma.monitoringPlan.findUnique({ where: { id } });
  if (!plan) throw notFound("Monitoring plan", id);
  const process = await readableProcess(prisma, viewer, plan.processId).catch(() => {
    throw notFound("Monitoring plan", id);
  });
  const why = whyCannotPlan(viewer, process);
  if (why) throw forbidden(why);
  return plan;
}

/** Clears the plan's overdue warning when it is no longer overdue at `now`. */
async function settlePlan(tx: Tx, plan: { id: string; active: boolean; nextDueAt: Date | null }, now: Date) {
  if (plan.active && plan.nextDueAt && plan.nextDueAt < now) return [];
  const note = plan.active ? "The plan is no longer overdue." : "The plan was deactivated.";
  return appendConditionEvents(tx, [await clearCondition(tx, "MONITORING_PLAN_OVERDUE", plan.id, now, note)]);
}

/** §4.2.1, §4.2.2: a plan for a process, with a method, a cadence, a responsible unit and a first due date. */
async function createPlan(prisma: PrismaClient, viewer: Viewer, input: PlanInput): Promise<Written> {
  const process = await readableProcess(prisma, viewer, input.processId);
  const why = whyCannotPlan(viewer, process);
  if (why) throw forbidden(why);
  await unitExists(prisma, input.unitId, "unitId");
  if (input.cadence !== "AD_HOC" && !input.firstDueAt) throw badInput("A scheduled plan needs its first due date.", "firstDueAt");
  return audited(prisma, actorOf(viewer), "createMonitoringPlan", async (tx, record) => {
    const plan = await tx.monitoringPlan.create({
      data: {
        processId: input.processId,
        method: input.method,
        cadence: input.cadence,
        unitId: input.unitId,
        description: input.description,
        nextDueAt: input.firstDueAt,
      },
    });
    record({ entity: "MonitoringPlan", entityId: plan.id, changes: { ...input } });
    return { row: plan, events: [] };
  });
}

/** Changes a plan; a new due date or cadence may end its overdue warning. */
async function updatePlan(prisma: PrismaClient, viewer: Viewer, id: string, input: PlanUpdate, now = new Date()): Promise<Written<{ id: string; changedFields: string[] }>> {
  const before = await editablePlan(prisma, viewer, id);
  if (input.unitId) await unitExists(prisma, input.unitId, "unitId");
  return audited(prisma, actorOf(viewer), "updateMonitoringPlan", async (tx, record) => {
    const after = await tx.monitoringPlan.update({ where: { id }, data: input });
    const changes = diff(before, after, [...PLAN_FIELDS]);
    if (Object.keys(changes).length) record({ entity: "MonitoringPlan", entityId: id, changes });
    return { row: { id, changedFields: Object.keys(changes) }, events: await settlePlan(tx, after, now) };
  });
}

/** Stops a plan: it is no longer due, and its overdue warning resolves. */
async function deactivatePlan(prisma: PrismaClient, viewer: Viewer, id: string, now = new Date()): Promise<Written> {
  const before = await editablePlan(prisma, viewer, id);
  if (!before.active) return { row: before, events: [] };
  return audited(prisma, actorOf(viewer), "deactivateMonitoringPlan", async (tx, record) => {
    const after = await tx.monitoringPlan.update({ where: { id }, data: { active: false } });
    record({ entity: "MonitoringPlan", entityId: id, changes: { active: { from: true, to: false } } });
    return { row: after, events: await settlePlan(tx, after, now) };
  });
}

/**
 * §2.3.2, §4.2.2-§4.2.5: records an inspection, spot check or observation with its findings.
 * Against a plan, the plan's `lastDoneAt` moves and `nextDueAt` rolls forward by its cadence
 * in business periods; its overdue warning clears in the same transaction.
 */
async function recordInspection(prisma: PrismaClient, viewer: Viewer, input: InspectionInput, now = new Date()): Promise<Written> {
  if (viewer.kind !== "user") throw forbidden("Only a person records an inspection.");
  const process = await readableProcess(prisma, viewer, input.processId);
  const why = whyCannotInspect(viewer, process, input.method);
  if (why) throw forbidden(why);
  if (input.performedAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw badInput("performedAt must not lie in the future.", "performedAt");
  const plan = input.planId ? await prisma.monitoringPlan.findUnique({ where: { id: input.planId } }) : null;
  if (input.planId && (!plan || plan.processId !== input.processId)) {
    throw new DomainError("BAD_USER_INPUT", "planId must be a monitoring plan of this process.", { field: "planId" });
  }
  if (plan && !plan.active) throw new DomainError("CONFLICT", "This monitoring plan is no longer active.", { field: "planId" });
  const stepIds = [...new Set(input.findings.map((f) => f.stepId).filter((s): s is string => !!s))];
  if (stepIds.length) {
    const own = new Set((await prisma.processStep.findMany({ where: { id: { in: stepIds }, processId: input.processId }, select: { id: true } })).map((s) => s.id));
    const index = input.findings.findIndex((f) => f.stepId && !own.has(f.stepId));
    if (index >= 0) throw badInput("Every finding's stepId must be a step of the inspected process.", `findings.${index}.stepId`);
  }
  const actorId = viewer.user.id;
  return audited(prisma, actorOf(viewer), "recordInspection", async (tx, record) => {
    const inspection = await tx.inspection.create({
      data: {
        planId: input.planId,
        processId: input.processId,
        unitId: process.ownerUnitId,
        method: input.method,
        inspectorId: actorId,
        performedAt: input.performedAt,
        summary: input.summary,
        observations: input.observations,
      },
    });
    record({
      entity: "Inspection",
      entityId: inspection.id,
      changes: { planId: input.planId, processId: input.processId, method: input.method, performedAt: input.performedAt, summary: input.summary },
    });
    for (const f of input.findings) {
      const finding = await tx.finding.create({ data: { inspectionId: inspection.id, ...f } });
      record({ entity: "Finding", entityId: finding.id, changes: { inspectionId: inspection.id, ...f } });
    }
    let events: AlertEventMessage[] = [];
    // A backdated inspection older than the last one does not move the plan.
    if (plan && (!plan.lastDoneAt || plan.lastDoneAt <= input.performedAt)) {
      const nextDueAt = nextDueAfter(plan.cadence, plan.nextDueAt, input.performedAt);
      const after = await tx.monitoringPlan.update({ where: { id: plan.id }, data: { lastDoneAt: input.performedAt, nextDueAt } });
      record({ entity: "MonitoringPlan", entityId: plan.id, changes: diff(plan, after, ["lastDoneAt", "nextDueAt"]) });
      events = await settlePlan(tx, after, now);
    }
    return { row: inspection, events };
  });
}

export function createInspectionService(prisma: PrismaClient) {
  return {
    createPlan: createPlan.bind(null, prisma),
    updatePlan: updatePlan.bind(null, prisma),
    deactivatePlan: deactivatePlan.bind(null, prisma),
    recordInspection: recordInspection.bind(null, prisma),
  };
}
