import { builder } from "../../builder.js";
import { readRule } from "../access/visible.js";
import { processWhere } from "../access/visibility.js";
import { ChannelEnum, ClassificationEnum, DeliveryStatusEnum, FeedbackStatusEnum, pageComplexity } from "../common/schema.js";
import { feedbackListWhere, notificationListWhere, recordListWhere } from "./queries.js";

builder.prismaNode("InformationRecord", {
  id: { field: "id" },
  authScopes: readRule("informationRecord", (r: { id: string }) => r.id),
  description: "Classified information kept for query (§6.1.2), shared by unit (§6.2.1).",
  fields: (t) => ({
    title: t.exposeString("title"),
    content: t.exposeString("content"),
    classification: t.expose("classification", { type: ClassificationEnum }),
    format: t.exposeString("format"),
    channel: t.exposeString("channel"),
    process: t.relation("process", { nullable: true, query: (_a, ctx) => ({ where: processWhere(ctx.viewer) }) }),
    step: t.relation("step", { nullable: true }),
    ownerUnit: t.relation("ownerUnit"),
    sharedWith: t.relation("sharedWith"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("Feedback", {
  id: { field: "id" },
  authScopes: readRule("feedback", (f: { id: string }) => f.id),
  description: "A problem an employee reports about a process (§2.4.3), tracked to an answer.",
  fields: (t) => ({
    message: t.exposeString("message"),
    status: t.expose("status", { type: FeedbackStatusEnum }),
    answer: t.exposeString("answer", { nullable: true }),
    answeredAt: t.expose("answeredAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    author: t.relation("author"),
    process: t.relation("process", { nullable: true }),
    recipientUnit: t.relation("recipientUnit"),
  }),
});

builder.prismaNode("Notification", {
  id: { field: "id" },
  authScopes: readRule("notification", (n: { id: string }) => n.id),
  description: "A message to a person or unit (§4.4.1, §6.2.2).",
  fields: (t) => ({
    channel: t.expose("channel", { type: ChannelEnum }),
    subject: t.exposeString("subject"),
    body: t.exposeString("body"),
    status: t.expose("status", { type: DeliveryStatusEnum }),
    readAt: t.expose("readAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    alert: t.relation("alert", { nullable: true }),
  }),
});

const RecordFilter = builder.inputType("InformationRecordFilter", {
  fields: (t) => ({
    classifications: t.field({ type: [ClassificationEnum] }),
    search: t.string({ description: "Matches title or content." }),
  }),
});

builder.queryFields((t) => ({
  informationRecords: t.prismaConnection({
    type: "InformationRecord",
    cursor: "id",
    complexity: pageComplexity,
    description: "The information database (§6.1.2); classification-aware: an analyst never sees CONFIDENTIAL or SECRET records.",
    authScopes: { user: true },
    args: { filter: t.arg({ type: RecordFilter }) },
    totalCount: (_c, args, ctx) => ctx.prisma.informationRecord.count({ where: recordListWhere(ctx.viewer, args.filter) }),
    resolve: (query, _r, args, ctx) =>
      ctx.prisma.informationRecord.findMany({
        ...query,
        where: recordListWhere(ctx.viewer, args.filter),
        orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      }),
  }),
  feedback: t.prismaConnection({
    type: "Feedback",
    cursor: "id",
    complexity: pageComplexity,
    description: "Feedback the viewer wrote, or that was sent to the viewer's unit (§2.4.3).",
    authScopes: { user: true },
    args: { status: t.arg({ type: [FeedbackStatusEnum] }) },
    totalCount: (_c, args, ctx) => ctx.prisma.feedback.count({ where: feedbackListWhere(ctx.viewer, args.status) }),
    resolve: (query, _r, args, ctx) =>
      ctx.prisma.feedback.findMany({ ...query, where: feedbackListWhere(ctx.viewer, args.status), orderBy: [{ createdAt: "desc" }, { id: "asc" }] }),
  }),
  notifications: t.prismaConnection({
    type: "Notification",
    cursor: "id",
    complexity: pageComplexity,
    description: "The viewer's notifications, newest first (§4.4.1).",
    authScopes: { user: true },
    args: { unread: t.arg.boolean() },
    totalCount: (_c, args, ctx) => ctx.prisma.notification.count({ where: notificationListWhere(ctx.viewer, args.unread) }),
    resolve: (query, _r, args, ctx) =>
      ctx.prisma.notification.findMany({ ...query, where: notificationListWhere(ctx.viewer, args.unread), orderBy: [{ createdAt: "desc" }, { id: "asc" }] }),
  }),
}));
