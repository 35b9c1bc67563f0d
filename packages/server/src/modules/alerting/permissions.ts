import type { Viewer } from "../../context.js";
import { hasRole } from "../access/visibility.js";

/**
 * Who may define indicators and their threshold rules on a process: management, the process
 * office (it collects and analyses run data for every unit, §2.3.3), and the head of the
 * process's owner unit (§2.2.2). Returns null when allowed, else the reason.
 */
export function whyCannotConfigure(viewer: Viewer, process: { ownerUnitId: string }): string | null {
  if (hasRole(viewer, "MANAGEMENT", "PROCESS_OFFICE")) return null;
  if (hasRole(viewer, "DEPARTMENT_HEAD") && viewer.kind === "user" && viewer.user.unitId === process.ownerUnitId) return null;
  if (hasRole(viewer, "DEPARTMENT_HEAD")) return "A department head may configure only the own department's indicators (§2.2.2).";
  return "Your role does not allow configuring indicators.";
}

/**
 * Who may act on an alert (acknowledge, assign, resolve): management (§2.1.2), the process
 * office, and the head of the unit that owns the alert's process (§2.2.2).
 */
export function whyCannotHandleAlert(viewer: Viewer, process: { ownerUnitId: string }): string | null {
  if (hasRole(viewer, "MANAGEMENT", "PROCESS_OFFICE")) return null;
  if (hasRole(viewer, "DEPARTMENT_HEAD") && viewer.kind === "user" && viewer.user.unitId === process.ownerUnitId) return null;
  return "Only management, the process office or the owning department's head may handle this warning.";
}
