import type { Classification, ProcessCategory, ProcessStatus } from "../../generated/prisma/enums.js";
import type { Viewer } from "../../context.js";
import { actorOf } from "../../context.js";
import { audited, diff } from "../../lib/audit.js";
import type { PrismaClient, Tx } from "../../lib/db.js";
import { DomainError, forbidden, notFound } from "../../lib/errors.js";
import { processWhere, whyCannotClassify } from "../access/visibility.js";
import { whyCannotCreateProcess, whyCannotEditProcess } from "./permissions.js";

export interface ProcessInput {
  code: string;
  name: string;
  nameEn: string;
  category: ProcessCategory;
  goal: string;
  goalEn: string;
  ownerUnitId: string;
  major: boolean;
  common: boolean;
  classification: Classification;
  status: ProcessStatus;
}

export interface StepInput {
  name: string;
  nameEn: string;
  description: string;
  responsibleUnitId: string | null;
  position: number;
}

const PROCESS_FIELDS = ["code", "name", "nameEn", "category", "goal", "goalEn", "ownerUnitId", "major", "common", "classification", "status", "version", "archivedAt"] as const;
const STEP_FIELDS = ["name", "nameEn", "description", "responsibleUnitId", "position", "archivedAt"] as const;

async function unitExists(prisma: PrismaClient, id: string, field: string) {
  const unit = await prisma.orgUnit.findUnique({ where: { id } });
  if (!unit || unit.archivedAt) throw new DomainError("NOT_FOUND", `Unit ${id} was not found.`, { field });
}

/** A process the viewer may change: one they cannot read is NOT_FOUND, like a missing one (§6.4). */
async function loadEditable(prisma: PrismaClient, viewer: Viewer, id: string) {
  const process = await prisma.process.findFirst({ where: { AND: [{ id }, processWhere(viewer)] } });
  if (!process) throw notFound("Process", id);
  const why = whyCannotEditProcess(viewer, process);
  if (why) throw forbidden(why);
  return process;
}

/** Renumbers live steps 1..n, placing `movedId` at `position` (clamped). */
async function renumber(tx: Tx, processId: string, movedId?: string, position?: number) {
  const steps = await tx.processStep.findMany({ where: { processId, archivedAt: null }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
  const others = steps.filter((s) => s.id !== movedId);
  const moved = steps.find((s) => s.id === movedId);
  if (moved) others.splice(Math.max(0, Math.min(others.length, (position ?? moved.position) - 1)), 0, moved);
  for (const [i, s] of others.entries()) {
    if (s.position !== i + 1) await tx.processStep.update({ where: { id: s.id }, data: { position: i + 1 } });
  }
}

async function create(prisma: PrismaClient, viewer: Viewer, input: ProcessInput) {
  const why = whyCannotCreateProcess(viewer, input) ?? whyCannotClassify(viewer, input.classification);
  if (why) throw forbidden(why);
  await unitExists(prisma, input.ownerUnitId, "ownerUnitId");
  return audited(prisma, actorOf(viewer), "createProcess", async (tx, record) => {
    const p = await tx.process.create({ data: input });
    record({ entity: "Process", entityId: p.id, changes: { ...input } });
    return p;
  });
}

async function update(prisma: PrismaClient, viewer: Viewer, id: string, input: Partial<ProcessInput>) {
  const before = await loadEditable(prisma, viewer, id);
  if (input.major === true && !before.major && whyCannotEditProcess(viewer, { ...before, major: true })) {
    throw forbidden("Only management may mark a process as major (§2.1.1).");
  }
  // The process as it would be: still the viewer's to change (a department head cannot hand it to
  // another unit), and not classified above the viewer's own read limit (§6.4).
  const why = (input.ownerUnitId ? whyCannotEditProcess(viewer, { ...before, ...input }) : null) ?? whyCannotClassify(viewer, input.classification);
  if (why) throw forbidden(why);
  if (input.ownerUnitId) await unitExists(prisma, input.ownerUnitId, "ownerUnitId");
  return audited(prisma, actorOf(viewer), "updateProcess", async (tx, record) => {
    const touched = await tx.process.update({ where: { id }, data: input });
    const changes = diff(before, touched, [...PROCESS_FIELDS]);
    // §1.3 standardisation: a changed definition is a new version.
    const after = Object.keys(changes).length ? await tx.process.update({ where: { id }, data: { version: { increment: 1 } } }) : touched;
    if (Object.keys(changes).length) {
      record({ entity: "Process", entityId: id, changes: { ...changes, version: { from: before.version, to: after.version } } });
    }
    return { id, changedFields: Object.keys(changes) };
  });
}

async function archive(prisma: PrismaClient, viewer: Viewer, id: string, now = new Date()) {
  const before = await loadEditable(prisma, viewer, id);
  if (before.archivedAt) return before;
  return audited(prisma, actorOf(viewer), "archiveProcess", async (tx, record) => {
    const p = await tx.process.update({ where: { id }, data: { archivedAt: now, status: "ARCHIVED" } });
    record({ entity: "Process", entityId: id, changes: { archivedAt: { from: null, to: now }, status: { from: before.status, to: "ARCHIVED" } } });
    return p;
  });
}

async function createStep(prisma: PrismaClient, viewer: Viewer, processId: string, input: StepInput) {
  await loadEditable(prisma, viewer, processId);
  if (input.responsibleUnitId) await unitExists(prisma, input.responsibleUnitId, "responsibleUnitId");
  return audited(prisma, actorOf(viewer), "createProcessStep", async (tx, record) => {
    const count = await tx.processStep.count({ where: { processId, archivedAt: null } });
    const step = await tx.processStep.create({ data: { ...input, processId, position: count + 1 } });
    await renumber(tx, processId, step.id, input.position);
    const placed = await tx.processStep.findUniqueOrThrow({ where: { id: step.id } });
    record({ entity: "ProcessStep", entityId: step.id, changes: { ...input, processId, position: placed.position } });
    return placed;
  });
}

async function updateStep(prisma: PrismaClient, viewer: Viewer, stepId: string, input: Partial<StepInput>) {
  const before = await prisma.processStep.findFirst({ where: { AND: [{ id: stepId }, { process: processWhere(viewer) }] } });
  if (!before || before.archivedAt) throw notFound("Step", stepId);
  await loadEditable(prisma, viewer, before.processId);
  if (input.responsibleUnitId) await unitExists(prisma, input.responsibleUnitId, "responsibleUnitId");
  return audited(prisma, actorOf(viewer), "updateProcessStep", async (tx, record) => {
    const { position, ...rest } = input;
    await tx.processStep.update({ where: { id: stepId }, data: rest });
    if (position != null) await renumber(tx, before.processId, stepId, position);
    const after = await tx.processStep.findUniqueOrThrow({ where: { id: stepId } });
    const changes = diff(before, after, [...STEP_FIELDS]);
    if (Object.keys(changes).length) record({ entity: "ProcessStep", entityId: stepId, changes });
    return { id: stepId, changedFields: Object.keys(changes) };
  });
}

async function archiveStep(prisma: PrismaClient, viewer: Viewer, stepId: string, now = new Date()) {
  const before = await prisma.processStep.findFirst({ where: { AND: [{ id: stepId }, { process: processWhere(viewer) }] } });
  if (!before) throw notFound("Step", stepId);
  await loadEditable(prisma, viewer, before.processId);
  if (before.archivedAt) return before;
  return audited(prisma, actorOf(viewer), "archiveProcessStep", async (tx, record) => {
    const step = await tx.processStep.update({ where: { id: stepId }, data: { archivedAt: now } });
    await renumber(tx, before.processId);
    record({ entity: "ProcessStep", entityId: stepId, changes: { archivedAt: { from: null, to: now } } });
    return step;
  });
}

/** The process catalogue (§3): processes and their ordered steps. */
export function createProcessService(prisma: PrismaClient) {
  return {
    create: create.bind(null, prisma),
    update: update.bind(null, prisma),
    archive: archive.bind(null, prisma),
    createStep: createStep.bind(null, prisma),
    updateStep: updateStep.bind(null, prisma),
    archiveStep: archiveStep.bind(null, prisma),
  };
}
