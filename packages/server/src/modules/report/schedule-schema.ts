/**
 * Report schedules and "send now" in GraphQL (§2.2.3, §6.3.1): the dashboard's reports page lists
 * and edits schedules, sends a report at once and shows the runs with each contact point's outcome.
 * Schedules and runs are configuration of the people who configure notifications, read only by them
 * (as escalation policies); ids are plain ids, as theirs.
 */
import { builder } from "../../builder.js";
import { mailConfigFromEnv } from "../../lib/mail.js";
import { parseId, parseIds } from "../common/ids.js";
import { publishNotifications } from "../information/inbox.js";
import { publicUrlFromEnv } from "../notification/message.js";
import { notificationAdminWhere } from "../notification/permissions.js";
import { createReportScheduleService, type SendDeps } from "./schedule.js";

const ADMINS = { configurer: true };
const ReportFormatEnum = builder.enumType("ReportFormat", { values: ["PDF", "CSV"] as const });
const ReportPeriodKindEnum = builder.enumType("ReportPeriodKind", {
  values: ["MONTH", "QUARTER", "YEAR"] as const,
  description: "Each run reports on the last whole period of this kind.",
});

const ReportSendResult = builder.objectRef<{ contactPointId: string | null; ok: boolean; error: string | null }>("ReportSendResult").implement({
  fields: (t) => ({
    contactPoint: t.prismaField({
      type: "ContactPoint",
      nullable: true,
      resolve: (query, r, _a, ctx) => (r.contactPointId ? ctx.prisma.contactPoint.findUnique({ ...query, where: { id: r.contactPointId } }) : null),
    }),
    ok: t.exposeBoolean("ok"),
    error: t.exposeString("error", { nullable: true }),
  }),
});

const ReportScheduleRef = builder.prismaObject("ReportSchedule", {
  description: "A unit's report sent on a cron schedule to contact points (§2.2.3, §6.3.1), as its creator may read it.",
  fields: (t) => ({
    id: t.exposeID("id"),
    unit: t.prismaField({ type: "OrgUnit", resolve: (query, s, _a, ctx) => ctx.prisma.orgUnit.findUniqueOrThrow({ ...query, where: { id: s.unitId } }) }),
    cron: t.exposeString("cron"),
    timeZone: t.exposeString("timeZone"),
    periodKind: t.expose("periodKind", { type: ReportPeriodKindEnum }),
    format: t.expose("format", { type: ReportFormatEnum }),
    contactPoints: t.prismaField({
      type: ["ContactPoint"],
      resolve: (query, s, _a, ctx) => ctx.prisma.contactPoint.findMany({ ...query, where: { id: { in: s.contactPointIds } } }),
    }),
    enabled: t.exposeBoolean("enabled"),
    nextRunAt: t.expose("nextRunAt", { type: "DateTime" }),
    lastRunAt: t.expose("lastRunAt", { type: "DateTime", nullable: true }),
  }),
});

const ReportRunRef = builder.prismaObject("ReportRun", {
  description: "One sending of a unit report, scheduled or sent now, with each contact point's outcome.",
  fields: (t) => ({
    id: t.exposeID("id"),
    unit: t.prismaField({ type: "OrgUnit", resolve: (query, r, _a, ctx) => ctx.prisma.orgUnit.findUniqueOrThrow({ ...query, where: { id: r.unitId } }) }),
    period: t.exposeString("period"),
    format: t.expose("format", { type: ReportFormatEnum }),
    dueAt: t.expose("dueAt", { type: "DateTime" }),
    scheduleId: t.exposeID("scheduleId", { nullable: true }),
    ok: t.exposeBoolean("ok"),
    results: t.field({ type: [ReportSendResult], resolve: (r) => r.results as never }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const CreateReportScheduleInput = builder.inputType("CreateReportScheduleInput", {
  fields: (t) => ({
    unitId: t.id({ required: true }),
    cron: t.string({ required: true, validate: { maxLength: 100 }, description: "Five fields, e.g. `0 8 1 * *` (08:00 on the 1st); at most one run an hour." }),
    timeZone: t.string({ validate: { maxLength: 60 }, description: "IANA time zone of the cron expression; default Asia/Taipei." }),
    periodKind: t.field({ type: ReportPeriodKindEnum }),
    format: t.field({ type: ReportFormatEnum }),
    contactPointIds: t.idList({ required: true }),
  }),
});

const SendUnitReportInput = builder.inputType("SendUnitReportInput", {
  fields: (t) => ({
    unitId: t.id({ required: true }),
    period: t.string({ required: true, validate: { maxLength: 20 } }),
    format: t.field({ type: ReportFormatEnum }),
    contactPointIds: t.idList({ required: true }),
  }),
});

const DeletedSchedule = builder.objectRef<{ id: string }>("DeletedReportSchedule").implement({ fields: (t) => ({ id: t.exposeID("id") }) });

const deps = (ctx: { pubsub: Parameters<typeof publishNotifications>[0] }): SendDeps => ({
  publicUrl: publicUrlFromEnv(),
  mail: mailConfigFromEnv(),
  publish: (m) => publishNotifications(ctx.pubsub, m),
});

builder.queryFields((t) => ({
  reportSchedules: t.prismaField({
    type: [ReportScheduleRef],
    description: "Enabled report schedules (§6.3.1).",
    authScopes: ADMINS,
    resolve: (query, _r, _a, ctx) =>
      ctx.prisma.reportSchedule.findMany({ ...query, where: { AND: [notificationAdminWhere(ctx.viewer), { enabled: true }] }, orderBy: { createdAt: "asc" }, take: 200 }),
  }),
  reportRuns: t.prismaField({
    type: [ReportRunRef],
    description: "The latest report sendings, newest first.",
    authScopes: ADMINS,
    args: { first: t.arg.int({ defaultValue: 50, validate: { min: 1, max: 200 } }) },
    resolve: (query, _r, args, ctx) =>
      ctx.prisma.reportRun.findMany({ ...query, where: notificationAdminWhere(ctx.viewer), orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: args.first ?? 50 }),
  }),
}));

builder.mutationFields((t) => ({
  createReportSchedule: t.prismaField({
    type: ReportScheduleRef,
    description: "Sends a unit's report on a cron schedule to contact points (§6.3.1).",
    authScopes: ADMINS,
    args: { input: t.arg({ type: CreateReportScheduleInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const row = await createReportScheduleService(ctx.prisma).create(ctx.viewer, {
        unitId: parseId(input.unitId, "OrgUnit", "unitId"),
        cron: input.cron,
        timeZone: input.timeZone,
        periodKind: input.periodKind,
        format: input.format,
        contactPointIds: parseIds(input.contactPointIds, "ContactPoint", "contactPointIds"),
      });
      return ctx.prisma.reportSchedule.findUniqueOrThrow({ ...query, where: { id: row.id } });
    },
  }),
  deleteReportSchedule: t.field({
    type: DeletedSchedule,
    description: "Stops a report schedule; its runs stay.",
    authScopes: ADMINS,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => createReportScheduleService(ctx.prisma).remove(ctx.viewer, String(args.id)),
  }),
  sendUnitReport: t.prismaField({
    type: ReportRunRef,
    description: "Sends a unit's report for a period to contact points now (§6.3.1), as the caller may read it.",
    authScopes: ADMINS,
    args: { input: t.arg({ type: SendUnitReportInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const run = await createReportScheduleService(ctx.prisma).sendNow(
        ctx.viewer,
        {
          unitId: parseId(input.unitId, "OrgUnit", "unitId"),
          period: input.period,
          format: input.format,
          contactPointIds: parseIds(input.contactPointIds, "ContactPoint", "contactPointIds"),
        },
        deps(ctx),
      );
      return ctx.prisma.reportRun.findUniqueOrThrow({ ...query, where: { id: run.id } });
    },
  }),
}));
