import type { Viewer } from "../../context.js";
import { hasRole } from "../access/visibility.js";

const ownUnit = (viewer: Viewer, unitId: string) => viewer.kind === "user" && viewer.user.unitId === unitId;

/** Computing an evaluation (§4.3): the process office, or management. */
export function whyCannotCompute(viewer: Viewer): string | null {
  return hasRole(viewer, "PROCESS_OFFICE", "MANAGEMENT") ? null : "Evaluations are computed by the process office or management (§4.3).";
}

/** Adjusting, finalising, and setting weights and cut-offs: the process office (§2.3.2, §4.3). */
export function whyCannotJudge(viewer: Viewer): string | null {
  return hasRole(viewer, "PROCESS_OFFICE") ? null : "Only the process office adjusts and finalises evaluations and sets their weights and cut-offs (§4.3).";
}

/**
 * Opening an action on a process (§4.3.3, §4.4.2): the process office and management any; a
 * department head for the own unit's processes or actions owned by the own unit.
 */
export function whyCannotOpenAction(viewer: Viewer, process: { ownerUnitId: string } | null, ownerUnitId: string): string | null {
  if (hasRole(viewer, "PROCESS_OFFICE", "MANAGEMENT")) return null;
  if (hasRole(viewer, "DEPARTMENT_HEAD") && (ownUnit(viewer, ownerUnitId) || (process && ownUnit(viewer, process.ownerUnitId)))) return null;
  return "Actions are opened by the process office, management or the department head concerned (§4.4.2).";
}

/**
 * Reporting progress on or completing an action (§4.4.2): its owner, the head of its owner unit,
 * the process office and management.
 */
export function whyCannotWorkOn(viewer: Viewer, action: { ownerUnitId: string; ownerId: string | null }): string | null {
  if (hasRole(viewer, "PROCESS_OFFICE", "MANAGEMENT")) return null;
  if (viewer.kind === "user" && action.ownerId === viewer.user.id) return null;
  if (hasRole(viewer, "DEPARTMENT_HEAD") && ownUnit(viewer, action.ownerUnitId)) return null;
  return "Only the action's owner, the owner unit's head, the process office or management may report on it (§4.4.2).";
}

/** Verifying or reopening an action: the process office, which urges rectification (§2.3.2). */
export function whyCannotVerify(viewer: Viewer): string | null {
  return hasRole(viewer, "PROCESS_OFFICE") ? null : "Only the process office verifies or reopens actions (§2.3.2, §4.4.2).";
}
