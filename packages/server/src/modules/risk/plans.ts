/**
 * Contingency plans (§5.2.2): drafted by the risk's owners, submitted, approved by management,
 * retired. A plan has activation criteria, measures, responsibilities and steps, each with a
 * responsible unit or role; opening an incident turns the approved plan's steps into tasks.
 * Approving a plan retires the risk's earlier approved plan (one plan is in force) and resolves
 * the risk's RISK_WITHOUT_PLAN warning at once; retiring the plan in force lets the next
 * condition check raise it again.
 */
import type { PlanStatus, Role } from "../../generated/prisma/enums.js";
import { actorOf, type Viewer } from "../../context.js";
import { audited } from "../../lib/audit.js";
import type { PrismaClient } from "../../lib/db.js";
import { badInput, DomainError, forbidden } from "../../lib/errors.js";
import type { AlertEventMessage } from "../../lib/pubsub.js";
import { riskWhere } from "../access/visibility.js";
import { appendConditionEvents, clearCondition } from "../alerting/conditions.js";
import { editableRisk, userOf } from "./load.js";
import { whyCannotApprove } from "./permissions.js";

export interface PlanStepInput {
  title: string;
  unitId: string | null;
  role: Role | null;
}

export interface PlanInput {
  title: string;
  measures: string;
  responsibilities: string;
  activationCriteria: string;
  steps: PlanStepInput[];
}

export interface PlanWritten {
  id: string;
  events: AlertEventMessage[];
}

export function createPlanService(prisma: PrismaClient) {
  async function load(viewer: Viewer, id: string) {
    const plan = await prisma.contingencyPlan.findFirst({ where: { AND: [{ id }, { risk: riskWhere(viewer) }] } });
    if (!plan) throw new DomainError("NOT_FOUND", `Contingency plan ${id} was not found.`, { field: "planId" });
    return plan;
  }

  /** One status change from `from` to `to`, audited; returns the plan id. */
  async function move(viewer: Viewer, name: string, id: string, from: PlanStatus[], to: PlanStatus, now: Date, extra: object = {}) {
    const before = await load(viewer, id);
    await editableRisk(prisma, viewer, before.riskId, "planId");
    if (!from.includes(before.status)) {
      throw new DomainError("CONFLICT", `This plan is ${before.status}; only a ${from.join(" or ")} plan can become ${to}.`, { field: "planId" });
    }
    return audited(prisma, actorOf(viewer), name, async (tx, record) => {
      await tx.contingencyPlan.update({ where: { id }, data: { status: to, ...extra } });
      record({ entity: "ContingencyPlan", entityId: id, changes: { status: { from: before.status, to }, at: now } });
      return { id, events: [] as AlertEventMessage[], before };
    });
  }

  return {
    async create(viewer: Viewer, riskId: string, input: PlanInput): Promise<PlanWritten> {
      await editableRisk(prisma, viewer, riskId);
      if (input.steps.length === 0) throw badInput("A contingency plan needs at least one step.", "steps");
      for (const [i, s] of input.steps.entries()) {
        if (!s.unitId && !s.role) throw badInput("Each step names a responsible unit or role.", `steps.${i}.unitId`);
        if (s.unitId) {
          const unit = await prisma.orgUnit.findUnique({ where: { id: s.unitId } });
          if (!unit || unit.archivedAt) throw new DomainError("NOT_FOUND", `Unit ${s.unitId} was not found.`, { field: `steps.${i}.unitId` });
        }
      }
      return audited(prisma, actorOf(viewer), "createContingencyPlan", async (tx, record) => {
        const { steps, ...fields } = input;
        const plan = await tx.contingencyPlan.create({
          data: { riskId, ...fields, steps: { create: steps.map((s, position) => ({ position, title: s.title, unitId: s.unitId, role: s.role })) } },
        });
        record({ entity: "ContingencyPlan", entityId: plan.id, changes: { riskId, ...input, status: "DRAFT" } });
        return { id: plan.id, events: [] };
      });
    },

    submit: (viewer: Viewer, id: string, now = new Date()) => move(viewer, "submitContingencyPlan", id, ["DRAFT"], "SUBMITTED", now, { submittedAt: now }),

    /** Management approves a submitted plan (§5.2.2); the earlier approved plan retires; the warning clears. */
    async approve(viewer: Viewer, id: string, now = new Date()): Promise<PlanWritten> {
      const why = whyCannotApprove(viewer);
      if (why) throw forbidden(why);
      const user = userOf(viewer);
      const before = await load(viewer, id);
      await editableRisk(prisma, viewer, before.riskId, "planId");
      if (before.status !== "SUBMITTED") throw new DomainError("CONFLICT", `This plan is ${before.status}; only a SUBMITTED plan is approved.`, { field: "planId" });
      return audited(prisma, actorOf(viewer), "approveContingencyPlan", async (tx, record) => {
        const earlier = await tx.contingencyPlan.findMany({ where: { riskId: before.riskId, status: "APPROVED" }, select: { id: true } });
        for (const e of earlier) {
          await tx.contingencyPlan.update({ where: { id: e.id }, data: { status: "RETIRED", retiredAt: now } });
          record({ entity: "ContingencyPlan", entityId: e.id, changes: { status: { from: "APPROVED", to: "RETIRED" }, supersededBy: id } });
        }
        await tx.contingencyPlan.update({ where: { id }, data: { status: "APPROVED", approvedById: user.id, approvedAt: now } });
        record({ entity: "ContingencyPlan", entityId: id, changes: { status: { from: "SUBMITTED", to: "APPROVED" }, approvedById: user.id, approvedAt: now } });
        const events = await appendConditionEvents(tx, [await clearCondition(tx, "RISK_WITHOUT_PLAN", before.riskId, now, "A contingency plan was approved (§5.2.2).")]);
        return { id, events };
      });
    },

    retire: (viewer: Viewer, id: string, now = new Date()) => move(viewer, "retireContingencyPlan", id, ["DRAFT", "SUBMITTED", "APPROVED"], "RETIRED", now, { retiredAt: now }),
  };
}
