import type { Classification, ProcessCategory } from "../../generated/prisma/enums.js";
import { actorOf, type Viewer } from "../../context.js";
import { audited, diff } from "../../lib/audit.js";
import type { Prisma, PrismaClient } from "../../lib/db.js";
import { DomainError, forbidden, notFound } from "../../lib/errors.js";
import { hasRole, processWhere, whyCannotClassify } from "../access/visibility.js";

/** What a change proposal may change in a process definition. */
export interface ProposedFields {
  name?: string;
  nameEn?: string;
  goal?: string;
  goalEn?: string;
  category?: ProcessCategory;
  classification?: Classification;
}

const FIELDS = ["name", "nameEn", "goal", "goalEn", "category", "classification"] as const;

/**
 * Change proposals (§2.1.1, §2.2.1, §2.3.1): a department head (own unit), the process office or
 * management proposes; the process office reviews; management approves a major process, the
 * process office or management any other; approval applies the change and raises the version.
 * Separation of duties (§2.1.1, §2.3.1): proposer, reviewer and approver are three different
 * people. A proposal about a process the viewer cannot read is NOT_FOUND, like a missing one (§6.4).
 */
export function createChangeService(prisma: PrismaClient) {
  async function load(viewer: Viewer, id: string) {
    const change = await prisma.processChange.findFirst({ where: { AND: [{ id }, { process: processWhere(viewer) }] }, include: { process: true } });
    if (!change) throw notFound("Change proposal", id);
    return change;
  }
  const userId = (viewer: Viewer) => (viewer.kind === "user" ? viewer.user.id : null);

  return {
    async propose(viewer: Viewer, processId: string, input: { title: string; description: string; proposal: ProposedFields }) {
      const process = await prisma.process.findFirst({ where: { AND: [{ id: processId }, processWhere(viewer)] } });
      if (!process || process.archivedAt) throw new DomainError("NOT_FOUND", `Process ${processId} was not found.`, { field: "processId" });
      const ownHead = hasRole(viewer, "DEPARTMENT_HEAD") && viewer.kind === "user" && viewer.user.unitId === process.ownerUnitId;
      if (!ownHead && !hasRole(viewer, "PROCESS_OFFICE", "MANAGEMENT")) {
        throw forbidden("A change is proposed by the owning department's head, the process office or management (§2.2.1, §2.3.1).");
      }
      const tooHigh = whyCannotClassify(viewer, input.proposal.classification);
      if (tooHigh) throw forbidden(tooHigh);
      if (!FIELDS.some((f) => input.proposal[f] !== undefined)) {
        throw new DomainError("BAD_USER_INPUT", "The proposal changes nothing: give at least one field.", { field: "proposal" });
      }
      return audited(prisma, actorOf(viewer), "proposeProcessChange", async (tx, record) => {
        const change = await tx.processChange.create({
          data: {
            processId,
            title: input.title,
            description: input.description,
            proposal: input.proposal as Prisma.InputJsonValue,
            status: "SUBMITTED",
            proposedById: userId(viewer)!,
          },
        });
        record({ entity: "ProcessChange", entityId: change.id, changes: { processId, status: "SUBMITTED", proposal: input.proposal } });
        return change;
      });
    },

    /** The process office reviews a submitted proposal (§2.3.1): REVIEWED to go on, or REJECTED. */
    async review(viewer: Viewer, id: string, accept: boolean, now = new Date()) {
      if (!hasRole(viewer, "PROCESS_OFFICE")) throw forbidden("The process office reviews change proposals (§2.3.1).");
      const change = await load(viewer, id);
      if (change.proposedById === userId(viewer)) {
        throw forbidden("Separation of duties (§2.3.1): the proposer of a change cannot review it; another member of the process office must.");
      }
      if (change.status !== "SUBMITTED") throw new DomainError("CONFLICT", `This proposal is ${change.status}; only a SUBMITTED one can be reviewed.`);
      const status = accept ? "REVIEWED" : "REJECTED";
      return audited(prisma, actorOf(viewer), "reviewProcessChange", async (tx, record) => {
        const after = await tx.processChange.update({ where: { id }, data: { status, reviewedById: userId(viewer), reviewedAt: now } });
        record({ entity: "ProcessChange", entityId: id, changes: { status: { from: change.status, to: status } } });
        return after;
      });
    },

    /**
     * Approves a reviewed proposal and applies it (§2.1.1: a major process needs management).
     * The process's version goes up; both changes are audited in one transaction.
     */
    async approve(viewer: Viewer, id: string, now = new Date()) {
      const change = await load(viewer, id);
      const me = userId(viewer);
      if (change.proposedById === me || change.reviewedById === me) {
        throw forbidden("Separation of duties (§2.1.1, §2.3.1): a change is approved by someone who neither proposed nor reviewed it.");
      }
      const proposal = change.proposal as ProposedFields;
      const tooHigh = whyCannotClassify(viewer, proposal.classification);
      if (tooHigh) throw forbidden(tooHigh);
      if (change.process.major ? !hasRole(viewer, "MANAGEMENT") : !hasRole(viewer, "MANAGEMENT", "PROCESS_OFFICE")) {
        throw forbidden(change.process.major ? "A major process's change needs management approval (§2.1.1)." : "Management or the process office approves this change.");
      }
      if (change.status !== "REVIEWED") throw new DomainError("CONFLICT", `This proposal is ${change.status}; it must be REVIEWED by the process office first.`);
      const data = Object.fromEntries(FIELDS.filter((f) => proposal[f] !== undefined).map((f) => [f, proposal[f]]));
      return audited(prisma, actorOf(viewer), "approveProcessChange", async (tx, record) => {
        const updated = await tx.process.update({ where: { id: change.processId }, data: { ...data, version: { increment: 1 } } });
        const changes = diff(change.process, updated, [...FIELDS, "version"]);
        record({ entity: "Process", entityId: change.processId, changes });
        const after = await tx.processChange.update({ where: { id }, data: { status: "APPLIED", approvedById: userId(viewer), approvedAt: now } });
        record({ entity: "ProcessChange", entityId: id, changes: { status: { from: "REVIEWED", to: "APPLIED" } } });
        return after;
      });
    },
  };
}
