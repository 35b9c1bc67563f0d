/**
 * Saved queries (issue 14, §2.3.3 collect and analyse run data): an analyst keeps a GraphQL query
 * with its variables under a name, private or shared with the own unit or the company. A saved
 * query is text: whoever opens it runs it through /graphql with their own token, so a reader gets
 * what the reader may see, never what the author may.
 */
import { parse } from "graphql";
import { actorOf, type Viewer } from "../../context.js";
import { audited, diff } from "../../lib/audit.js";
import type { Prisma, PrismaClient } from "../../lib/db.js";
import { badInput, forbidden, notFound } from "../../lib/errors.js";
import type { QuerySharing } from "../../generated/prisma/enums.js";

const MAX_NAME = 200;
const MAX_QUERY = 100_000;
const MAX_VARIABLES = 20_000;

export interface SavedQueryInput {
  name: string;
  query: string;
  variables?: unknown;
  sharing?: QuerySharing | null;
}

function name(value: string): string {
  const v = value.trim();
  if (!v) throw badInput("name must not be empty.", "name");
  if (v.length > MAX_NAME) throw badInput(`name may have at most ${MAX_NAME} characters.`, "name");
  return v;
}

/** The query must be a GraphQL document (it is not run here: it runs later, as its reader). */
function queryText(value: string): string {
  if (!value.trim()) throw badInput("query must not be empty.", "query");
  if (value.length > MAX_QUERY) throw badInput(`query may have at most ${MAX_QUERY} characters.`, "query");
  try {
    parse(value, { maxTokens: 20_000 });
  } catch (e) {
    throw badInput(`query is not a GraphQL document: ${(e as Error).message.split("\n")[0]}`, "query");
  }
  return value;
}

function variablesObject(value: unknown): Prisma.InputJsonObject {
  const v = value ?? {};
  if (typeof v !== "object" || Array.isArray(v)) throw badInput("variables must be a JSON object.", "variables");
  if (JSON.stringify(v).length > MAX_VARIABLES) throw badInput(`variables may have at most ${MAX_VARIABLES} characters as JSON.`, "variables");
  return v as Prisma.InputJsonObject;
}

const authorOf = (viewer: Viewer) => {
  if (viewer.kind !== "user") throw forbidden("Only a person keeps saved queries.");
  return viewer.user.id;
};

export function createSavedQueryService(prisma: PrismaClient) {
  /** The viewer's own saved query; someone else's is not found (even a shared one: only its author changes it). */
  async function own(viewer: Viewer, id: string) {
    const authorId = authorOf(viewer);
    const row = await prisma.savedQuery.findUnique({ where: { id } });
    if (!row || row.authorId !== authorId) throw notFound("SavedQuery", id);
    return row;
  }

  return {
    async save(viewer: Viewer, input: SavedQueryInput) {
      const authorId = authorOf(viewer);
      const data = { name: name(input.name), query: queryText(input.query), variables: variablesObject(input.variables), sharing: input.sharing ?? "PRIVATE" };
      return audited(prisma, actorOf(viewer), "saveQuery", async (tx, record) => {
        const row = await tx.savedQuery.create({ data: { ...data, authorId } });
        record({ entity: "SavedQuery", entityId: row.id, changes: { name: data.name, sharing: data.sharing } });
        return row;
      });
    },

    /** Renames, edits or re-shares the viewer's own saved query; fields left out stay. */
    async update(viewer: Viewer, id: string, input: Partial<SavedQueryInput>) {
      const before = await own(viewer, id);
      const after = {
        name: input.name != null ? name(input.name) : before.name,
        query: input.query != null ? queryText(input.query) : before.query,
        variables: input.variables !== undefined ? variablesObject(input.variables) : before.variables,
        sharing: input.sharing ?? before.sharing,
      };
      const changes = diff(before, after as typeof before, ["name", "query", "variables", "sharing"]);
      const changedFields = Object.keys(changes);
      if (changedFields.length === 0) return { id, changedFields };
      return audited(prisma, actorOf(viewer), "updateSavedQuery", async (tx, record) => {
        await tx.savedQuery.update({ where: { id }, data: after as Prisma.SavedQueryUpdateInput });
        record({ entity: "SavedQuery", entityId: id, changes });
        return { id, changedFields };
      });
    },

    async remove(viewer: Viewer, id: string) {
      const row = await own(viewer, id);
      return audited(prisma, actorOf(viewer), "deleteSavedQuery", async (tx, record) => {
        await tx.savedQuery.delete({ where: { id } });
        record({ entity: "SavedQuery", entityId: id, changes: { deleted: true, name: row.name } });
        return { id };
      });
    },
  };
}
