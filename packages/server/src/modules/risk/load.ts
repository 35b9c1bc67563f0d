import type { Viewer } from "../../context.js";
import type { PrismaClient, Tx } from "../../lib/db.js";
import { DomainError, forbidden } from "../../lib/errors.js";
import { riskWhere } from "../access/visibility.js";
import { whyCannotEditRisk } from "./permissions.js";

/** The user behind a write; a token never writes the risk loop. */
export function userOf(viewer: Viewer) {
  if (viewer.kind !== "user") throw forbidden("Only a person may do this.");
  return viewer.user;
}

/** A risk the viewer may read: one they cannot read is NOT_FOUND, like a missing one (§6.4). */
export async function readableRisk(prisma: PrismaClient | Tx, viewer: Viewer, id: string, field = "riskId") {
  const risk = await prisma.risk.findFirst({ where: { AND: [{ id }, riskWhere(viewer)] } });
  if (!risk) throw new DomainError("NOT_FOUND", `Risk ${id} was not found.`, { field });
  return risk;
}

/** A risk the viewer may read and change (§5.1); an archived risk takes no more changes. */
export async function editableRisk(prisma: PrismaClient | Tx, viewer: Viewer, id: string, field = "riskId") {
  const risk = await readableRisk(prisma, viewer, id, field);
  const why = whyCannotEditRisk(viewer, risk);
  if (why) throw forbidden(why);
  if (risk.archivedAt) throw new DomainError("CONFLICT", "This risk is archived.", { field });
  return risk;
}

/** Checks a unit and, optionally, a person of that unit; NOT_FOUND / BAD_USER_INPUT naming the field. */
export async function checkOwner(prisma: PrismaClient | Tx, unitId: string | null | undefined, userId: string | null | undefined, prefix = "") {
  if (unitId) {
    const unit = await prisma.orgUnit.findUnique({ where: { id: unitId } });
    if (!unit || unit.archivedAt) throw new DomainError("NOT_FOUND", `Unit ${unitId} was not found.`, { field: `${prefix}ownerUnitId` });
  }
  if (userId) {
    const user = await prisma.user.findUnique({ where: { id: userId } });
    if (!user || user.disabledAt) throw new DomainError("NOT_FOUND", `User ${userId} was not found.`, { field: `${prefix}ownerId` });
    if (unitId && user.unitId !== unitId) throw new DomainError("BAD_USER_INPUT", "The owner must belong to the owner unit.", { field: `${prefix}ownerId` });
  }
}
