import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from "@pothos/core";
import type { GraphQLFieldResolver } from "graphql";
import type { Context } from "./context.js";
import { asReadRule, type ReadRule } from "./modules/access/visible.js";

/**
 * §6.4: a field that returns objects of a type with a read rule drops the objects the viewer may
 * not read: a list leaves them out, a nullable field answers null. Without it a type-level check
 * fails the whole parent (one hidden risk under `Indicator.risks` failed an analyst's whole
 * `indicators` query, and said that the link exists). Non-null fields keep the type-level check
 * as the last line: their object is readable by construction (it shares its parent's rule).
 */
export class ReadFilterPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types["Context"], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types["Context"], object> {
    const outer = fieldConfig.type;
    const inner = outer.kind === "List" ? outer.type : outer;
    if (inner.kind !== "Object") return resolver;
    const rule = asReadRule((this.buildCache.getTypeConfig(inner.ref).pothosOptions as { authScopes?: unknown }).authScopes);
    if (!rule) return resolver;
    if (outer.kind === "List") {
      return async (parent, args, ctx, info) => {
        const value = (await resolver(parent, args, ctx, info)) as unknown[] | null | undefined;
        return value == null ? value : keepReadable(rule, value, ctx as Context);
      };
    }
    if (!outer.nullable) return resolver;
    return async (parent, args, ctx, info) => {
      const value = await resolver(parent, args, ctx, info);
      return value != null && (await rule(value, ctx as Context)) ? value : null;
    };
  }
}

async function keepReadable(rule: ReadRule<unknown>, items: unknown[], ctx: Context): Promise<unknown[]> {
  const resolved = await Promise.all(items);
  const keep = await Promise.all(resolved.map((item) => item != null && rule(item, ctx)));
  return resolved.filter((_item, i) => keep[i]);
}

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      readFilter: ReadFilterPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin("readFilter", ReadFilterPlugin);

export const readFilterPlugin = "readFilter" as const;
