/**
 * §2.4.3 employee feedback: an employee reports a problem on a process or step; it goes to the
 * owning unit's head and the process office, who answer it or turn it into an improvement action
 * (§4.4.2); the author finds the answer in the inbox (§4.4.1).
 */
import { actorOf, type Viewer } from "../../context.js";
import { audited } from "../../lib/audit.js";
import type { PrismaClient } from "../../lib/db.js";
import { badInput, DomainError, forbidden, notFound } from "../../lib/errors.js";
import type { NotificationMessage } from "../../lib/pubsub.js";
import { processWhere, hasRole } from "../access/visibility.js";
import { createActionService } from "../evaluation/actions.js";
import { notifyPeople, notifyUnitHeadAndOffice } from "./inbox.js";
import { FEEDBACK_TEXT } from "./notice-text.js";

const MAX = 5000;

function text(value: string, field: string): string {
  const v = value.trim();
  if (!v) throw badInput(`${field} must not be empty.`, field);
  if (v.length > MAX) throw badInput(`${field} may have at most ${MAX} characters.`, field);
  return v;
}

/** Who answers feedback sent to a unit: its head, the process office, management. */
function whyCannotAnswer(viewer: Viewer, recipientUnitId: string): string | null {
  if (hasRole(viewer, "PROCESS_OFFICE", "MANAGEMENT")) return null;
  if (hasRole(viewer, "DEPARTMENT_HEAD") && viewer.kind === "user" && viewer.user.unitId === recipientUnitId) return null;
  return "Feedback is answered by the owning unit's head, the process office or management (§2.4.3).";
}

export function createFeedbackService(prisma: PrismaClient) {
  async function loadOpen(viewer: Viewer, id: string) {
    const f = await prisma.feedback.findUnique({ where: { id } });
    if (!f) throw notFound("Feedback", id);
    const why = whyCannotAnswer(viewer, f.recipientUnitId);
    if (why) throw forbidden(why);
    if (f.status === "CLOSED") throw new DomainError("CONFLICT", "This feedback is closed: it was turned into an action.", { field: "feedbackId" });
    return f;
  }
  const userId = (viewer: Viewer) => {
    if (viewer.kind !== "user") throw forbidden("Only a person gives or answers feedback.");
    return viewer.user.id;
  };

  return {
    async submit(viewer: Viewer, input: { processId: string; stepId?: string | null; message: string }, now = new Date()) {
      const authorId = userId(viewer);
      const message = text(input.message, "message");
      const process = await prisma.process.findFirst({
        where: { AND: [{ id: input.processId }, processWhere(viewer)] },
        select: { id: true, ownerUnitId: true, name: true, nameEn: true },
      });
      if (!process) throw notFound("Process", input.processId);
      if (input.stepId) {
        const step = await prisma.processStep.findUnique({ where: { id: input.stepId }, select: { processId: true } });
        if (!step || step.processId !== process.id) throw badInput("stepId must be a step of the process.", "stepId");
      }
      return audited(prisma, actorOf(viewer), "submitFeedback", async (tx, record) => {
        const row = await tx.feedback.create({ data: { authorId, processId: process.id, stepId: input.stepId ?? null, recipientUnitId: process.ownerUnitId, message } });
        record({ entity: "Feedback", entityId: row.id, changes: { processId: process.id, stepId: row.stepId, recipientUnitId: row.recipientUnitId, message } });
        const published = await notifyUnitHeadAndOffice(tx, process.ownerUnitId, { subject: FEEDBACK_TEXT.received(process), body: message, feedbackId: row.id }, record, now);
        return { row, published };
      });
    },

    async answer(viewer: Viewer, input: { feedbackId: string; answer: string }, now = new Date()) {
      const answeredById = userId(viewer);
      const answer = text(input.answer, "answer");
      const f = await loadOpen(viewer, input.feedbackId);
      return audited(prisma, actorOf(viewer), "answerFeedback", async (tx, record) => {
        const row = await tx.feedback.update({ where: { id: f.id }, data: { answer, answeredById, answeredAt: now, status: "ANSWERED" } });
        record({ entity: "Feedback", entityId: f.id, changes: { answer: { from: f.answer, to: answer }, status: { from: f.status, to: "ANSWERED" } } });
        const author = await tx.user.findUniqueOrThrow({ where: { id: f.authorId }, select: { id: true, unitId: true } });
        const published: NotificationMessage[] = await notifyPeople(tx, [author], { subject: FEEDBACK_TEXT.answered, body: answer, feedbackId: f.id }, record, now);
        return { row, published };
      });
    },

    /** Opens an IMPROVEMENT action from feedback (§4.4.2) and closes the feedback with a note to its author. */
    async toAction(viewer: Viewer, input: { feedbackId: string; title: string; ownerUnitId: string; deadline: Date }, now = new Date()) {
      const answeredById = userId(viewer);
      const title = text(input.title, "title");
      const f = await loadOpen(viewer, input.feedbackId);
      if (!f.processId) throw badInput("This feedback names no process to act on.", "feedbackId");
      if (input.deadline.getTime() <= now.getTime()) throw badInput("deadline must lie in the future.", "deadline");
      const action = await createActionService(prisma).create(
        viewer,
        {
          kind: "IMPROVEMENT",
          title,
          description: f.message,
          processId: f.processId,
          evaluationId: null,
          findingId: null,
          indicatorId: null,
          ownerUnitId: input.ownerUnitId,
          ownerId: null,
          deadline: input.deadline,
        },
        now,
      );
      const answer = `已轉為改善行動：${title} / Turned into an improvement action: ${title}`;
      return audited(prisma, actorOf(viewer), "feedbackToAction", async (tx, record) => {
        const closed = await tx.feedback.updateMany({
          where: { id: f.id, status: { not: "CLOSED" } },
          data: { status: "CLOSED", actionId: action.id, answer: f.answer ?? answer, answeredById, answeredAt: now },
        });
        if (closed.count === 0) throw new DomainError("CONFLICT", "This feedback was closed meanwhile.", { field: "feedbackId" });
        record({ entity: "Feedback", entityId: f.id, changes: { status: { from: f.status, to: "CLOSED" }, actionId: action.id } });
        const author = await tx.user.findUniqueOrThrow({ where: { id: f.authorId }, select: { id: true, unitId: true } });
        const published = await notifyPeople(
          tx,
          [author],
          { subject: FEEDBACK_TEXT.becameAction, body: FEEDBACK_TEXT.actionBody(title), actionId: action.id, feedbackId: f.id },
          record,
          now,
        );
        return { row: await tx.feedback.findUniqueOrThrow({ where: { id: f.id } }), published };
      });
    },
  };
}
