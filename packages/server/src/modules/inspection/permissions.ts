import type { Viewer } from "../../context.js";
import { hasRole } from "../access/visibility.js";

const ownUnit = (viewer: Viewer, unitId: string) => viewer.kind === "user" && viewer.user.unitId === unitId;

/**
 * Who plans the monitoring of a process (§4.2.1, §4.2.2, §2.3.2): the process office and
 * management any process; a department head the own unit's processes (§2.2.2).
 * Returns null when allowed, else the reason.
 */
export function whyCannotPlan(viewer: Viewer, process: { ownerUnitId: string }): string | null {
  if (hasRole(viewer, "PROCESS_OFFICE", "MANAGEMENT")) return null;
  if (hasRole(viewer, "DEPARTMENT_HEAD") && ownUnit(viewer, process.ownerUnitId)) return null;
  if (hasRole(viewer, "DEPARTMENT_HEAD")) return "A department head plans the monitoring of the own department's processes only (§2.2.2).";
  return "Monitoring plans are made by the process office or the owning department's head (§2.3.2).";
}

/**
 * Who records an inspection (§2.3.2, §4.2.2-§4.2.5): the process office any process and method;
 * management spot checks on any process (§4.2.3); a department head the own unit's processes.
 */
export function whyCannotInspect(viewer: Viewer, process: { ownerUnitId: string }, method: string): string | null {
  if (hasRole(viewer, "PROCESS_OFFICE")) return null;
  if (hasRole(viewer, "MANAGEMENT") && method === "SPOT_CHECK") return null;
  if (hasRole(viewer, "DEPARTMENT_HEAD") && ownUnit(viewer, process.ownerUnitId)) return null;
  if (hasRole(viewer, "MANAGEMENT")) return "Management records random spot checks (§4.2.3); periodic inspections are the process office's (§4.2.2).";
  if (hasRole(viewer, "DEPARTMENT_HEAD")) return "A department head records inspections of the own department's processes only (§2.2.2).";
  return "Inspections are recorded by the process office, management (spot checks) or the owning department's head (§2.3.2).";
}
