import {
  type FieldNode,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from "graphql";

/**
 * One field of a selection as the planner sees it (issue 13 item 7): the response key it is
 * answered under, the schema field, its coerced arguments (variables substituted, defaults
 * applied) and its merged sub-selection. Fragments and inline fragments are flattened,
 * `@include`/`@skip` applied, like graphql-js's own `collectFields`.
 */
export interface PlannedField {
  key: string;
  name: string;
  args: Record<string, unknown>;
  /** The object type of the field's value (null for a scalar or enum). */
  type: GraphQLObjectType | null;
  nodes: FieldNode[];
}

/** Thrown inside the look-ahead for a selection the planner does not cover; the caller falls back. */
export class NotPlanned extends Error {}

/** What a look-ahead reads of a resolver's `info`: the schema, the fragments and the coerced variables. */
export type SelectionInfo = Pick<GraphQLResolveInfo, "schema" | "fragments" | "variableValues">;

function included(info: SelectionInfo, node: { directives?: readonly { name: { value: string } }[] }): boolean {
  for (const d of node.directives ?? []) {
    // Any directive but @include / @skip (e.g. @defer, @stream) changes execution: not planned.
    if (d.name.value !== "include" && d.name.value !== "skip") throw new NotPlanned(`@${d.name.value}`);
  }
  if (getDirectiveValues(GraphQLSkipDirective, node as never, info.variableValues)?.if === true) return false;
  if (getDirectiveValues(GraphQLIncludeDirective, node as never, info.variableValues)?.if === false) return false;
  return true;
}

function typeApplies(info: SelectionInfo, type: GraphQLObjectType, condition: string | undefined): boolean {
  if (!condition || condition === type.name) return true;
  const cond = info.schema.getType(condition);
  return !!cond && isAbstractType(cond) && info.schema.isSubType(cond, type);
}

/**
 * The fields selected on `type` by the field nodes `nodes` (the nodes of one response key, or of
 * several keys answered by the same object), merged by response key. Two uses of one response
 * key with different arguments cannot be answered from one planned value: not planned.
 * `__typename` is kept in its place (name and key `__typename` or its alias, no type).
 */
export function collect(info: SelectionInfo, type: GraphQLObjectType, nodes: readonly FieldNode[]): PlannedField[] {
  const byKey = new Map<string, PlannedField>();
  const visit = (set: SelectionSetNode | undefined, seen: Set<string>) => {
    for (const sel of set?.selections ?? []) {
      if (!included(info, sel)) continue;
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        const key = sel.alias?.value ?? name;
        if (name === "__typename") {
          if (!byKey.has(key)) byKey.set(key, { key, name, args: {}, type: null, nodes: [sel] });
          continue;
        }
        const def = type.getFields()[name];
        if (!def) throw new NotPlanned(`${type.name}.${name}`);
        const args = getArgumentValues(def, sel, info.variableValues) as Record<string, unknown>;
        const named = getNamedType(def.type);
        const prev = byKey.get(key);
        if (prev) {
          if (prev.name !== name || JSON.stringify(prev.args) !== JSON.stringify(args)) throw new NotPlanned(`${type.name}.${key}: two uses`);
          prev.nodes.push(sel);
        } else {
          byKey.set(key, { key, name, args, type: isObjectType(named) ? named : null, nodes: [sel] });
        }
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        if (typeApplies(info, type, sel.typeCondition?.name.value)) visit(sel.selectionSet, seen);
      } else {
        const name = sel.name.value;
        const fragment = info.fragments[name];
        if (!fragment || seen.has(name)) continue;
        if (typeApplies(info, type, fragment.typeCondition.name.value)) visit(fragment.selectionSet, new Set(seen).add(name));
      }
    }
  };
  for (const node of nodes) visit(node.selectionSet, new Set());
  return [...byKey.values()];
}

/** Every field named `name` among `fields` (any alias), as one merged list of nodes; several keys must agree on arguments. */
export function nodesOf(fields: readonly PlannedField[], name: string): FieldNode[] {
  return fields.filter((f) => f.name === name).flatMap((f) => f.nodes);
}
