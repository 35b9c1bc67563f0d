/** The read side of the org tree and its people: the `where` of the `orgUnits` and `users` lists. */
import type { Role } from "../../generated/prisma/enums.js";
import type { OrgUnitKind } from "../../generated/prisma/enums.js";
import type { Prisma, PrismaClient } from "../../lib/db.js";
import { parseId } from "../common/ids.js";

/** Units by kind and parent; archived ones only when asked for. */
export function orgUnitListWhere(args: { kind?: OrgUnitKind | null; parentId?: string | number | null; includeArchived?: boolean | null }): Prisma.OrgUnitWhereInput {
  return {
    ...(args.kind ? { kind: args.kind } : {}),
    ...(args.parentId ? { parentId: parseId(args.parentId, "OrgUnit", "parentId") } : {}),
    ...(args.includeArchived ? {} : { archivedAt: null }),
  };
}

/**
 * Active people by unit and role. The role test runs in SQL (`= ANY(roles)`): the embedded
 * database's adapter cannot bind an enum array for Prisma's `has`.
 */
export async function userListWhere(prisma: PrismaClient, args: { unitId?: string | number | null; role?: Role | null }): Promise<Prisma.UserWhereInput> {
  const withRole = args.role ? (await prisma.$queryRaw<{ id: string }[]>`SELECT id FROM app_user WHERE ${args.role}::"Role" = ANY(roles)`).map((r) => r.id) : null;
  return {
    disabledAt: null,
    ...(args.unitId ? { unitId: parseId(args.unitId, "OrgUnit", "unitId") } : {}),
    ...(withRole ? { id: { in: withRole } } : {}),
  };
}
