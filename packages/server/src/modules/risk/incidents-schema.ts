/** The API of incidents (§5.4.1) and post-incident reviews (§5.4.2); the service is `incidents.ts`. */
import { builder } from "../../builder.js";
import { readRule } from "../access/visible.js";
import type { Context } from "../../context.js";
import * as Enums from "../../generated/prisma/enums.js";
import { alertWhere, processWhere } from "../access/visibility.js";
import { parseId, parseIds } from "../common/ids.js";
import { ActionKindEnum, IncidentStatusEnum, RoleEnum } from "../common/schema.js";
import { DATE, FINITE, int, NAME, TEXT } from "../common/validation.js";
import { publishNotifications } from "../information/inbox.js";
import { createIncidentService, type IncidentWritten } from "./incidents.js";
import { z } from "zod";

const EntryKindEnum = builder.enumType(Enums.IncidentEntryKind, { name: "IncidentEntryKind" });

interface Entry {
  at: Date;
  kind: Enums.IncidentEntryKind;
  note: string;
  authorId: string | null;
  authorName: string;
}

const EntryRef = builder.objectRef<Entry>("IncidentTimelineEntry").implement({
  description: "One entry of an incident's timeline (§5.4.1): when, who, what kind, a note.",
  fields: (t) => ({
    at: t.field({ type: "DateTime", resolve: (e) => e.at }),
    kind: t.field({ type: EntryKindEnum, resolve: (e) => e.kind }),
    note: t.exposeString("note"),
    authorName: t.exposeString("authorName", { description: "The author's name, or who the entry was recorded for." }),
    author: t.prismaField({
      type: "User",
      nullable: true,
      resolve: (query, e, _a, ctx) => (e.authorId ? ctx.prisma.user.findUnique({ ...query, where: { id: e.authorId } }) : null),
    }),
  }),
});

builder.prismaNode("IncidentTask", {
  id: { field: "id" },
  authScopes: readRule("riskIncident", (x: { incidentId: string }) => x.incidentId),
  description: "A task of an incident: a step of its activated plan (§5.4.1).",
  fields: (t) => ({
    position: t.exposeInt("position"),
    title: t.exposeString("title"),
    unit: t.relation("unit", { nullable: true }),
    role: t.expose("role", { type: RoleEnum, nullable: true }),
    done: t.boolean({ select: { doneAt: true }, resolve: (x) => x.doneAt !== null }),
    doneAt: t.expose("doneAt", { type: "DateTime", nullable: true }),
    doneBy: t.relation("doneBy", { nullable: true }),
    incident: t.relation("incident"),
  }),
});

const LossRef = builder.objectRef<{ amount: number; currency: string }>("IncidentLoss").implement({
  fields: (t) => ({ amount: t.exposeFloat("amount"), currency: t.exposeString("currency") }),
});

builder.prismaObjectFields("RiskIncident", (t) => ({
  containedAt: t.expose("containedAt", { type: "DateTime", nullable: true }),
  lossAmount: t.field({
    type: LossRef,
    nullable: true,
    description: "The loss with its currency (§5.4.1).",
    select: { loss: true, lossCurrency: true },
    resolve: (i) => (i.loss == null ? null : { amount: i.loss, currency: i.lossCurrency }),
  }),
  tasks: t.relation("tasks", { query: { orderBy: [{ position: "asc" }, { createdAt: "asc" }] } }),
  alerts: t.relation("alerts", { description: "The alerts the incident was opened from.", query: (_a, ctx) => ({ where: alertWhere(ctx.viewer), orderBy: { startedAt: "asc" } }) }),
  timeline: t.field({
    type: [EntryRef],
    description: "The typed timeline, oldest first (§5.4.1).",
    select: { timeline: true, entries: { orderBy: [{ at: "asc" }, { id: "asc" }], include: { author: { select: { name: true } } } } },
    resolve: (i) => {
      if (i.entries.length) return i.entries.map((e) => ({ at: e.at, kind: e.kind, note: e.note, authorId: e.authorId, authorName: e.author?.name ?? "" }));
      // History recorded before typed entries: time, event and who.
      const legacy = Array.isArray(i.timeline) ? (i.timeline as { at?: string; event?: string; by?: string }[]) : [];
      return legacy.map((e) => ({ at: new Date(e.at ?? 0), kind: "NOTE" as const, note: e.event ?? "", authorId: null, authorName: e.by ?? "" }));
    },
  }),
}));

builder.prismaObjectFields("Alert", (t) => ({
  incident: t.relation("incident", { nullable: true, description: "The incident opened from this alert (§5.4.1)." }),
}));

builder.prismaObjectFields("PostIncidentReview", (t) => ({
  processChanges: t.relation("processChanges", {
    description: "Process change proposals from the lessons (§5.4.2).",
    query: (_a, ctx) => ({ where: { process: processWhere(ctx.viewer) } }),
  }),
}));

builder.prismaObjectFields("Notification", (t) => ({
  incident: t.relation("incident", { nullable: true, description: "The incident this message is about (§5.4.1)." }),
}));

const OpenIncidentInput = builder.inputType("OpenIncidentInput", {
  fields: (t) => ({
    riskId: t.id({ required: true }),
    alertId: t.id({ description: "The alert the incident is opened from; it links to the incident." }),
    title: t.string({ required: true, validate: NAME }),
    description: t.string({ validate: TEXT }),
    occurredAt: t.field({ type: "DateTime", validate: DATE }),
  }),
});
const TimelineEntryInput = builder.inputType("AddIncidentTimelineEntryInput", {
  fields: (t) => ({
    incidentId: t.id({ required: true }),
    note: t.string({ required: true, validate: TEXT }),
    at: t.field({ type: "DateTime", validate: DATE }),
  }),
});
const CompleteTaskInput = builder.inputType("CompleteIncidentTaskInput", {
  fields: (t) => ({ taskId: t.id({ required: true }), note: t.string({ validate: TEXT }) }),
});
const LossInput = builder.inputType("IncidentLossInput", {
  fields: (t) => ({
    amount: t.float({ required: true, validate: { schema: FINITE.schema.pipe(z.number().min(0, "cannot be negative")) } }),
    currency: t.string({ required: true, validate: { schema: z.string().regex(/^[A-Z]{3}$/, "must be a three-letter currency code") } }),
  }),
});
const UpdateIncidentInput = builder.inputType("UpdateIncidentInput", {
  fields: (t) => ({
    incidentId: t.id({ required: true }),
    status: t.field({ type: IncidentStatusEnum, description: "OPEN or CONTAINED; CLOSED through closeIncident." }),
    loss: t.field({ type: LossInput }),
  }),
});
const FollowUpInput = builder.inputType("FollowUpActionInput", {
  fields: (t) => ({
    kind: t.field({ type: ActionKindEnum, defaultValue: "IMPROVEMENT" }),
    title: t.string({ required: true, validate: NAME }),
    description: t.string({ validate: TEXT }),
    ownerUnitId: t.id({ required: true }),
    ownerId: t.id(),
    deadline: t.field({ type: "DateTime", required: true, validate: DATE }),
  }),
});
const ReviewIncidentInput = builder.inputType("ReviewIncidentInput", {
  fields: (t) => ({
    incidentId: t.id({ required: true }),
    effectiveness: t.int({ required: true, validate: int(1, 5), description: "How well the response worked, 1-5." }),
    lessons: t.string({ required: true, validate: TEXT }),
    actions: t.field({ type: [FollowUpInput], validate: { maxLength: 50 } }),
    processChangeIds: t.idList({ description: "Change proposals (proposeProcessChange) that carry the lessons into the process (§5.4.2)." }),
  }),
});
const IncidentIdInput = builder.inputType("IncidentIdInput", { fields: (t) => ({ incidentId: t.id({ required: true }) }) });

async function done(ctx: Context, query: object, w: IncidentWritten) {
  publishNotifications(ctx.pubsub, w.notifications);
  return ctx.prisma.riskIncident.findUniqueOrThrow({ ...query, where: { id: w.id } });
}
const incidents = (ctx: Context) => createIncidentService(ctx.prisma);
const incidentId = (id: string) => parseId(id, "RiskIncident", "incidentId");

builder.mutationFields((t) => ({
  openIncident: t.prismaField({
    type: "RiskIncident",
    description: "Opens an incident by hand or from an alert (§5.4.1): the approved plan's steps become its tasks; management and the owner unit are told.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: OpenIncidentInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) =>
      done(
        ctx,
        query,
        await incidents(ctx).open(ctx.viewer, {
          riskId: parseId(input.riskId, "Risk", "riskId"),
          alertId: input.alertId ? parseId(input.alertId, "Alert", "alertId") : null,
          title: input.title.trim(),
          description: input.description?.trim() ?? "",
          occurredAt: input.occurredAt ?? new Date(),
        }),
      ),
  }),
  addIncidentTimelineEntry: t.prismaField({
    type: "RiskIncident",
    description: "Adds a note to an incident's timeline (§5.4.1).",
    authScopes: { $any: { editor: true, role: ["EMPLOYEE"] } },
    args: { input: t.arg({ type: TimelineEntryInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => done(ctx, query, await incidents(ctx).addEntry(ctx.viewer, incidentId(input.incidentId), input.note, input.at ?? null)),
  }),
  completeIncidentTask: t.prismaField({
    type: "RiskIncident",
    description: "Marks an incident's task done (§5.4.1).",
    authScopes: { $any: { editor: true, role: ["EMPLOYEE"] } },
    args: { input: t.arg({ type: CompleteTaskInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) =>
      done(ctx, query, await incidents(ctx).completeTask(ctx.viewer, parseId(input.taskId, "IncidentTask", "taskId"), input.note ?? "")),
  }),
  updateIncident: t.prismaField({
    type: "RiskIncident",
    description: "Moves an incident OPEN ⇄ CONTAINED and records its loss (§5.4.1).",
    authScopes: { $any: { editor: true, role: ["EMPLOYEE"] } },
    args: { input: t.arg({ type: UpdateIncidentInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) =>
      done(ctx, query, await incidents(ctx).update(ctx.viewer, incidentId(input.incidentId), { status: input.status ?? undefined, loss: input.loss ?? undefined })),
  }),
  reviewIncident: t.prismaField({
    type: "RiskIncident",
    description: "The post-incident review (§5.4.2): effectiveness, lessons, follow-up actions, linked process change proposals.",
    authScopes: { editor: true },
    args: { input: t.arg({ type: ReviewIncidentInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) =>
      done(
        ctx,
        query,
        await incidents(ctx).review(ctx.viewer, incidentId(input.incidentId), {
          effectiveness: input.effectiveness,
          lessons: input.lessons,
          actions: (input.actions ?? []).map((a, i) => ({
            kind: a.kind ?? "IMPROVEMENT",
            title: a.title.trim(),
            description: a.description?.trim() ?? "",
            ownerUnitId: parseId(a.ownerUnitId, "OrgUnit", `actions.${i}.ownerUnitId`),
            ownerId: a.ownerId ? parseId(a.ownerId, "User", `actions.${i}.ownerId`) : null,
            deadline: a.deadline,
          })),
          processChangeIds: parseIds(input.processChangeIds, "ProcessChange", "processChangeIds"),
        }),
      ),
  }),
  closeIncident: t.prismaField({
    type: "RiskIncident",
    description: "Closes a reviewed incident (§5.4.2).",
    authScopes: { editor: true },
    args: { input: t.arg({ type: IncidentIdInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => done(ctx, query, await incidents(ctx).close(ctx.viewer, incidentId(input.incidentId))),
  }),
}));
