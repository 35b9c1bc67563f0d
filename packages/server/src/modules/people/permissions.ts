import type { Viewer } from "../../context.js";
import type { Prisma } from "../../lib/db.js";
import { hasRole } from "../access/visibility.js";

const NONE: Prisma.UserWhereInput = { id: { in: [] } };

/**
 * Whose personal details (email, status, language, sign-in settings) the viewer may read (§6.4):
 * administrators everyone's, a department head the own unit's people, everyone else only their
 * own. Names, units and roles stay readable by every reader, for assigning work.
 */
export function personalDetailsWhere(viewer: Viewer): Prisma.UserWhereInput {
  if (viewer.kind !== "user") return NONE;
  if (hasRole(viewer, "ADMIN")) return {};
  if (hasRole(viewer, "DEPARTMENT_HEAD")) return { OR: [{ unitId: viewer.user.unitId }, { id: viewer.user.id }] };
  return { id: viewer.user.id };
}

/** The same rule for one loaded person. */
export function canSeePersonalDetails(viewer: Viewer, person: { id: string; unitId: string }): boolean {
  if (viewer.kind !== "user") return false;
  if (viewer.user.id === person.id || hasRole(viewer, "ADMIN")) return true;
  return hasRole(viewer, "DEPARTMENT_HEAD") && viewer.user.unitId === person.unitId;
}

/** Who adds, changes, disables and enables people (§1.2, §6.4): administrators. Returns the reason, or null when allowed. */
export function whyCannotAdministerPeople(viewer: Viewer): string | null {
  return hasRole(viewer, "ADMIN") ? null : "Only an administrator adds, changes, disables or enables people (§6.4).";
}
