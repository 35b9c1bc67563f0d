/**
 * The org tree (§1.2): head office, departments, branches. Each function takes the viewer,
 * checks the permission (`permissions.ts`), and writes in one transaction with its audit row.
 */
import type { OrgUnitKind } from "../../generated/prisma/enums.js";
import { actorOf, type Viewer } from "../../context.js";
import { audited, diff } from "../../lib/audit.js";
import type { PrismaClient } from "../../lib/db.js";
import { DomainError, forbidden, notFound } from "../../lib/errors.js";
import { whyCannotEditOrg } from "./permissions.js";

export interface OrgUnitInput {
  code: string;
  name: string;
  nameEn: string;
  kind: OrgUnitKind;
  parentId?: string | null;
  isProcessOffice?: boolean;
}

const FIELDS = ["code", "name", "nameEn", "kind", "parentId", "isProcessOffice", "archivedAt"] as const;

function assertMayEdit(viewer: Viewer): void {
  const why = whyCannotEditOrg(viewer);
  if (why) throw forbidden(why);
}

async function assertParent(prisma: PrismaClient, parentId: string | null | undefined, selfId?: string) {
  if (!parentId) return;
  const parent = await prisma.orgUnit.findUnique({ where: { id: parentId } });
  if (!parent || parent.archivedAt) throw notFound("Parent unit", parentId);
  // Walk up from the new parent: meeting the unit itself would make a cycle.
  let cursor: string | null = parent.id;
  while (cursor) {
    if (cursor === selfId) throw new DomainError("BAD_USER_INPUT", "A unit cannot be placed under itself or one of its sub-units.", { field: "parentId" });
    const next: { parentId: string | null } | null = await prisma.orgUnit.findUnique({ where: { id: cursor }, select: { parentId: true } });
    cursor = next?.parentId ?? null;
  }
}

async function create(prisma: PrismaClient, viewer: Viewer, input: OrgUnitInput) {
  assertMayEdit(viewer);
  await assertParent(prisma, input.parentId);
  return audited(prisma, actorOf(viewer), "createOrgUnit", async (tx, record) => {
    const unit = await tx.orgUnit.create({ data: { ...input, parentId: input.parentId ?? null } });
    record({ entity: "OrgUnit", entityId: unit.id, changes: { ...input } });
    return unit;
  });
}

async function update(prisma: PrismaClient, viewer: Viewer, id: string, input: Partial<OrgUnitInput>) {
  assertMayEdit(viewer);
  const before = await prisma.orgUnit.findUnique({ where: { id } });
  if (!before) throw notFound("Unit", id);
  if (input.parentId !== undefined) await assertParent(prisma, input.parentId, id);
  return audited(prisma, actorOf(viewer), "updateOrgUnit", async (tx, record) => {
    const after = await tx.orgUnit.update({ where: { id }, data: input });
    const changes = diff(before, after, [...FIELDS]);
    if (Object.keys(changes).length) record({ entity: "OrgUnit", entityId: id, changes });
    return { unit: after, changedFields: Object.keys(changes) };
  });
}

async function archive(prisma: PrismaClient, viewer: Viewer, id: string, now = new Date()) {
  assertMayEdit(viewer);
  const before = await prisma.orgUnit.findUnique({ where: { id }, include: { children: { where: { archivedAt: null } }, users: { where: { disabledAt: null } } } });
  if (!before) throw notFound("Unit", id);
  if (before.children.length) throw new DomainError("CONFLICT", "Archive or move this unit's sub-units first.");
  if (before.users.length) throw new DomainError("CONFLICT", "Move or disable this unit's users first.");
  if (before.archivedAt) return before;
  return audited(prisma, actorOf(viewer), "archiveOrgUnit", async (tx, record) => {
    const unit = await tx.orgUnit.update({ where: { id }, data: { archivedAt: now } });
    record({ entity: "OrgUnit", entityId: id, changes: { archivedAt: { from: null, to: now } } });
    return unit;
  });
}

/** The org tree's writes, each taking the viewer (as every module's service does). */
export function createOrgService(prisma: PrismaClient) {
  return {
    create: (viewer: Viewer, input: OrgUnitInput) => create(prisma, viewer, input),
    update: (viewer: Viewer, id: string, input: Partial<OrgUnitInput>) => update(prisma, viewer, id, input),
    archive: (viewer: Viewer, id: string, now?: Date) => archive(prisma, viewer, id, now),
  };
}
