import { builder } from "../../builder.js";
import type PrismaTypes from "../../generated/pothos-types.js";

/** What an update mutation returns: the object as it is now, and which fields changed. */
export interface UpdateResult {
  id: string;
  changedFields: string[];
}

type Model = keyof PrismaTypes & string;

/**
 * `<Name>Payload { <field>: <Model>!, changedFields: [String!]! }`: every update says what it
 * changed, and the object is loaded with the client's nested selection in one query.
 */
export function updatePayload(name: string, model: Model, field: string) {
  const ref = builder.objectRef<UpdateResult>(name);
  const delegate = model.charAt(0).toLowerCase() + model.slice(1);
  ref.implement({
    fields: (t) => ({
      changedFields: t.exposeStringList("changedFields", {
        description: "Fields whose value changed; empty when the input matched what was stored.",
      }),
      [field]: t.prismaField({
        type: model,
        resolve: (query, parent, _args, ctx) => (ctx.prisma as any)[delegate].findUniqueOrThrow({ ...query, where: { id: parent.id } }),
      }),
    }),
  });
  return ref;
}
