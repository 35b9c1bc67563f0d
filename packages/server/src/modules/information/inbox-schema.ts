import { builder } from "../../builder.js";
import type { NotificationMessage } from "../../lib/pubsub.js";
import { parseIds } from "../common/ids.js";
import { createInboxService, inboxWhere } from "./inbox.js";

builder.prismaObjectFields("Notification", (t) => ({
  evaluation: t.relation("evaluation", { nullable: true, description: "The evaluation fed back (§4.4.1)." }),
  action: t.relation("action", { nullable: true }),
  feedback: t.relation("feedback", {
    nullable: true,
    description: "The feedback this message is about (§2.4.3); null when the reader may not read it (the feedback read rule).",
  }),
}));

const MarkNotificationsReadPayload = builder.objectRef<{ ids: string[] }>("MarkNotificationsReadPayload").implement({
  fields: (t) => ({
    notifications: t.prismaField({
      type: ["Notification"],
      resolve: (query, p, _a, ctx) => ctx.prisma.notification.findMany({ ...query, where: { id: { in: p.ids } }, orderBy: [{ createdAt: "desc" }, { id: "asc" }] }),
    }),
    unreadCount: t.int({
      description: "What is left unread in the viewer's inbox.",
      resolve: (_p, _a, ctx) => ctx.prisma.notification.count({ where: { AND: [inboxWhere(ctx.viewer), { readAt: null }] } }),
    }),
  }),
});

builder.queryFields((t) => ({
  unreadNotificationCount: t.int({
    description: "Unread notifications in the viewer's inbox (§4.4.1).",
    authScopes: { user: true },
    resolve: (_r, _a, ctx) => ctx.prisma.notification.count({ where: { AND: [inboxWhere(ctx.viewer), { readAt: null }] } }),
  }),
}));

builder.mutationFields((t) => ({
  markNotificationsRead: t.field({
    type: MarkNotificationsReadPayload,
    description: "Marks notifications of the viewer's inbox read.",
    authScopes: { user: true },
    args: { ids: t.arg.idList({ required: true, validate: { maxLength: 500 } }) },
    resolve: (_r, args, ctx) => createInboxService(ctx.prisma).markRead(ctx.viewer, parseIds(args.ids, "Notification", "ids")),
  }),
}));

builder.subscriptionFields((t) => ({
  notificationAdded: t.prismaField({
    type: "Notification",
    description: "New notifications in the viewer's own inbox, live (§4.4.1).",
    authScopes: { user: true },
    subscribe: (_r, _a, ctx) => mine(ctx.pubsub.subscribe("notification"), ctx.viewer.kind === "user" ? ctx.viewer.user.id : null),
    resolve: (query, m: NotificationMessage, _a, ctx) => ctx.prisma.notification.findUniqueOrThrow({ ...query, where: { id: m.id } }),
  }),
}));

/** Only the messages addressed to this person. */
async function* mine(source: AsyncIterable<NotificationMessage>, userId: string | null) {
  for await (const m of source) if (userId && m.userId === userId) yield m;
}
