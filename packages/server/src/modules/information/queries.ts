/**
 * The read side of information records, feedback and notifications (§6.1.2, §2.4.3, §6.2.2): the
 * `where` of each list, the viewer's read rule (`access/visibility.ts`) joined with the filter.
 */
import type { Viewer } from "../../context.js";
import type { Prisma } from "../../lib/db.js";
import type { Classification, FeedbackStatus } from "../../generated/prisma/enums.js";
import { feedbackWhere, notificationWhere, recordWhere } from "../access/visibility.js";

export interface RecordFilter {
  classifications?: readonly Classification[] | null;
  search?: string | null;
}

/** The records the viewer may read (classification-aware), by classification or text. */
export function recordListWhere(viewer: Viewer, f: RecordFilter | null | undefined): Prisma.InformationRecordWhereInput {
  return {
    AND: [
      recordWhere(viewer),
      {
        ...(f?.classifications?.length ? { classification: { in: [...f.classifications] } } : {}),
        ...(f?.search ? { OR: [{ title: { contains: f.search, mode: "insensitive" } }, { content: { contains: f.search, mode: "insensitive" } }] } : {}),
      },
    ],
  };
}

/** Feedback the viewer wrote or that was sent to the viewer's unit, by status. */
export function feedbackListWhere(viewer: Viewer, status: readonly FeedbackStatus[] | null | undefined): Prisma.FeedbackWhereInput {
  return { AND: [feedbackWhere(viewer), status?.length ? { status: { in: [...status] } } : {}] };
}

/** The viewer's notifications, only the unread ones when asked. */
export function notificationListWhere(viewer: Viewer, unread: boolean | null | undefined): Prisma.NotificationWhereInput {
  return { AND: [notificationWhere(viewer), unread ? { readAt: null } : {}] };
}
