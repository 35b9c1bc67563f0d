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
