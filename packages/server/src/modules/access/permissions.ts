import type { Viewer } from "../../context.js";
import { hasRole } from "./visibility.js";

/** Who issues and revokes machine tokens, for wall screens and data feeds (§6.4): administrators. Returns the reason, or null when allowed. */
export function whyCannotManageTokens(viewer: Viewer): string | null {
  return hasRole(viewer, "ADMIN") ? null : "Only an administrator issues or revokes machine tokens (§6.4).";
}
