import { builder } from "../../builder.js";
import type { Prisma } from "../../lib/db.js";
import { entityReadable } from "../access/visible.js";
import { parseId } from "../common/ids.js";
import { TimeRange, timeFilter, pageComplexity } from "../common/schema.js";

const AuditLogEntry = builder.prismaObject("AuditLog", {
  name: "AuditLogEntry",
  description: "One change, as the append-only audit log keeps it (§6.4): who, what, when, which fields.",
  fields: (t) => ({
    id: t.id({ resolve: (e) => e.id.toString() }),
    at: t.expose("at", { type: "DateTime" }),
    action: t.exposeString("action", { description: "The mutation, e.g. updateProcess." }),
    entity: t.exposeString("entity"),
    entityId: t.exposeString("entityId"),
    changes: t.field({
      type: "JSON",
      description: "Changed fields and their values; about a row you may not read, only the field names, each value REDACTED (§6.4).",
      select: { changes: true, entity: true, entityId: true },
      resolve: async (e, _a, ctx) => ((await entityReadable(ctx, e.entity, e.entityId)) ? e.changes : redact(e.changes)),
    }),
    redacted: t.boolean({
      description: "True when the entry is about a row you may not read: its values are hidden (§6.4).",
      select: { entity: true, entityId: true },
      resolve: async (e, _a, ctx) => !(await entityReadable(ctx, e.entity, e.entityId)),
    }),
    actor: t.relation("actor", { nullable: true }),
    tokenId: t.exposeString("tokenId", { nullable: true }),
  }),
});

/**
 * §6.4: an entry about a row the viewer may not read (a SECRET risk, for an administrator whose
 * limit is INTERNAL) keeps who, what, when and which fields, so the trail stays complete, but
 * none of the values.
 */
export const REDACTED = "REDACTED";
function redact(changes: unknown): Record<string, string> {
  return Object.fromEntries(Object.keys(changes && typeof changes === "object" ? changes : {}).map((k) => [k, REDACTED]));
}

const AuditFilter = builder.inputType("AuditLogFilter", {
  fields: (t) => ({
    entity: t.string(),
    entityId: t.string(),
    action: t.string(),
    actorId: t.id(),
    at: t.field({ type: TimeRange }),
  }),
});

function auditWhere(f: typeof AuditFilter.$inferInput | null | undefined): Prisma.AuditLogWhereInput {
  return {
    ...(f?.entity ? { entity: f.entity } : {}),
    ...(f?.entityId ? { entityId: f.entityId } : {}),
    ...(f?.action ? { action: f.action } : {}),
    ...(f?.actorId ? { actorId: parseId(f.actorId, "User", "filter.actorId") } : {}),
    ...(f?.at ? { at: timeFilter(f.at) } : {}),
  };
}

builder.queryFields((t) => ({
  auditLog: t.prismaConnection(
    {
      type: AuditLogEntry,
      cursor: "id",
      complexity: pageComplexity,
      description: "The audit log, newest first (MANAGEMENT and ADMIN).",
      authScopes: { role: ["MANAGEMENT", "ADMIN"] },
      args: { filter: t.arg({ type: AuditFilter }) },
      totalCount: (_c, args, ctx) => ctx.prisma.auditLog.count({ where: auditWhere(args.filter) }),
      resolve: (query, _r, args, ctx) => ctx.prisma.auditLog.findMany({ ...query, where: auditWhere(args.filter), orderBy: { id: "desc" } }),
    },
    { name: "AuditLogConnection" },
  ),
}));
