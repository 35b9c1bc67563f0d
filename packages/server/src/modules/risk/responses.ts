/**
 * Risk responses (§5.2.1): AVOID / REDUCE / TRANSFER / ACCEPT with measures, an owner unit and
 * person, a due date and a status. An ACCEPT response takes effect only once management approves
 * it with an expiry; until then it is a proposal and nothing about the risk changes. The approval
 * brings the risk's next review forward to the expiry (§5.1.2): at expiry it is due again.
 */
import type { ResponseStatus, ResponseStrategy } from "../../generated/prisma/enums.js";
import { actorOf, type Viewer } from "../../context.js";
import { audited, diff } from "../../lib/audit.js";
import type { PrismaClient } from "../../lib/db.js";
import { badInput, DomainError, forbidden, notFound } from "../../lib/errors.js";
import { riskWhere } from "../access/visibility.js";
import { earlier } from "./cadence.js";
import { checkOwner, editableRisk, userOf } from "./load.js";
import { whyCannotApprove } from "./permissions.js";

export interface ResponseInput {
  strategy: ResponseStrategy;
  measures: string;
  ownerUnitId: string;
  ownerId: string | null;
  dueAt: Date | null;
  status: ResponseStatus;
}

const FIELDS = ["strategy", "measures", "ownerUnitId", "ownerId", "dueAt", "status", "closedAt", "acceptanceApprovedById", "acceptanceApprovedAt", "acceptanceExpiresAt"] as const;

/** Whether an ACCEPT response is in effect at `now`: approved and not expired (§5.2.1). */
export function acceptanceInEffect(
  r: { strategy: ResponseStrategy; acceptanceApprovedAt: Date | null; acceptanceExpiresAt: Date | null; status: ResponseStatus },
  now = new Date(),
) {
  return r.strategy === "ACCEPT" && r.status !== "CLOSED" && !!r.acceptanceApprovedAt && !!r.acceptanceExpiresAt && r.acceptanceExpiresAt > now;
}

export function createResponseService(prisma: PrismaClient) {
  async function load(viewer: Viewer, id: string) {
    const r = await prisma.riskResponse.findFirst({ where: { AND: [{ id }, { risk: riskWhere(viewer) }] } });
    if (!r) throw notFound("Risk response", id);
    return r;
  }

  return {
    async create(viewer: Viewer, riskId: string, input: ResponseInput) {
      await editableRisk(prisma, viewer, riskId);
      await checkOwner(prisma, input.ownerUnitId, input.ownerId);
      if (input.strategy === "ACCEPT" && input.status !== "PLANNED") {
        throw new DomainError("CONFLICT", "An acceptance takes effect only when management approves it (§5.2.1).", { field: "status" });
      }
      return audited(prisma, actorOf(viewer), "createRiskResponse", async (tx, record) => {
        const r = await tx.riskResponse.create({ data: { riskId, ...input } });
        record({ entity: "RiskResponse", entityId: r.id, changes: { riskId, ...input } });
        return r;
      });
    },

    /** Changes a response; a new strategy or owner drops an earlier acceptance approval. */
    async update(viewer: Viewer, id: string, input: Partial<ResponseInput>, now = new Date()) {
      const before = await load(viewer, id);
      await editableRisk(prisma, viewer, before.riskId, "responseId");
      if (before.status === "CLOSED") throw new DomainError("CONFLICT", "This response is closed.", { field: "responseId" });
      const ownerUnitId = input.ownerUnitId ?? before.ownerUnitId;
      await checkOwner(prisma, ownerUnitId, input.ownerId === undefined ? null : input.ownerId);
      const strategy = input.strategy ?? before.strategy;
      const reapprove = strategy !== before.strategy || (input.ownerUnitId !== undefined && input.ownerUnitId !== before.ownerUnitId);
      const approved = !reapprove && !!before.acceptanceApprovedAt;
      if (strategy === "ACCEPT" && !approved && input.status && input.status !== "PLANNED" && input.status !== "CLOSED") {
        throw new DomainError("CONFLICT", "An acceptance takes effect only when management approves it (§5.2.1).", { field: "status" });
      }
      return audited(prisma, actorOf(viewer), "updateRiskResponse", async (tx, record) => {
        const after = await tx.riskResponse.update({
          where: { id },
          data: {
            ...input,
            ...(input.status === "CLOSED" ? { closedAt: now } : {}),
            ...(reapprove ? { acceptanceApprovedById: null, acceptanceApprovedAt: null, acceptanceExpiresAt: null } : {}),
          },
        });
        const changes = diff(before, after, [...FIELDS]);
        if (Object.keys(changes).length) record({ entity: "RiskResponse", entityId: id, changes });
        return after;
      });
    },

    /** Management approves an ACCEPT response until `expiresAt`; the risk is due for review then (§5.1.2). */
    async approveAcceptance(viewer: Viewer, id: string, expiresAt: Date, now = new Date()) {
      const why = whyCannotApprove(viewer);
      if (why) throw forbidden(why);
      const user = userOf(viewer);
      const before = await load(viewer, id);
      const risk = await editableRisk(prisma, viewer, before.riskId, "responseId");
      if (before.strategy !== "ACCEPT") throw new DomainError("CONFLICT", `This response is ${before.strategy}; only an ACCEPT response is approved.`, { field: "responseId" });
      if (before.status === "CLOSED") throw new DomainError("CONFLICT", "This response is closed.", { field: "responseId" });
      if (expiresAt <= now) throw badInput("The acceptance must expire in the future.", "expiresAt");
      return audited(prisma, actorOf(viewer), "approveRiskAcceptance", async (tx, record) => {
        const after = await tx.riskResponse.update({
          where: { id },
          data: { acceptanceApprovedById: user.id, acceptanceApprovedAt: now, acceptanceExpiresAt: expiresAt, status: before.status === "PLANNED" ? "IN_PROGRESS" : before.status },
        });
        record({ entity: "RiskResponse", entityId: id, changes: diff(before, after, [...FIELDS]) });
        const nextReviewAt = earlier(risk.nextReviewAt, expiresAt);
        if (nextReviewAt?.getTime() !== risk.nextReviewAt?.getTime()) {
          await tx.risk.update({ where: { id: risk.id }, data: { nextReviewAt } });
          record({ entity: "Risk", entityId: risk.id, changes: { nextReviewAt: { from: risk.nextReviewAt, to: nextReviewAt } } });
        }
        return after;
      });
    },
  };
}
