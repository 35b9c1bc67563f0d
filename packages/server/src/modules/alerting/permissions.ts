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

/** Which indicators a viewer may record readings for (§4.2.4): every one, a token's own, or those of one unit's processes. */
export type IngestReach = { all: true } | { indicatorIds: string[] } | { ownerUnitId: string };

/**
 * An INGEST token records readings for the indicators it was issued for; management, the process
 * office and administrators for every indicator; a department head for the own unit's processes
 * only (§2.2.2); anyone else for none (the `ingest` scope keeps them out before this).
 */
export function ingestReach(viewer: Viewer): IngestReach {
  if (viewer.kind === "token") return { indicatorIds: viewer.token.indicatorIds };
  if (hasRole(viewer, "MANAGEMENT", "PROCESS_OFFICE", "ADMIN")) return { all: true };
  if (viewer.kind === "user") return { ownerUnitId: viewer.user.unitId };
  return { indicatorIds: [] };
}
