/**
 * Incidents (§5.4.1) and their post-incident review (§5.4.2). An incident is opened by hand or from
 * an alert on the risk (the alert then links to it); opening activates the risk's approved
 * contingency plan: its steps become the incident's tasks with their responsible units. Every
 * change is a typed timeline entry (time, author, kind, note). Status goes OPEN → CONTAINED →
 * CLOSED; it closes only once reviewed. Management and the risk's owner unit hear of a new
 * incident in the in-app inbox. The review records effectiveness (1-5), lessons, follow-up
 * actions (the Action type of rectifications and improvements) and links process change
 * proposals made through the process module.
 */
import type { ActionKind, IncidentEntryKind, IncidentStatus } from "../../generated/prisma/enums.js";
import { actorOf, type Viewer } from "../../context.js";
import { type AuditEntry, audited } from "../../lib/audit.js";
import { Prisma, type PrismaClient, type Tx } from "../../lib/db.js";
import { badInput, DomainError, forbidden } from "../../lib/errors.js";
import type { NotificationMessage } from "../../lib/pubsub.js";
import { alertWhere, processWhere, riskWhere } from "../access/visibility.js";
import { checkOwner, editableRisk, userOf } from "./load.js";
import { whyCannotEditRisk, whyCannotWorkOnIncident } from "./permissions.js";

export interface OpenIncidentInput {
  riskId: string;
  alertId: string | null;
  title: string;
  description: string;
  occurredAt: Date;
}

export interface FollowUpInput {
  kind: ActionKind;
  title: string;
  description: string;
  ownerUnitId: string;
  ownerId: string | null;
  deadline: Date;
}

export interface ReviewInput {
  effectiveness: number;
  lessons: string;
  actions: FollowUpInput[];
  processChangeIds: string[];
}

export interface IncidentWritten {
  id: string;
  notifications: NotificationMessage[];
}

/** Management (each person) and the risk's owner unit (one message for the unit) hear of an incident (§5.4.1). */
async function notifyIncident(tx: Tx, incident: { id: string; title: string }, risk: { code: string; ownerUnitId: string }, record: (e: AuditEntry) => void, now: Date) {
  const managers = await tx.$queryRaw<{ id: string; unit_id: string }[]>(Prisma.sql`
    SELECT id, unit_id FROM app_user WHERE disabled_at IS NULL AND 'MANAGEMENT' = ANY(roles) ORDER BY id`);
  const subject = `${risk.code}: incident "${incident.title}"`;
  const body = "An incident was opened; its contingency plan's steps are its tasks (§5.4.1).";
  const out: NotificationMessage[] = [];
  const recipients: { userId: string | null; unitId: string }[] = [...managers.map((m) => ({ userId: m.id, unitId: m.unit_id })), { userId: null, unitId: risk.ownerUnitId }];
  for (const r of recipients) {
    const n = await tx.notification.create({ data: { ...r, channel: "IN_APP", status: "SENT", sentAt: now, subject, body, incidentId: incident.id } });
    record({ entity: "Notification", entityId: n.id, changes: { ...r, subject, incidentId: incident.id } });
    if (r.userId) out.push({ id: n.id, userId: r.userId });
  }
  return out;
}

async function load(prisma: PrismaClient, viewer: Viewer, id: string, field = "incidentId") {
  const incident = await prisma.riskIncident.findFirst({
    where: { AND: [{ id }, { risk: riskWhere(viewer) }] },
    include: { risk: true, tasks: { select: { id: true, unitId: true, doneAt: true } }, review: { select: { id: true } } },
  });
  if (!incident) throw new DomainError("NOT_FOUND", `Incident ${id} was not found.`, { field });
  return incident;
}

/** An incident the viewer may work on and that is not closed. */
async function workable(prisma: PrismaClient, viewer: Viewer, id: string) {
  const incident = await load(prisma, viewer, id);
  const why = whyCannotWorkOnIncident(
    viewer,
    incident.risk,
    incident.tasks.map((t) => t.unitId),
  );
  if (why) throw forbidden(why);
  if (incident.status === "CLOSED") throw new DomainError("CONFLICT", "This incident is closed.", { field: "incidentId" });
  return incident;
}

const entry = (tx: Tx, incidentId: string, kind: IncidentEntryKind, note: string, authorId: string, at: Date) =>
  tx.incidentTimelineEntry.create({ data: { incidentId, kind, note, authorId, at } });

async function open(prisma: PrismaClient, viewer: Viewer, input: OpenIncidentInput, now = new Date()): Promise<IncidentWritten> {
  const user = userOf(viewer);
  const risk = await editableRisk(prisma, viewer, input.riskId);
  if (input.alertId) {
    const alert = await prisma.alert.findFirst({ where: { AND: [{ id: input.alertId }, alertWhere(viewer)] } });
    if (!alert) throw new DomainError("NOT_FOUND", `Alert ${input.alertId} was not found.`, { field: "alertId" });
    const watched = alert.indicatorId ? (await prisma.risk.count({ where: { id: risk.id, keyIndicators: { some: { id: alert.indicatorId } } } })) > 0 : false;
    if (alert.riskId !== risk.id && !watched) throw badInput("The alert is not about this risk or one of its key indicators.", "alertId");
    if (alert.incidentId) throw new DomainError("CONFLICT", "An incident was already opened from this alert.", { field: "alertId" });
  }
  if (input.occurredAt > now) throw badInput("An incident cannot occur in the future.", "occurredAt");
  return audited(prisma, actorOf(viewer), "openIncident", async (tx, record) => {
    const plan = await tx.contingencyPlan.findFirst({
      where: { riskId: risk.id, status: "APPROVED" },
      orderBy: { approvedAt: "desc" },
      include: { steps: { orderBy: { position: "asc" } } },
    });
    const incident = await tx.riskIncident.create({
      data: {
        riskId: risk.id,
        planId: plan?.id ?? null,
        title: input.title,
        description: input.description,
        occurredAt: input.occurredAt,
        tasks: { create: (plan?.steps ?? []).map((s) => ({ stepId: s.id, position: s.position, title: s.title, unitId: s.unitId, role: s.role })) },
      },
    });
    if (input.alertId) {
      // Only if no other incident took the alert meanwhile.
      const linked = await tx.alert.updateMany({ where: { id: input.alertId, incidentId: null }, data: { incidentId: incident.id } });
      if (linked.count !== 1) throw new DomainError("CONFLICT", "An incident was already opened from this alert.", { field: "alertId" });
    }
    await entry(
      tx,
      incident.id,
      "OPENED",
      plan ? `Opened; plan "${plan.title}" activated with ${plan.steps.length} tasks.` : "Opened; the risk has no approved contingency plan.",
      user.id,
      now,
    );
    record({ entity: "RiskIncident", entityId: incident.id, changes: { ...input, planId: plan?.id ?? null, tasks: plan?.steps.length ?? 0 } });
    const notifications = await notifyIncident(tx, incident, risk, record, now);
    return { id: incident.id, notifications };
  });
}

async function addEntry(prisma: PrismaClient, viewer: Viewer, incidentId: string, note: string, at: Date | null, now = new Date()): Promise<IncidentWritten> {
  const user = userOf(viewer);
  await workable(prisma, viewer, incidentId);
  if (!note.trim()) throw badInput("The note must not be empty.", "note");
  if (at && at > now) throw badInput("A timeline entry cannot lie in the future.", "at");
  return audited(prisma, actorOf(viewer), "addIncidentTimelineEntry", async (tx, record) => {
    const e = await entry(tx, incidentId, "NOTE", note.trim(), user.id, at ?? now);
    record({ entity: "IncidentTimelineEntry", entityId: e.id, changes: { incidentId, kind: "NOTE", note: note.trim(), at: e.at } });
    return { id: incidentId, notifications: [] };
  });
}

async function completeTask(prisma: PrismaClient, viewer: Viewer, taskId: string, note: string, now = new Date()): Promise<IncidentWritten> {
  const user = userOf(viewer);
  const task = await prisma.incidentTask.findFirst({ where: { AND: [{ id: taskId }, { incident: { risk: riskWhere(viewer) } }] } });
  if (!task) throw new DomainError("NOT_FOUND", `Task ${taskId} was not found.`, { field: "taskId" });
  const incident = await workable(prisma, viewer, task.incidentId);
  if (task.doneAt) throw new DomainError("CONFLICT", "This task is already done.", { field: "taskId" });
  return audited(prisma, actorOf(viewer), "completeIncidentTask", async (tx, record) => {
    const done = await tx.incidentTask.updateMany({ where: { id: taskId, doneAt: null }, data: { doneAt: now, doneById: user.id } });
    if (done.count !== 1) throw new DomainError("CONFLICT", "This task is already done.", { field: "taskId" });
    await entry(tx, incident.id, "TASK_DONE", note.trim() ? `${task.title}: ${note.trim()}` : task.title, user.id, now);
    record({ entity: "IncidentTask", entityId: taskId, changes: { doneAt: { from: null, to: now }, doneById: user.id, note } });
    return { id: incident.id, notifications: [] };
  });
}

/** OPEN ⇄ CONTAINED and the loss; CLOSED only through `close` (with a review). */
async function update(
  prisma: PrismaClient,
  viewer: Viewer,
  incidentId: string,
  input: { status?: IncidentStatus; loss?: { amount: number; currency: string } },
  now = new Date(),
): Promise<IncidentWritten> {
  const user = userOf(viewer);
  const before = await workable(prisma, viewer, incidentId);
  if (input.status === "CLOSED") throw new DomainError("CONFLICT", "An incident closes with closeIncident, once reviewed (§5.4.2).", { field: "status" });
  return audited(prisma, actorOf(viewer), "updateIncident", async (tx, record) => {
    const changes: Record<string, unknown> = {};
    if (input.status && input.status !== before.status) {
      await tx.riskIncident.update({ where: { id: incidentId }, data: { status: input.status, containedAt: input.status === "CONTAINED" ? now : null } });
      await entry(tx, incidentId, "STATUS", `${before.status} → ${input.status}`, user.id, now);
      changes.status = { from: before.status, to: input.status };
    }
    if (input.loss && (input.loss.amount !== before.loss || input.loss.currency !== before.lossCurrency)) {
      await tx.riskIncident.update({ where: { id: incidentId }, data: { loss: input.loss.amount, lossCurrency: input.loss.currency } });
      await entry(tx, incidentId, "LOSS", `${input.loss.amount} ${input.loss.currency}`, user.id, now);
      changes.loss = { from: { amount: before.loss, currency: before.lossCurrency }, to: input.loss };
    }
    if (Object.keys(changes).length) record({ entity: "RiskIncident", entityId: incidentId, changes });
    return { id: incidentId, notifications: [] };
  });
}

/** The post-incident review (§5.4.2), once per incident, by whoever may change the risk. */
async function review(prisma: PrismaClient, viewer: Viewer, incidentId: string, input: ReviewInput, now = new Date()): Promise<IncidentWritten> {
  const user = userOf(viewer);
  const incident = await load(prisma, viewer, incidentId);
  const why = whyCannotEditRisk(viewer, incident.risk);
  if (why) throw forbidden(why);
  if (incident.review) throw new DomainError("CONFLICT", "This incident has been reviewed.", { field: "incidentId" });
  if (incident.status === "OPEN") throw new DomainError("CONFLICT", "Contain the incident before reviewing it (§5.4.2).", { field: "incidentId" });
  if (!input.lessons.trim()) throw badInput("The review records the lessons learned.", "lessons");
  for (const [i, a] of input.actions.entries()) {
    await checkOwner(prisma, a.ownerUnitId, a.ownerId, `actions.${i}.`);
    if (a.deadline <= now) throw badInput("The deadline must lie in the future.", `actions.${i}.deadline`);
  }
  const changes = await prisma.processChange.findMany({
    where: { AND: [{ id: { in: input.processChangeIds } }, { process: processWhere(viewer) }] },
    select: { id: true, reviewId: true },
  });
  for (const [i, id] of input.processChangeIds.entries()) {
    const c = changes.find((x) => x.id === id);
    if (!c) throw new DomainError("NOT_FOUND", `Change proposal ${id} was not found.`, { field: `processChangeIds.${i}` });
    if (c.reviewId) throw new DomainError("CONFLICT", "This change proposal belongs to another review.", { field: `processChangeIds.${i}` });
  }
  return audited(prisma, actorOf(viewer), "reviewIncident", async (tx, record) => {
    const review = await tx.postIncidentReview.create({
      data: { incidentId, effectiveness: input.effectiveness, lessons: input.lessons.trim(), reviewedById: user.id, reviewedAt: now },
    });
    record({
      entity: "PostIncidentReview",
      entityId: review.id,
      changes: { incidentId, effectiveness: input.effectiveness, lessons: input.lessons.trim(), processChangeIds: input.processChangeIds },
    });
    for (const a of input.actions) {
      const action = await tx.action.create({ data: { ...a, reviewId: review.id, createdById: user.id } });
      await tx.actionUpdate.create({ data: { actionId: action.id, kind: "CREATED", progress: 0, authorId: user.id, note: a.description || a.title } });
      record({ entity: "Action", entityId: action.id, changes: { ...a, reviewId: review.id } });
    }
    if (input.processChangeIds.length) {
      await tx.processChange.updateMany({ where: { id: { in: input.processChangeIds } }, data: { reviewId: review.id } });
      for (const id of input.processChangeIds) record({ entity: "ProcessChange", entityId: id, changes: { reviewId: { from: null, to: review.id } } });
    }
    await entry(tx, incidentId, "REVIEW", `Reviewed: effectiveness ${input.effectiveness}/5, ${input.actions.length} follow-up actions.`, user.id, now);
    return { id: incidentId, notifications: [] };
  });
}

/** Closes a reviewed incident (§5.4.2). */
async function close(prisma: PrismaClient, viewer: Viewer, incidentId: string, now = new Date()): Promise<IncidentWritten> {
  const user = userOf(viewer);
  const incident = await load(prisma, viewer, incidentId);
  const why = whyCannotEditRisk(viewer, incident.risk);
  if (why) throw forbidden(why);
  if (incident.status === "CLOSED") throw new DomainError("CONFLICT", "This incident is closed.", { field: "incidentId" });
  if (!incident.review) throw new DomainError("CONFLICT", "An incident closes only with its post-incident review (§5.4.2).", { field: "incidentId" });
  return audited(prisma, actorOf(viewer), "closeIncident", async (tx, record) => {
    await tx.riskIncident.update({ where: { id: incidentId }, data: { status: "CLOSED", closedAt: now } });
    await entry(tx, incidentId, "STATUS", `${incident.status} → CLOSED`, user.id, now);
    record({ entity: "RiskIncident", entityId: incidentId, changes: { status: { from: incident.status, to: "CLOSED" }, closedAt: now } });
    return { id: incidentId, notifications: [] };
  });
}

export function createIncidentService(prisma: PrismaClient) {
  return {
    open: open.bind(null, prisma),
    addEntry: addEntry.bind(null, prisma),
    completeTask: completeTask.bind(null, prisma),
    update: update.bind(null, prisma),
    review: review.bind(null, prisma),
    close: close.bind(null, prisma),
  };
}
