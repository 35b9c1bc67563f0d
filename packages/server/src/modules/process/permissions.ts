import type { Viewer } from "../../context.js";
import { hasRole } from "../access/visibility.js";

interface ProcessLike {
  ownerUnitId: string;
  major: boolean;
  common: boolean;
}

/**
 * Who may change a process definition directly (§2):
 * management any (§2.1.1); the process office the common processes (§2.3.1); a department head
 * the own unit's processes that are not major (§2.2.1) — a major one needs management approval.
 * Returns null when allowed, else the reason.
 */
export function whyCannotEditProcess(viewer: Viewer, process: ProcessLike): string | null {
  if (hasRole(viewer, "MANAGEMENT")) return null;
  if (hasRole(viewer, "PROCESS_OFFICE") && process.common) return null;
  if (hasRole(viewer, "DEPARTMENT_HEAD") && viewer.kind === "user" && viewer.user.unitId === process.ownerUnitId) {
    return process.major ? "This is a major process: its design and changes need management approval (§2.1.1)." : null;
  }
  if (hasRole(viewer, "DEPARTMENT_HEAD")) return "A department head may change only the own department's processes (§2.2.1).";
  if (hasRole(viewer, "PROCESS_OFFICE")) return "The process office changes the common processes; this one belongs to its department (§2.3.1).";
  return "Your role does not allow changing process definitions.";
}

/** Who may create a process owned by `ownerUnitId`. */
export function whyCannotCreateProcess(viewer: Viewer, input: { ownerUnitId: string; major: boolean; common: boolean }): string | null {
  if (hasRole(viewer, "MANAGEMENT")) return null;
  if (hasRole(viewer, "PROCESS_OFFICE") && input.common) return null;
  if (hasRole(viewer, "DEPARTMENT_HEAD") && viewer.kind === "user" && viewer.user.unitId === input.ownerUnitId && !input.major) return null;
  return whyCannotEditProcess(viewer, input) ?? "Your role does not allow creating this process.";
}
