import type { GraphQLResolveInfo } from "graphql";
import type { Context } from "../../context.js";
import { asReadRule } from "./visible.js";

type GlobalId = { typename: string; id: string };

/** The read rule of a named type, from the schema Pothos built (its `authScopes`). */
function ruleOf(info: GraphQLResolveInfo, typename: string) {
  const type = info.schema.getType(typename);
  return asReadRule((type?.extensions as { pothosOptions?: { authScopes?: unknown } } | undefined)?.pothosOptions?.authScopes);
}

/** Default deny: an object of a type without a read rule, or one the viewer may not read, is null. */
async function readable(info: GraphQLResolveInfo, ctx: Context, id: GlobalId, node: unknown): Promise<unknown> {
  if (node == null) return null;
  const rule = ruleOf(info, id.typename);
  return rule && (await rule(node, ctx)) ? node : null;
}

/**
 * `node(id:)` (§6.4): an object the viewer may not read answers null, exactly as an unknown id
 * does, so the answer says nothing about whether it exists.
 */
export async function nodeIfReadable(_root: unknown, args: { id: GlobalId }, ctx: Context, info: GraphQLResolveInfo, resolveNode: (id: GlobalId) => unknown) {
  if (!ruleOf(info, args.id.typename)) return null;
  return readable(info, ctx, args.id, await resolveNode(args.id));
}

/** `nodes(ids:)`: the same rule per id. */
export async function nodesIfReadable(_root: unknown, args: { ids: GlobalId[] }, ctx: Context, info: GraphQLResolveInfo, resolveNodes: (ids: GlobalId[]) => Promise<unknown[]>) {
  const known = args.ids.filter((id) => ruleOf(info, id.typename));
  const loaded = await resolveNodes(known);
  const byKey = new Map(known.map((id, i) => [`${id.typename}:${id.id}`, loaded[i]]));
  return Promise.all(args.ids.map((id) => readable(info, ctx, id, byKey.get(`${id.typename}:${id.id}`))));
}
