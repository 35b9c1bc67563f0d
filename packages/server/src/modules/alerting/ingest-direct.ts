/**
 * Issue 13 (ingest through GraphQL): a `recordReadings` mutation whose variables carry the batch
 * is run without graphql-js coercing its 1,000 `ReadingInput` objects field by field (with
 * graphql-tools' snapshot of them first): that coercion, its type checks and their garbage were
 * half the GraphQL server's CPU per batch (docs/bench/ingest.md). The readings are coerced by a
 * loop compiled once from the schema's own `ReadingInput` (each field by its own scalar's
 * `parseValue`, as graphql-js does), and the field's resolver (Pothos's wrapped one: authScopes,
 * complexity, the resolver) is called with the same arguments and resolve info execution would
 * give it; the payload's fields by their own resolvers and serialisers.
 *
 * Only where that is provably execution's answer (plan/response.ts is the precedent): a mutation
 * without directives whose one root field is `recordReadings`, its `input` one variable of type
 * `RecordReadingsInput!` or `{ readings: $r }` with `$r: [ReadingInput!]!` (the operation's only
 * variable, without default), a selection of the payload's scalar fields and `__typename`
 * without directives, arguments or fragments; and variables that coerce exactly: plain objects
 * holding only `ReadingInput`'s fields, each accepted by its scalar. Anything else (a bad value,
 * an unknown field, a list given as one object) executes as before, with execution's errors. An
 * error raised by the resolver (refused, bad input, unknown indicator) is located as execution
 * locates it. `caches.directIngest` (DIRECT_INGEST=off) turns the path off; tests compare both.
 */
import {
  type ExecutionArgs,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLInputObjectType,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  type GraphQLError,
  getNamedType,
  getNullableType,
  getOperationAST,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  locatedError,
  type OperationDefinitionNode,
  type TypeNode,
} from "graphql";
import type { Plugin } from "graphql-yoga";
import type { Context } from "../../context.js";
import { documentMemo } from "../../lib/operation-memo.js";

/** How many mutations the direct path ran (tests: the path was taken, not declined). */
export const directIngestRuns = { count: 0 };

/** A leaf field of `ReadingInput`: its name, whether it is required, and its scalar's `parseValue`. */
interface LeafField {
  name: string;
  required: boolean;
  parse: (value: unknown) => unknown;
}

/** What an operation's shape allows, compiled once per document and operation name. */
interface Plan {
  operation: OperationDefinitionNode;
  field: GraphQLField<unknown, Context>;
  fieldNode: FieldNode;
  mutationType: GraphQLObjectType;
  payloadType: GraphQLObjectType;
  /** The payload's selected fields by response key, in selection order (`__typename` has no field). */
  selection: { key: string; node: FieldNode; field: GraphQLField<unknown, Context> | null }[];
  /** The variable that carries the batch, and whether it is the whole input (`RecordReadingsInput!`) or its list. */
  variable: string;
  whole: boolean;
  item: LeafField[];
}

/** `Name!` or `[Name!]!`, as written in the variable's definition. */
function isType(node: TypeNode, name: string, list: boolean): boolean {
  if (node.kind !== Kind.NON_NULL_TYPE) return false;
  let inner = node.type;
  if (list) {
    if (inner.kind !== Kind.LIST_TYPE || inner.type.kind !== Kind.NON_NULL_TYPE) return false;
    inner = inner.type.type;
  }
  return inner.kind === Kind.NAMED_TYPE && inner.name.value === name;
}

/** The input object's fields as leaves (scalars, no defaults), or null when it has any other kind. */
function leavesOf(type: GraphQLInputObjectType): LeafField[] | null {
  const out: LeafField[] = [];
  for (const f of Object.values(type.getFields())) {
    const leaf = getNullableType(f.type);
    if (!isScalarType(leaf) || f.defaultValue !== undefined) return null;
    out.push({ name: f.name, required: isNonNullType(f.type), parse: (v) => leaf.parseValue(v) });
  }
  return out;
}

function compile(args: ExecutionArgs): Plan | null {
  const schema: GraphQLSchema = args.schema;
  const operation = getOperationAST(args.document, args.operationName);
  const mutationType = schema.getMutationType();
  if (operation?.operation !== "mutation" || operation.directives?.length || !mutationType) return null;
  const [root, ...rest] = operation.selectionSet.selections;
  if (rest.length || root?.kind !== Kind.FIELD || root.name.value !== "recordReadings" || root.directives?.length) return null;
  const field = mutationType.getFields().recordReadings as GraphQLField<unknown, Context> | undefined;
  const inputType = field?.args.find((a) => a.name === "input")?.type;
  const readingsType = inputType && isInputObjectType(getNullableType(inputType)) ? (getNullableType(inputType) as GraphQLInputObjectType).getFields().readings?.type : undefined;
  const itemType = readingsType && isNonNullType(readingsType) && isListType(readingsType.ofType) ? getNamedType(readingsType) : null;
  if (!field?.resolve || field.args.length !== 1 || !inputType || !isInputObjectType(itemType)) return null;
  const item = leavesOf(itemType);
  if (!item) return null;

  // The batch: `input: $v` (RecordReadingsInput!) or `input: { readings: $r }` ([ReadingInput!]!), the only variable.
  const [arg, ...more] = root.arguments ?? [];
  const defs = operation.variableDefinitions ?? [];
  if (more.length || arg?.name.value !== "input" || defs.length !== 1 || defs[0].defaultValue || defs[0].directives?.length) return null;
  let variable: string;
  let whole: boolean;
  if (arg.value.kind === Kind.VARIABLE) {
    variable = arg.value.name.value;
    whole = true;
    if (!isType(defs[0].type, getNamedType(inputType).name, false)) return null;
  } else if (arg.value.kind === Kind.OBJECT && arg.value.fields.length === 1 && arg.value.fields[0].name.value === "readings" && arg.value.fields[0].value.kind === Kind.VARIABLE) {
    variable = arg.value.fields[0].value.name.value;
    whole = false;
    if (!isType(defs[0].type, itemType.name, true)) return null;
  } else return null;
  if (defs[0].variable.name.value !== variable) return null;
  // RecordReadingsInput holds only `readings`: the whole input is `{ readings }`.
  if (whole && Object.keys((getNullableType(inputType) as GraphQLInputObjectType).getFields()).join() !== "readings") return null;

  const payloadType = getNullableType(field.type);
  if (!isNonNullType(field.type) || !isObjectType(payloadType) || payloadType.isTypeOf || !root.selectionSet) return null;
  const selection: Plan["selection"] = [];
  const keys = new Set<string>();
  for (const s of root.selectionSet.selections) {
    if (s.kind !== Kind.FIELD || s.directives?.length || s.arguments?.length || s.selectionSet) return null;
    const key = s.alias?.value ?? s.name.value;
    if (keys.has(key)) return null; // execution would merge them into one field of two nodes
    keys.add(key);
    if (s.name.value === "__typename") {
      selection.push({ key, node: s, field: null });
      continue;
    }
    const f = payloadType.getFields()[s.name.value] as GraphQLField<unknown, Context> | undefined;
    if (!f || f.args.length || !isNonNullType(f.type) || !isScalarType(f.type.ofType)) return null;
    selection.push({ key, node: s, field: f });
  }
  return { operation, field, fieldNode: root, mutationType, payloadType, selection, variable, whole, item };
}

/** Plans per document (yoga keeps one per query text), operation name and schema. */
const planOf = documentMemo(compile);

const NOT_EXACT = Symbol("not exact");

const isPlain = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** The readings as graphql-js would coerce them (fields in the type's order, absent ones left out), or NOT_EXACT. */
function coerceReadings(value: unknown, item: LeafField[]): Record<string, unknown>[] | typeof NOT_EXACT {
  if (!Array.isArray(value)) return NOT_EXACT;
  const names = new Set(item.map((f) => f.name));
  const out = new Array<Record<string, unknown>>(value.length);
  for (let i = 0; i < value.length; i++) {
    const raw = value[i];
    if (!isPlain(raw)) return NOT_EXACT;
    for (const k in raw) if (!names.has(k)) return NOT_EXACT;
    // graphql-js coerces an input object into a null-prototype object.
    const coerced = Object.create(null) as Record<string, unknown>;
    for (const f of item) {
      const v = raw[f.name];
      if (v === undefined) {
        if (f.required) return NOT_EXACT;
        continue;
      }
      if (v === null) {
        if (f.required) return NOT_EXACT;
        coerced[f.name] = null;
        continue;
      }
      let parsed: unknown;
      try {
        parsed = f.parse(v);
      } catch {
        return NOT_EXACT;
      }
      if (parsed === undefined) return NOT_EXACT;
      coerced[f.name] = parsed;
    }
    out[i] = coerced;
  }
  return out;
}

/** The operation's arguments and coerced variables, when the raw variables coerce exactly. */
function coerceVariables(plan: Plan, variables: Record<string, unknown>) {
  const raw = variables[plan.variable];
  if (plan.whole) {
    if (!isPlain(raw)) return null;
    for (const k in raw) if (k !== "readings") return null;
    const readings = coerceReadings(raw.readings, plan.item);
    if (readings === NOT_EXACT) return null;
    // The argument is the variable's coerced value itself (graphql-js getArgumentValues).
    const input = inputOf(readings);
    return { args: { input }, variables: { [plan.variable]: input } };
  }
  const readings = coerceReadings(raw, plan.item);
  if (readings === NOT_EXACT) return null;
  // `{ readings: $r }` is coerced from the literal (graphql-js valueFromAST), the variable's value in it.
  return { args: { input: inputOf(readings) }, variables: { [plan.variable]: readings } };
}

/** `RecordReadingsInput` as graphql-js builds it (a null-prototype object). */
function inputOf(readings: Record<string, unknown>[]) {
  const input = Object.create(null) as { readings: Record<string, unknown>[] };
  input.readings = readings;
  return input;
}

type Path = GraphQLResolveInfo["path"];

/** graphql-tools' `coerceError`: what execution makes of a thrown value that is not an Error. */
function coerceError(error: unknown): Error {
  if (error instanceof Error) return error;
  if (typeof error === "object" && error != null && "message" in error && typeof error.message === "string") {
    const coerced = new Error(error.message, "cause" in error ? { cause: error.cause } : undefined);
    if ("stack" in error && typeof error.stack === "string") coerced.stack = error.stack;
    if ("name" in error && typeof error.name === "string") coerced.name = error.name;
    return coerced;
  }
  return new Error(String(error));
}

/** Execution's own error for a field (graphql-tools `executeField`: coerced to an Error, located at the field). */
function fieldError(raw: unknown, node: FieldNode, path: Path): GraphQLError {
  // Of an AggregateError, execution keeps the first (the field is non-null: it propagates).
  const error = coerceError(raw instanceof AggregateError ? raw.errors[0] : raw);
  const keys: (string | number)[] = [];
  for (let p: Path | undefined = path; p; p = p.prev) keys.unshift(p.key);
  return locatedError(error, [node], keys);
}

/** Runs the planned mutation: its resolver, then the payload's fields; the result as execution builds it. */
async function run(args: ExecutionArgs, plan: Plan, coerced: { args: object; variables: Record<string, unknown> }) {
  const ctx = args.contextValue as Context;
  const fragments = Object.create(null) as Record<string, FragmentDefinitionNode>;
  for (const d of args.document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  const infoFor = (field: GraphQLField<unknown, Context>, node: FieldNode, parentType: GraphQLObjectType, path: Path): GraphQLResolveInfo =>
    ({
      fieldName: field.name,
      fieldNodes: [node],
      returnType: field.type,
      parentType,
      path,
      schema: args.schema,
      fragments,
      rootValue: args.rootValue,
      operation: plan.operation,
      variableValues: coerced.variables,
    }) as GraphQLResolveInfo;
  const rootKey = plan.fieldNode.alias?.value ?? plan.fieldNode.name.value;
  const rootPath: Path = { prev: undefined, key: rootKey, typename: plan.mutationType.name };
  let payload: unknown;
  try {
    payload = await plan.field.resolve!(args.rootValue, coerced.args, ctx, infoFor(plan.field, plan.fieldNode, plan.mutationType, rootPath));
    if (payload == null) throw new Error(`Cannot return null for non-nullable field ${plan.mutationType.name}.${plan.field.name}.`);
  } catch (e) {
    return { errors: [fieldError(e, plan.fieldNode, rootPath)], data: null };
  }
  const out = Object.create(null) as Record<string, unknown>;
  for (const s of plan.selection) {
    if (!s.field) {
      out[s.key] = plan.payloadType.name;
      continue;
    }
    const path: Path = { prev: rootPath, key: s.key, typename: plan.payloadType.name };
    try {
      const value = s.field.resolve
        ? await s.field.resolve(payload, {}, ctx, infoFor(s.field, s.node, plan.payloadType, path))
        : (payload as Record<string, unknown>)[s.field.name];
      if (value == null) throw new Error(`Cannot return null for non-nullable field ${plan.payloadType.name}.${s.field.name}.`);
      out[s.key] = (getNullableType(s.field.type) as { serialize: (v: unknown) => unknown }).serialize(value);
    } catch (e) {
      // The field, the payload and the root field are non-null (the plan takes no other): the error reaches `data`.
      return { errors: [fieldError(e, s.node, path)], data: null };
    }
  }
  const data = Object.create(null) as Record<string, unknown>;
  data[rootKey] = out;
  return { data };
}

/** The direct ingest, or null when the operation or its variables are not exactly its form (then execution runs). */
export function directIngest(args: ExecutionArgs): Promise<unknown> | null {
  const ctx = args.contextValue as Context;
  if (!ctx.caches.directIngest) return null;
  const plan = planOf(args);
  if (!plan) return null;
  const coerced = coerceVariables(plan, (args.variableValues ?? {}) as Record<string, unknown>);
  if (!coerced) return null;
  directIngestRuns.count++;
  return run(args, plan, coerced);
}

/** Registered last in app.ts, after plannedResponses: every plugin's `onExecute` has run, as for the direct response. */
export function directIngestPlugin(): Plugin<Context> {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      setExecuteFn((args) => (directIngest(args) ?? executeFn(args)) as ReturnType<typeof executeFn>);
    },
  };
}
