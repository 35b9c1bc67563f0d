import type { Viewer } from "../../context.js";
import { CONFIGURER_ROLES, holdsOneOf } from "../access/roles.js";

/** Who configures and reads notification routing and the delivery log (§6.2.2): the process office, administrators, management. */
export function isNotificationAdmin(viewer: Viewer): boolean {
  return viewer.kind === "user" && holdsOneOf(viewer.user.roles, CONFIGURER_ROLES);
}

/** The read rule of contact points, policies and deliveries: all of them for those people, none for others. */
export function notificationAdminWhere(viewer: Viewer): { id?: { in: string[] } } {
  return isNotificationAdmin(viewer) ? {} : { id: { in: [] } };
}
