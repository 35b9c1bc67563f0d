import type { Viewer } from "../../context.js";
import { hasRole } from "../access/visibility.js";

/**
 * Who maintains the risk register (§5.1): management and the process office for every unit;
 * a department head for the risks the own department owns. Returns null when allowed.
 */
export function whyCannotEditRisk(viewer: Viewer, risk: { ownerUnitId: string }): string | null {
  if (hasRole(viewer, "MANAGEMENT", "PROCESS_OFFICE")) return null;
  if (hasRole(viewer, "DEPARTMENT_HEAD") && viewer.kind === "user" && viewer.user.unitId === risk.ownerUnitId) return null;
  return "Only management, the process office or the owning department's head may change this risk.";
}

/** §5.2.1 an acceptance and §5.2.2 a contingency plan take effect only when management approves them. */
export function whyCannotApprove(viewer: Viewer): string | null {
  return hasRole(viewer, "MANAGEMENT") ? null : "Only management approves a risk acceptance or a contingency plan (§5.2.1, §5.2.2).";
}

/**
 * Who works an incident (§5.4.1): whoever may change its risk, and the people of the risk's owner
 * unit or of a unit one of its tasks is assigned to.
 */
export function whyCannotWorkOnIncident(viewer: Viewer, risk: { ownerUnitId: string }, taskUnitIds: (string | null)[]): string | null {
  if (!whyCannotEditRisk(viewer, risk)) return null;
  if (viewer.kind === "user" && (viewer.user.unitId === risk.ownerUnitId || taskUnitIds.includes(viewer.user.unitId))) return null;
  return "Only the risk's owners, management, the process office and the units with a task work on this incident (§5.4.1).";
}
