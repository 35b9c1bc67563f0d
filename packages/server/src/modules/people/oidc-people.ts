import type { Role } from "../../generated/prisma/enums.js";
import { audited, diff } from "../../lib/audit.js";
import type { PrismaClient } from "../../lib/db.js";

/** Why a directory sign-in was refused; the sign-in page explains each in the person's language. */
export type OidcRefusal = "unmapped" | "disabled" | "no-account" | "no-unit" | "no-email";

export interface DirectoryPerson {
  /** `<issuer> <sub>`: stable across email changes. */
  subject: string;
  email: string | null;
  name: string;
  roles: Role[];
  unitCode: string | null;
}

/**
 * Finds the person a directory sign-in is for (by subject, else by email), brings their roles and
 * unit in line with the directory's groups, or creates them when allowed. Every change is audited.
 */
export async function provisionDirectoryPerson(
  prisma: PrismaClient,
  who: DirectoryPerson,
  allowSignup: boolean,
): Promise<{ userId: string; scopeChanged: boolean } | { refused: OidcRefusal }> {
  const unit = who.unitCode ? await prisma.orgUnit.findUnique({ where: { code: who.unitCode } }) : null;
  if (who.unitCode && (!unit || unit.archivedAt)) return { refused: "no-unit" };
  const bySubject = await prisma.user.findUnique({ where: { oidcSubject: who.subject } });
  const existing = bySubject ?? (who.email ? await prisma.user.findUnique({ where: { email: who.email } }) : null);
  if (existing) {
    if (existing.disabledAt) return { refused: "disabled" };
    const data = { roles: who.roles, ...(unit ? { unitId: unit.id } : {}), oidcSubject: who.subject };
    return audited(prisma, { actorId: existing.id, tokenId: null }, "oidcSync", async (tx, record) => {
      const after = await tx.user.update({ where: { id: existing.id }, data });
      const changes = diff(existing, after, ["roles", "unitId", "oidcSubject"]);
      if (Object.keys(changes).length) record({ entity: "User", entityId: existing.id, changes });
      return { userId: existing.id, scopeChanged: "roles" in changes || "unitId" in changes };
    });
  }
  if (!allowSignup) return { refused: "no-account" };
  if (!who.email) return { refused: "no-email" };
  if (!unit) return { refused: "no-unit" };
  const email = who.email;
  return audited(prisma, { actorId: null, tokenId: null }, "oidcSignup", async (tx, record) => {
    const user = await tx.user.create({ data: { email, name: who.name, roles: who.roles, unitId: unit.id, oidcSubject: who.subject, passwordHash: "" } });
    record({ entity: "User", entityId: user.id, changes: { email, name: who.name, roles: who.roles, unitId: unit.id, oidcSubject: who.subject } });
    return { userId: user.id, scopeChanged: false };
  });
}
