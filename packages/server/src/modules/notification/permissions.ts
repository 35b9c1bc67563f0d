import type { Viewer } from "../../context.js";

/** Who configures and reads notification routing and the delivery log (§6.2.2): the process office, administrators, management. */
export const NOTIFICATION_ADMINS = ["ADMIN", "PROCESS_OFFICE", "MANAGEMENT"] as const;

export function isNotificationAdmin(viewer: Viewer): boolean {
  return viewer.kind === "user" && viewer.user.roles.some((r) => (NOTIFICATION_ADMINS as readonly string[]).includes(r));
}

/** The read rule of contact points, policies and deliveries: all of them for those people, none for others. */
export function notificationAdminWhere(viewer: Viewer): { id?: { in: string[] } } {
  return isNotificationAdmin(viewer) ? {} : { id: { in: [] } };
}
