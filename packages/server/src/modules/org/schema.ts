import { builder } from "../../builder.js";
import { processWhere } from "../access/visibility.js";
import { readRule } from "../access/visible.js";
import { parseId } from "../common/ids.js";
import { updatePayload } from "../common/payload.js";
import { OrgUnitKindEnum, RoleEnum, pageComplexity } from "../common/schema.js";
import { CODE, NAME } from "../common/validation.js";
import { canSeePersonalDetails } from "../people/permissions.js";
import { orgUnitListWhere, userListWhere } from "./queries.js";
import { createOrgService } from "./service.js";

export const OrgUnitNode = builder.prismaNode("OrgUnit", {
  id: { field: "id" },
  authScopes: readRule("orgUnit", (u: { id: string }) => u.id),
  description: "A unit of the organisation: the head office, a department or a branch (§1.2).",
  fields: (t) => ({
    code: t.exposeString("code"),
    name: t.exposeString("name", { description: "Name in Traditional Chinese." }),
    nameEn: t.exposeString("nameEn"),
    kind: t.expose("kind", { type: OrgUnitKindEnum }),
    isProcessOffice: t.exposeBoolean("isProcessOffice", { description: "The process office (流程歸口管理部門, §2.3)." }),
    archivedAt: t.expose("archivedAt", { type: "DateTime", nullable: true }),
    parent: t.relation("parent", { nullable: true }),
    children: t.relation("children", { query: { where: { archivedAt: null }, orderBy: { code: "asc" } } }),
    processes: t.relatedConnection("processes", {
      cursor: "id",
      complexity: pageComplexity,
      totalCount: true,
      query: (_args, ctx) => ({ where: { AND: [processWhere(ctx.viewer), { archivedAt: null }] }, orderBy: { code: "asc" } }),
    }),
  }),
});

export const UserNode = builder.prismaNode("User", {
  id: { field: "id" },
  authScopes: readRule("user", (u: { id: string }) => u.id),
  description: "A person who signs in. Every user belongs to one unit (§1.2) and holds roles (§2).",
  fields: (t) => ({
    name: t.exposeString("name"),
    // §6.4: an email is personal: the person, an administrator and the own unit's head read it (people/permissions.ts).
    email: t.string({ nullable: true, resolve: (u, _a, ctx) => (canSeePersonalDetails(ctx.viewer, u) ? u.email : null) }),
    roles: t.expose("roles", { type: [RoleEnum] }),
    unit: t.relation("unit"),
  }),
});

builder.queryFields((t) => ({
  orgUnits: t.prismaConnection({
    type: "OrgUnit",
    cursor: "id",
    complexity: pageComplexity,
    description: "The org tree's units, ordered by code.",
    authScopes: { reader: true },
    args: {
      kind: t.arg({ type: OrgUnitKindEnum }),
      parentId: t.arg.id(),
      includeArchived: t.arg.boolean({ defaultValue: false }),
    },
    totalCount: (_conn, args, ctx) => ctx.prisma.orgUnit.count({ where: orgUnitListWhere(args) }),
    resolve: (query, _root, args, ctx) => ctx.prisma.orgUnit.findMany({ ...query, where: orgUnitListWhere(args), orderBy: { code: "asc" } }),
  }),
  users: t.prismaConnection({
    type: "User",
    cursor: "id",
    complexity: pageComplexity,
    description: "People, for assigning alerts and actions.",
    authScopes: { user: true },
    args: { unitId: t.arg.id(), role: t.arg({ type: RoleEnum }) },
    totalCount: async (_c, args, ctx) => ctx.prisma.user.count({ where: await userListWhere(ctx.prisma, args) }),
    resolve: async (query, _root, args, ctx) => ctx.prisma.user.findMany({ ...query, where: await userListWhere(ctx.prisma, args), orderBy: { email: "asc" } }),
  }),
}));

const CreateOrgUnitInput = builder.inputType("CreateOrgUnitInput", {
  fields: (t) => ({
    code: t.string({ required: true, validate: CODE }),
    name: t.string({ required: true, validate: NAME }),
    nameEn: t.string({ required: true, validate: NAME }),
    kind: t.field({ type: OrgUnitKindEnum, required: true }),
    parentId: t.id(),
    isProcessOffice: t.boolean(),
  }),
});

const UpdateOrgUnitInput = builder.inputType("UpdateOrgUnitInput", {
  fields: (t) => ({
    id: t.id({ required: true }),
    code: t.string({ validate: CODE }),
    name: t.string({ validate: NAME }),
    nameEn: t.string({ validate: NAME }),
    parentId: t.id(),
    isProcessOffice: t.boolean(),
  }),
});

const UpdateOrgUnitPayload = updatePayload("UpdateOrgUnitPayload", "OrgUnit", "unit");

builder.mutationFields((t) => ({
  createOrgUnit: t.prismaField({
    type: "OrgUnit",
    description: "Adds a unit to the org tree (ADMIN).",
    authScopes: { role: ["ADMIN"] },
    args: { input: t.arg({ type: CreateOrgUnitInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const unit = await createOrgService(ctx.prisma).create(ctx.viewer, {
        code: input.code.trim(),
        name: input.name.trim(),
        nameEn: input.nameEn.trim(),
        kind: input.kind,
        parentId: input.parentId ? parseId(input.parentId, "OrgUnit", "parentId") : null,
        isProcessOffice: input.isProcessOffice ?? false,
      });
      return ctx.prisma.orgUnit.findUniqueOrThrow({ ...query, where: { id: unit.id } });
    },
  }),
  updateOrgUnit: t.field({
    type: UpdateOrgUnitPayload,
    description: "Renames or moves a unit (ADMIN); says which fields changed.",
    authScopes: { role: ["ADMIN"] },
    args: { input: t.arg({ type: UpdateOrgUnitInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const id = parseId(input.id, "OrgUnit");
      const { unit, changedFields } = await createOrgService(ctx.prisma).update(ctx.viewer, id, {
        ...(input.code ? { code: input.code.trim() } : {}),
        ...(input.name ? { name: input.name.trim() } : {}),
        ...(input.nameEn ? { nameEn: input.nameEn.trim() } : {}),
        ...(input.parentId !== undefined ? { parentId: input.parentId ? parseId(input.parentId, "OrgUnit", "parentId") : null } : {}),
        ...(input.isProcessOffice != null ? { isProcessOffice: input.isProcessOffice } : {}),
      });
      return { id: unit.id, changedFields };
    },
  }),
  archiveOrgUnit: t.prismaField({
    type: "OrgUnit",
    description: "Archives a unit that has no active sub-units or users (ADMIN).",
    authScopes: { role: ["ADMIN"] },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const unit = await createOrgService(ctx.prisma).archive(ctx.viewer, parseId(args.id, "OrgUnit"));
      return ctx.prisma.orgUnit.findUniqueOrThrow({ ...query, where: { id: unit.id } });
    },
  }),
}));
