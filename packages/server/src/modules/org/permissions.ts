import type { Viewer } from "../../context.js";
import { hasRole } from "../access/visibility.js";

/** Who may change the org tree (§1.2): an administrator. Returns null when allowed, else the reason. */
export function whyCannotEditOrg(viewer: Viewer): string | null {
  return hasRole(viewer, "ADMIN") ? null : "Only an administrator changes the org tree.";
}
