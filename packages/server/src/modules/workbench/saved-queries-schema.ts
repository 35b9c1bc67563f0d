import { builder } from "../../builder.js";
import * as Enums from "../../generated/prisma/enums.js";
import { readRule } from "../access/visible.js";
import { savedQueryWhere } from "../access/visibility.js";
import { encodeGlobalID, parseId } from "../common/ids.js";
import { updatePayload } from "../common/payload.js";
import { pageComplexity } from "../common/schema.js";
import { createSavedQueryService } from "./saved-queries.js";

export const QuerySharingEnum = builder.enumType(Enums.QuerySharing, {
  name: "QuerySharing",
  description: "Who may open a saved query besides its author: nobody, the author's unit, everyone signed in.",
});

builder.prismaNode("SavedQuery", {
  id: { field: "id" },
  authScopes: readRule("savedQuery", (q: { id: string }) => q.id),
  description: "A GraphQL query an analyst saved (issue 14). Whoever runs it runs it with their own access, never the author's.",
  fields: (t) => ({
    name: t.exposeString("name"),
    query: t.exposeString("query"),
    variables: t.expose("variables", { type: "JSON" }),
    sharing: t.expose("sharing", { type: QuerySharingEnum }),
    author: t.relation("author"),
    mine: t.boolean({
      description: "True for the viewer's own saved query (only its author renames, edits or deletes it).",
      resolve: (q, _a, ctx) => ctx.viewer.kind === "user" && ctx.viewer.user.id === q.authorId,
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

const SaveQueryInput = builder.inputType("SaveQueryInput", {
  fields: (t) => ({
    name: t.string({ required: true }),
    query: t.string({ required: true }),
    variables: t.field({ type: "JSON", description: "A JSON object; {} when left out." }),
    sharing: t.field({ type: QuerySharingEnum, description: "PRIVATE when left out." }),
  }),
});

const UpdateSavedQueryInput = builder.inputType("UpdateSavedQueryInput", {
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string(),
    query: t.string(),
    variables: t.field({ type: "JSON" }),
    sharing: t.field({ type: QuerySharingEnum }),
  }),
});

const UpdateSavedQueryPayload = updatePayload("UpdateSavedQueryPayload", "SavedQuery", "savedQuery");
const DeletedSavedQuery = builder.objectRef<{ id: string }>("DeletedSavedQuery").implement({
  fields: (t) => ({ id: t.id({ description: "The global id the saved query had.", resolve: (d) => encodeGlobalID("SavedQuery", d.id) }) }),
});

builder.queryFields((t) => ({
  savedQueries: t.prismaConnection({
    type: "SavedQuery",
    cursor: "id",
    complexity: pageComplexity,
    description: "The viewer's saved queries and those shared with the viewer's unit or the company, most recently changed first.",
    authScopes: { user: true },
    args: { mine: t.arg.boolean({ description: "Only the viewer's own." }) },
    totalCount: (_c, args, ctx) => ctx.prisma.savedQuery.count({ where: listWhere(ctx.viewer, args.mine) }),
    resolve: (query, _r, args, ctx) => ctx.prisma.savedQuery.findMany({ ...query, where: listWhere(ctx.viewer, args.mine), orderBy: [{ updatedAt: "desc" }, { id: "asc" }] }),
  }),
}));

function listWhere(viewer: Parameters<typeof savedQueryWhere>[0], mine: boolean | null | undefined) {
  return { AND: [savedQueryWhere(viewer), mine && viewer.kind === "user" ? { authorId: viewer.user.id } : {}] };
}

builder.mutationFields((t) => ({
  saveQuery: t.prismaField({
    type: "SavedQuery",
    description: "Saves a GraphQL query under a name for the viewer, private or shared with the own unit or the company (issue 14).",
    authScopes: { user: true },
    args: { input: t.arg({ type: SaveQueryInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const row = await createSavedQueryService(ctx.prisma).save(ctx.viewer, input);
      return ctx.prisma.savedQuery.findUniqueOrThrow({ ...query, where: { id: row.id } });
    },
  }),
  updateSavedQuery: t.field({
    type: UpdateSavedQueryPayload,
    description: "Renames, edits or re-shares one of the viewer's own saved queries; fields left out stay.",
    authScopes: { user: true },
    args: { input: t.arg({ type: UpdateSavedQueryInput, required: true }) },
    resolve: (_r, { input }, ctx) =>
      createSavedQueryService(ctx.prisma).update(ctx.viewer, parseId(input.id, "SavedQuery", "id"), {
        name: input.name ?? undefined,
        query: input.query ?? undefined,
        variables: input.variables === null ? {} : input.variables,
        sharing: input.sharing,
      }),
  }),
  deleteSavedQuery: t.field({
    type: DeletedSavedQuery,
    description: "Deletes one of the viewer's own saved queries.",
    authScopes: { user: true },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, args, ctx) => createSavedQueryService(ctx.prisma).remove(ctx.viewer, parseId(args.id, "SavedQuery")),
  }),
}));
