/**
 * Actions (§4.3.3, §4.4.2): rectifications (with a deadline) and improvements, from an
 * evaluation, a finding or by hand; progress with notes and evidence, completion, verification by
 * the process office, reopening. An action linked to an indicator is verified only once that
 * indicator is back inside its thresholds. Every step is kept as an ActionUpdate and audited; an
 * action that is done or no longer late has its overdue warning cleared at once.
 */
import type { ActionKind, ActionStatus, ActionUpdateKind } from "../../generated/prisma/enums.js";
import { actorOf, type Viewer } from "../../context.js";
import { type AuditEntry, audited } from "../../lib/audit.js";
import type { PrismaClient, Tx } from "../../lib/db.js";
import { badInput, DomainError, forbidden, notFound } from "../../lib/errors.js";
import type { AlertEventMessage } from "../../lib/pubsub.js";
import { actionWhere, processWhere } from "../access/visibility.js";
import { appendConditionEvents, clearCondition } from "../alerting/conditions.js";
import { whyCannotOpenAction, whyCannotVerify, whyCannotWorkOn } from "./permissions.js";

export interface RectificationInput {
  causeAnalysis: string;
  measures: string;
  ownerUnitId: string;
  ownerId: string;
  deadline: Date;
  /** The indicator that must recover before verification; by default the one that attained least. */
  indicatorId?: string | null;
}

export interface ActionInput {
  kind: ActionKind;
  title: string;
  description: string;
  processId: string | null;
  evaluationId: string | null;
  findingId: string | null;
  indicatorId: string | null;
  ownerUnitId: string;
  ownerId: string | null;
  deadline: Date | null;
}

export interface ActionWritten {
  id: string;
  events: AlertEventMessage[];
}

const OPEN: ActionStatus[] = ["OPEN", "IN_PROGRESS"];
const MAX_TEXT = 10_000;

/** The fields of a rectification that are missing (§4.3.3); an empty list when it is complete. */
export function missingRectificationFields(r: Partial<RectificationInput>): string[] {
  const missing: string[] = [];
  if (!r.causeAnalysis?.trim()) missing.push("causeAnalysis");
  if (!r.measures?.trim()) missing.push("measures");
  if (!r.ownerUnitId) missing.push("ownerUnitId");
  if (!r.ownerId) missing.push("ownerId");
  if (!r.deadline) missing.push("deadline");
  return missing;
}

/** Checks owner unit, owner and deadline of an action; throws BAD_USER_INPUT / NOT_FOUND naming the field. */
async function checkOwnership(db: PrismaClient | Tx, input: { ownerUnitId: string; ownerId?: string | null; deadline?: Date | null }, now: Date, prefix = "") {
  const unit = await db.orgUnit.findUnique({ where: { id: input.ownerUnitId } });
  if (!unit || unit.archivedAt) throw new DomainError("NOT_FOUND", `Unit ${input.ownerUnitId} was not found.`, { field: `${prefix}ownerUnitId` });
  if (input.ownerId) {
    const owner = await db.user.findUnique({ where: { id: input.ownerId } });
    if (!owner || owner.disabledAt) throw new DomainError("NOT_FOUND", `User ${input.ownerId} was not found.`, { field: `${prefix}ownerId` });
    if (owner.unitId !== input.ownerUnitId) throw badInput("The owner must belong to the owner unit.", `${prefix}ownerId`);
  }
  if (input.deadline && input.deadline <= now) throw badInput("The deadline must lie in the future.", `${prefix}deadline`);
}

/** Validates a rectification before anything is written (§4.3.3). */
export async function checkRectification(db: PrismaClient, r: Partial<RectificationInput>, now: Date): Promise<RectificationInput> {
  const missing = missingRectificationFields(r);
  if (missing.length) {
    throw new DomainError("BAD_USER_INPUT", `The rectification is missing ${missing.join(", ")} (§4.3.3).`, {
      field: `rectification.${missing[0]}`,
      missing,
    });
  }
  for (const [field, value] of [
    ["causeAnalysis", r.causeAnalysis!],
    ["measures", r.measures!],
  ] as const) {
    if (value.length > MAX_TEXT) throw badInput(`${field} may have at most ${MAX_TEXT} characters.`, `rectification.${field}`);
  }
  await checkOwnership(db, r as RectificationInput, now, "rectification.");
  return r as RectificationInput;
}

async function logUpdate(tx: Tx, actionId: string, kind: ActionUpdateKind, progress: number, authorId: string, note: string, evidence = "") {
  await tx.actionUpdate.create({ data: { actionId, kind, progress, authorId, note, evidence } });
}

/** Opens the RECTIFICATION of a finalised evaluation, in the caller's transaction. */
export async function createRectification(
  tx: Tx,
  input: RectificationInput & { title: string; evaluationId: string; processId: string },
  createdById: string,
  record: (entry: AuditEntry) => void,
  now: Date,
) {
  const action = await tx.action.create({
    data: {
      kind: "RECTIFICATION",
      title: input.title,
      description: `Cause analysis: ${input.causeAnalysis.trim()}\n\nMeasures: ${input.measures.trim()}`,
      evaluationId: input.evaluationId,
      processId: input.processId,
      indicatorId: input.indicatorId ?? null,
      ownerUnitId: input.ownerUnitId,
      ownerId: input.ownerId,
      deadline: input.deadline,
      createdById,
    },
  });
  await logUpdate(tx, action.id, "CREATED", 0, createdById, input.measures.trim());
  record({
    entity: "Action",
    entityId: action.id,
    changes: {
      kind: "RECTIFICATION",
      evaluationId: input.evaluationId,
      indicatorId: action.indicatorId,
      ownerUnitId: input.ownerUnitId,
      ownerId: input.ownerId,
      deadline: input.deadline,
      at: now,
    },
  });
  return action;
}

const userOf = (viewer: Viewer) => {
  if (viewer.kind !== "user") throw forbidden("Only a person may do this.");
  return viewer.user;
};

/** The action, if the viewer may read it (§6.4: a hidden one is answered as missing). */
async function load(prisma: PrismaClient, viewer: Viewer, id: string) {
  const action = await prisma.action.findFirst({ where: { AND: [{ id }, actionWhere(viewer)] }, include: { indicator: true } });
  if (!action) throw notFound("Action", id);
  return action;
}

/** Clears the action's overdue warning unless it is still open and late at `now`. */
async function settle(tx: Tx, a: { id: string; status: ActionStatus; deadline: Date | null }, now: Date) {
  if (OPEN.includes(a.status) && a.deadline && a.deadline < now) return [];
  return appendConditionEvents(tx, [await clearCondition(tx, "ACTION_OVERDUE", a.id, now, `The action is ${a.status}.`)]);
}

/** One state change with its update row, audit row and overdue settlement. */
async function transition(
  prisma: PrismaClient,
  viewer: Viewer,
  name: string,
  id: string,
  step: { kind: ActionUpdateKind; note: string; evidence?: string; data: (a: Awaited<ReturnType<typeof load>>) => Parameters<Tx["action"]["update"]>[0]["data"] },
  before: Awaited<ReturnType<typeof load>>,
  now: Date,
): Promise<ActionWritten> {
  const user = userOf(viewer);
  return audited(prisma, actorOf(viewer), name, async (tx, record) => {
    const after = await tx.action.update({ where: { id, status: before.status }, data: step.data(before) }).catch((error: { code?: string }) => {
      // Someone changed the action's status meanwhile: the step no longer applies.
      if (error.code === "P2025") throw new DomainError("CONFLICT", "The action changed meanwhile; reload it and try again.");
      throw error;
    });
    await logUpdate(tx, id, step.kind, after.progress, user.id, step.note, step.evidence ?? "");
    record({
      entity: "Action",
      entityId: id,
      changes: { status: { from: before.status, to: after.status }, progress: { from: before.progress, to: after.progress }, note: step.note },
    });
    if (after.findingId && (after.status === "VERIFIED" || before.status === "VERIFIED")) {
      const status = after.status === "VERIFIED" ? "CLOSED" : "RECTIFYING";
      await tx.finding.update({ where: { id: after.findingId }, data: { status } });
      record({ entity: "Finding", entityId: after.findingId, changes: { status } });
    }
    return { id, events: await settle(tx, after, now) };
  });
}

const needNote = (note: string) => {
  if (!note.trim()) throw badInput("A note is required.", "note");
  if (note.length > MAX_TEXT) throw badInput(`A note may have at most ${MAX_TEXT} characters.`, "note");
};

/** §4.4.2: opens a rectification or improvement from an evaluation, a finding, an indicator, or by hand on a process. */
async function create(prisma: PrismaClient, viewer: Viewer, input: ActionInput, now = new Date()): Promise<ActionWritten> {
  const user = userOf(viewer);
  const evaluation = input.evaluationId ? await prisma.evaluation.findUnique({ where: { id: input.evaluationId } }) : null;
  if (input.evaluationId && !evaluation) throw new DomainError("NOT_FOUND", `Evaluation ${input.evaluationId} was not found.`, { field: "evaluationId" });
  const finding = input.findingId ? await prisma.finding.findUnique({ where: { id: input.findingId }, include: { inspection: true } }) : null;
  if (input.findingId && !finding) throw new DomainError("NOT_FOUND", `Finding ${input.findingId} was not found.`, { field: "findingId" });
  const indicator = input.indicatorId ? await prisma.indicator.findUnique({ where: { id: input.indicatorId } }) : null;
  if (input.indicatorId && !indicator) throw new DomainError("NOT_FOUND", `Indicator ${input.indicatorId} was not found.`, { field: "indicatorId" });
  const processIds = [...new Set([input.processId, evaluation?.processId, finding?.inspection.processId, indicator?.processId].filter((x): x is string => !!x))];
  if (processIds.length === 0) throw badInput("Name the process, evaluation, finding or indicator the action is about.", "processId");
  if (processIds.length > 1) throw badInput("The evaluation, finding, indicator and process given belong to different processes.", "processId");
  // §6.4: a process the viewer may not read is answered as missing, like any hidden row.
  const process = await prisma.process.findFirst({ where: { AND: [{ id: processIds[0] }, processWhere(viewer)] } });
  if (!process) throw new DomainError("NOT_FOUND", `Process ${processIds[0]} was not found.`, { field: "processId" });
  const why = whyCannotOpenAction(viewer, process, input.ownerUnitId);
  if (why) throw forbidden(why);
  if (input.kind === "RECTIFICATION" && !input.deadline) throw badInput("A rectification needs a deadline (§4.3.3).", "deadline");
  await checkOwnership(prisma, input, now);
  return audited(prisma, actorOf(viewer), "createAction", async (tx, record) => {
    const action = await tx.action.create({ data: { ...input, processId: process.id, createdById: user.id } });
    await logUpdate(tx, action.id, "CREATED", 0, user.id, input.description);
    record({ entity: "Action", entityId: action.id, changes: { ...input, processId: process.id } });
    if (finding && finding.status === "OPEN") {
      await tx.finding.update({ where: { id: finding.id }, data: { status: "RECTIFYING" } });
      record({ entity: "Finding", entityId: finding.id, changes: { status: { from: "OPEN", to: "RECTIFYING" } } });
    }
    return { id: action.id, events: [] };
  });
}

/** Progress (0-100) with a note and evidence; an OPEN action becomes IN_PROGRESS. */
async function progress(prisma: PrismaClient, viewer: Viewer, input: { actionId: string; progress: number; note: string; evidence?: string }, now = new Date()) {
  const before = await load(prisma, viewer, input.actionId);
  const why = whyCannotWorkOn(viewer, before);
  if (why) throw forbidden(why);
  if (!Number.isInteger(input.progress) || input.progress < 0 || input.progress > 100) throw badInput("progress must be a whole number from 0 to 100.", "progress");
  needNote(input.note);
  if (!OPEN.includes(before.status))
    throw new DomainError("CONFLICT", `This action is ${before.status}; progress is reported on an open one. Reopen it first.`, { status: before.status });
  return transition(
    prisma,
    viewer,
    "updateActionProgress",
    before.id,
    { kind: "PROGRESS", note: input.note.trim(), evidence: input.evidence?.trim(), data: () => ({ progress: input.progress, status: "IN_PROGRESS" }) },
    before,
    now,
  );
}

/** Done, awaiting verification. */
async function complete(prisma: PrismaClient, viewer: Viewer, input: { actionId: string; note: string; evidence?: string }, now = new Date()) {
  const before = await load(prisma, viewer, input.actionId);
  const why = whyCannotWorkOn(viewer, before);
  if (why) throw forbidden(why);
  needNote(input.note);
  if (!OPEN.includes(before.status)) throw new DomainError("CONFLICT", `This action is ${before.status}; only an open action can be completed.`, { status: before.status });
  return transition(
    prisma,
    viewer,
    "completeAction",
    before.id,
    { kind: "COMPLETED", note: input.note.trim(), evidence: input.evidence?.trim(), data: () => ({ progress: 100, status: "DONE", completedAt: now }) },
    before,
    now,
  );
}

/**
 * §4.4.2: the process office verifies a DONE action. One linked to an indicator is verified
 * only when that indicator is back inside its thresholds (status OK).
 */
async function verify(prisma: PrismaClient, viewer: Viewer, input: { actionId: string; note: string }, now = new Date()) {
  const why = whyCannotVerify(viewer);
  if (why) throw forbidden(why);
  const user = userOf(viewer);
  const before = await load(prisma, viewer, input.actionId);
  needNote(input.note);
  if (before.status !== "DONE") throw new DomainError("CONFLICT", `This action is ${before.status}; only a DONE action can be verified.`, { status: before.status });
  if (before.indicator && before.indicator.status !== "OK") {
    throw new DomainError(
      "CONFLICT",
      `Indicator ${before.indicator.code} has not recovered: it is ${before.indicator.status}. The action can be verified once the indicator is back inside its thresholds (OK).`,
      { field: "actionId", indicatorStatus: before.indicator.status },
    );
  }
  return transition(
    prisma,
    viewer,
    "verifyAction",
    before.id,
    { kind: "VERIFIED", note: input.note.trim(), data: () => ({ status: "VERIFIED", verifiedAt: now, verifiedById: user.id, verificationNote: input.note.trim() }) },
    before,
    now,
  );
}

/** The process office sends a DONE or VERIFIED action back to work. */
async function reopen(prisma: PrismaClient, viewer: Viewer, input: { actionId: string; note: string }, now = new Date()) {
  const why = whyCannotVerify(viewer);
  if (why) throw forbidden(why);
  const before = await load(prisma, viewer, input.actionId);
  needNote(input.note);
  if (before.status !== "DONE" && before.status !== "VERIFIED") {
    throw new DomainError("CONFLICT", `This action is ${before.status}; only a DONE or VERIFIED action can be reopened.`, { status: before.status });
  }
  return transition(
    prisma,
    viewer,
    "reopenAction",
    before.id,
    { kind: "REOPENED", note: input.note.trim(), data: () => ({ status: "IN_PROGRESS", completedAt: null, verifiedAt: null, verifiedById: null, verificationNote: null }) },
    before,
    now,
  );
}

export function createActionService(prisma: PrismaClient) {
  return {
    create: create.bind(null, prisma),
    progress: progress.bind(null, prisma),
    complete: complete.bind(null, prisma),
    verify: verify.bind(null, prisma),
    reopen: reopen.bind(null, prisma),
  };
}
