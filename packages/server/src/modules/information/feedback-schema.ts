import { builder } from "../../builder.js";
import { parseId } from "../common/ids.js";
import { publishNotifications } from "./inbox.js";
import { createFeedbackService } from "./feedback.js";

builder.prismaObjectFields("Feedback", (t) => ({
  step: t.relation("step", { nullable: true }),
  answeredBy: t.relation("answeredBy", { nullable: true }),
  action: t.prismaField({
    type: "Action",
    nullable: true,
    description: "The improvement action it was turned into (§2.4.3, §4.4.2).",
    resolve: (query, f, _a, ctx) => (f.actionId ? ctx.prisma.action.findUnique({ ...query, where: { id: f.actionId } }) : null),
  }),
}));

const SubmitFeedbackInput = builder.inputType("SubmitFeedbackInput", {
  fields: (t) => ({
    processId: t.id({ required: true }),
    stepId: t.id(),
    message: t.string({ required: true, validate: { maxLength: 5000 } }),
  }),
});
const AnswerFeedbackInput = builder.inputType("AnswerFeedbackInput", {
  fields: (t) => ({ feedbackId: t.id({ required: true }), answer: t.string({ required: true, validate: { maxLength: 5000 } }) }),
});
const FeedbackToActionInput = builder.inputType("FeedbackToActionInput", {
  fields: (t) => ({
    feedbackId: t.id({ required: true }),
    title: t.string({ required: true, validate: { maxLength: 200 } }),
    ownerUnitId: t.id({ required: true }),
    deadline: t.field({ type: "DateTime", required: true }),
  }),
});

builder.mutationFields((t) => ({
  submitFeedback: t.prismaField({
    type: "Feedback",
    description: "An employee reports a problem on a process or step (§2.4.3); the owning unit's head and the process office are told.",
    authScopes: { user: true },
    args: { input: t.arg({ type: SubmitFeedbackInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const { row, published } = await createFeedbackService(ctx.prisma).submit(ctx.viewer, {
        processId: parseId(input.processId, "Process", "processId"),
        stepId: input.stepId ? parseId(input.stepId, "ProcessStep", "stepId") : null,
        message: input.message,
      });
      publishNotifications(ctx.pubsub, published);
      return ctx.prisma.feedback.findUniqueOrThrow({ ...query, where: { id: row.id } });
    },
  }),
  answerFeedback: t.prismaField({
    type: "Feedback",
    description: "Answers feedback; the author finds the answer in the inbox (§2.4.3).",
    authScopes: { editor: true },
    args: { input: t.arg({ type: AnswerFeedbackInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const { row, published } = await createFeedbackService(ctx.prisma).answer(ctx.viewer, {
        feedbackId: parseId(input.feedbackId, "Feedback", "feedbackId"),
        answer: input.answer,
      });
      publishNotifications(ctx.pubsub, published);
      return ctx.prisma.feedback.findUniqueOrThrow({ ...query, where: { id: row.id } });
    },
  }),
  feedbackToAction: t.prismaField({
    type: "Feedback",
    description: "Turns feedback into an improvement action (§2.4.3, §4.4.2) and closes it; the author is told.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: FeedbackToActionInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const { row, published } = await createFeedbackService(ctx.prisma).toAction(ctx.viewer, {
        feedbackId: parseId(input.feedbackId, "Feedback", "feedbackId"),
        title: input.title,
        ownerUnitId: parseId(input.ownerUnitId, "OrgUnit", "ownerUnitId"),
        deadline: input.deadline,
      });
      publishNotifications(ctx.pubsub, published);
      return ctx.prisma.feedback.findUniqueOrThrow({ ...query, where: { id: row.id } });
    },
  }),
}));
