import type { Direction, IndicatorKind } from "../../generated/prisma/enums.js";
import { actorOf, type Viewer } from "../../context.js";
import { audited, diff } from "../../lib/audit.js";
import type { PrismaClient } from "../../lib/db.js";
import { DomainError, forbidden, notFound } from "../../lib/errors.js";
import { processWhere } from "../access/visibility.js";
import { whyCannotConfigure } from "../alerting/permissions.js";
import { indicatorProblem, type RuleDraft, ruleProblem } from "./rule-validation.js";
import type { ThresholdRule } from "../../generated/prisma/client.js";

export interface IndicatorInput {
  processId: string;
  stepId: string | null;
  code: string;
  name: string;
  nameEn: string;
  unit: string;
  kind: IndicatorKind;
  direction: Direction;
  target: number | null;
  targetLow: number | null;
  targetHigh: number | null;
  expectedIntervalMinutes: number | null;
}

/** A threshold rule as created: what validation checks, plus where it belongs and its switches. */
export type RuleInput = RuleDraft & Pick<ThresholdRule, "indicatorId" | "noDataFactor" | "enabled">;

const INDICATOR_FIELDS = ["code", "name", "nameEn", "unit", "kind", "direction", "target", "targetLow", "targetHigh", "expectedIntervalMinutes", "stepId", "archivedAt"] as const;
/** The rule fields an update may change (its kind is fixed at creation). */
export const RULE_UPDATABLE_FIELDS = [
  "level",
  "comparator",
  "value",
  "upperValue",
  "clearValue",
  "clearUpperValue",
  "consecutive",
  "pendingMinutes",
  "keepFiringMinutes",
  "noDataFactor",
  "trendWindow",
  "trendHorizonMinutes",
  "enabled",
] as const;
const RULE_FIELDS = ["kind", ...RULE_UPDATABLE_FIELDS, "archivedAt"] as const;

/** Throws a rule or indicator problem as its DomainError (the field named). */
export function raise(problem: { field: string; message: string; code: "INVALID_THRESHOLD" | "BAD_USER_INPUT" } | null) {
  if (problem) throw new DomainError(problem.code, problem.message, { field: problem.field });
}

async function editableProcess(prisma: PrismaClient, viewer: Viewer, processId: string) {
  // A process the viewer cannot read is NOT_FOUND, like a missing one (§6.4).
  const process = await prisma.process.findFirst({ where: { AND: [{ id: processId }, processWhere(viewer)] } });
  if (!process || process.archivedAt) throw new DomainError("NOT_FOUND", `Process ${processId} was not found.`, { field: "processId" });
  const why = whyCannotConfigure(viewer, process);
  if (why) throw forbidden(why);
  return process;
}

async function stepOf(prisma: PrismaClient, processId: string, stepId: string | null) {
  if (!stepId) return;
  const step = await prisma.processStep.findUnique({ where: { id: stepId } });
  if (!step || step.processId !== processId || step.archivedAt) {
    throw new DomainError("BAD_USER_INPUT", "stepId must be a live step of the same process.", { field: "stepId" });
  }
}

async function editableIndicator(prisma: PrismaClient, viewer: Viewer, id: string) {
  const indicator = await prisma.indicator.findFirst({ where: { AND: [{ id }, { process: processWhere(viewer) }] }, include: { process: true } });
  if (!indicator || indicator.archivedAt) throw new DomainError("NOT_FOUND", `Indicator ${id} was not found.`, { field: "indicatorId" });
  const why = whyCannotConfigure(viewer, indicator.process);
  if (why) throw forbidden(why);
  return indicator;
}

async function siblingsOf(prisma: PrismaClient, indicatorId: string, exceptId?: string): Promise<RuleDraft[]> {
  return prisma.thresholdRule.findMany({ where: { indicatorId, archivedAt: null, ...(exceptId ? { id: { not: exceptId } } : {}) } });
}

async function createIndicator(prisma: PrismaClient, viewer: Viewer, input: IndicatorInput) {
  await editableProcess(prisma, viewer, input.processId);
  await stepOf(prisma, input.processId, input.stepId);
  raise(indicatorProblem(input));
  return audited(prisma, actorOf(viewer), "createIndicator", async (tx, record) => {
    const i = await tx.indicator.create({ data: input });
    record({ entity: "Indicator", entityId: i.id, changes: { ...input } });
    return i;
  });
}

async function updateIndicator(prisma: PrismaClient, viewer: Viewer, id: string, input: Partial<Omit<IndicatorInput, "processId">>) {
  const before = await editableIndicator(prisma, viewer, id);
  if (input.stepId !== undefined) await stepOf(prisma, before.processId, input.stepId);
  const merged = { ...before, ...input };
  raise(indicatorProblem(merged));
  // Changing direction or target must keep the existing rules consistent.
  for (const rule of await siblingsOf(prisma, id)) raise(ruleProblem(rule, merged, []));
  return audited(prisma, actorOf(viewer), "updateIndicator", async (tx, record) => {
    const after = await tx.indicator.update({ where: { id }, data: input });
    const changes = diff(before, after, [...INDICATOR_FIELDS]);
    if (Object.keys(changes).length) record({ entity: "Indicator", entityId: id, changes });
    return { id, changedFields: Object.keys(changes) };
  });
}

async function archiveIndicator(prisma: PrismaClient, viewer: Viewer, id: string, now = new Date()) {
  await editableIndicator(prisma, viewer, id);
  return audited(prisma, actorOf(viewer), "archiveIndicator", async (tx, record) => {
    const i = await tx.indicator.update({ where: { id }, data: { archivedAt: now } });
    record({ entity: "Indicator", entityId: id, changes: { archivedAt: { from: null, to: now } } });
    return i;
  });
}

async function createRule(prisma: PrismaClient, viewer: Viewer, input: RuleInput) {
  const indicator = await editableIndicator(prisma, viewer, input.indicatorId);
  raise(ruleProblem(input, indicator, await siblingsOf(prisma, indicator.id)));
  return audited(prisma, actorOf(viewer), "createThresholdRule", async (tx, record) => {
    const r = await tx.thresholdRule.create({ data: input });
    record({ entity: "ThresholdRule", entityId: r.id, changes: { ...input } });
    return r;
  });
}

async function updateRule(prisma: PrismaClient, viewer: Viewer, id: string, input: Partial<Omit<RuleInput, "indicatorId" | "kind">>) {
  const before = await prisma.thresholdRule.findFirst({ where: { AND: [{ id }, { indicator: { process: processWhere(viewer) } }] } });
  if (!before || before.archivedAt) throw notFound("Threshold rule", id);
  const indicator = await editableIndicator(prisma, viewer, before.indicatorId);
  raise(ruleProblem({ ...before, ...input }, indicator, await siblingsOf(prisma, indicator.id, id)));
  return audited(prisma, actorOf(viewer), "updateThresholdRule", async (tx, record) => {
    const after = await tx.thresholdRule.update({ where: { id }, data: input });
    const changes = diff(before, after, [...RULE_FIELDS]);
    if (Object.keys(changes).length) record({ entity: "ThresholdRule", entityId: id, changes });
    return { id, changedFields: Object.keys(changes) };
  });
}

async function archiveRule(prisma: PrismaClient, viewer: Viewer, id: string, now = new Date()) {
  const before = await prisma.thresholdRule.findFirst({ where: { AND: [{ id }, { indicator: { process: processWhere(viewer) } }] } });
  if (!before) throw notFound("Threshold rule", id);
  await editableIndicator(prisma, viewer, before.indicatorId);
  return audited(prisma, actorOf(viewer), "archiveThresholdRule", async (tx, record) => {
    const r = await tx.thresholdRule.update({ where: { id }, data: { archivedAt: now, enabled: false } });
    record({ entity: "ThresholdRule", entityId: id, changes: { archivedAt: { from: null, to: now }, enabled: { from: before.enabled, to: false } } });
    return r;
  });
}

/** Indicators (§4.1) and their threshold rules (§5.3.2): definitions, not readings. */
export function createCatalogService(prisma: PrismaClient) {
  return {
    createIndicator: createIndicator.bind(null, prisma),
    updateIndicator: updateIndicator.bind(null, prisma),
    archiveIndicator: archiveIndicator.bind(null, prisma),
    createRule: createRule.bind(null, prisma),
    updateRule: updateRule.bind(null, prisma),
    archiveRule: archiveRule.bind(null, prisma),
  };
}
