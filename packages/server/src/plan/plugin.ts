import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from "@pothos/core";
import type { GraphQLFieldResolver } from "graphql";
import { PLANNED, PLANNED_FIELDS, type PlannedRow } from "./planner.js";

/**
 * Answers a relation field from the value the planner (plan/planner.ts) loaded with its parent,
 * under the field's response key; without one (the resolver path, or a parent loaded elsewhere)
 * the field's own resolver runs. Registered last, so it is the innermost wrapper: scope-auth's
 * type-level read rules and read-filter.ts still check every object it hands back.
 */
export class PlannedPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types["Context"], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types["Context"], object> {
    if (!PLANNED_FIELDS.get(fieldConfig.parentType)?.has(fieldConfig.name)) return resolver;
    return (parent, args, ctx, info) => {
      const planned = (parent as PlannedRow | null)?.[PLANNED];
      return planned?.has(info.path.key as string) ? planned.get(info.path.key as string) : resolver(parent, args, ctx, info);
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      planned: PlannedPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin("planned", PlannedPlugin);

export const plannedPlugin = "planned" as const;
