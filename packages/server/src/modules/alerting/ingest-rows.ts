/**
 * A lean bulk-ingest mutation (issue 13 item 3): `recordReadingRows(rows:)` takes a batch as one
 * `ReadingRows` value, a list of `[indicatorId, value, observedAt?, key?]` tuples, checked in one
 * pass, instead of a list of `ReadingInput` objects that GraphQL coerces field by field (the
 * measured cost of `recordReadings` over the service: docs/bench/ingest.md). The same service, the
 * same checks, audit and payload as `recordReadings`; that mutation keeps its shape.
 */
import { GraphQLError, Kind, type ValueNode, valueFromASTUntyped } from "graphql";
import { builder } from "../../builder.js";
import { ingestAsViewer, RecordReadingsPayload, withIndicatorIds } from "./ingest-schema.js";

/** RFC 3339 date-time with a zone (as the DateTime scalar takes it). */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

type Row = { indicatorId: string; value: number; observedAt: Date | null; key: string | null };

const refuse = (field: string, message: string) => new GraphQLError(`${field}: ${message}`, { extensions: { code: "BAD_USER_INPUT", field } });

/** One pass over the tuples; the first bad one is named by its index and field, as `readings.N.field` is. */
export function parseReadingRows(value: unknown): Row[] {
  if (!Array.isArray(value)) throw refuse("rows", "must be a list of [indicatorId, value, observedAt?, key?] tuples.");
  const out: Row[] = new Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const row = value[i];
    if (!Array.isArray(row) || row.length < 2 || row.length > 4) throw refuse(`rows.${i}`, "must be [indicatorId, value, observedAt?, key?].");
    const [indicatorId, v, at, key] = row as unknown[];
    if (typeof indicatorId !== "string") throw refuse(`rows.${i}.indicatorId`, "must be the id of an Indicator (a string).");
    if (typeof v !== "number" || !Number.isFinite(v)) throw refuse(`rows.${i}.value`, "must be a finite number.");
    let observedAt: Date | null = null;
    if (at != null) {
      observedAt = typeof at === "string" && RFC3339.test(at) ? new Date(at) : null;
      if (!observedAt || Number.isNaN(observedAt.getTime())) throw refuse(`rows.${i}.observedAt`, "must be an RFC 3339 date-time with a zone, or null.");
    }
    if (key != null && typeof key !== "string") throw refuse(`rows.${i}.key`, "must be a string or null.");
    out[i] = { indicatorId, value: v, observedAt, key: (key as string | null | undefined) ?? null };
  }
  return out;
}

builder.scalarType("ReadingRows", {
  description:
    "A batch of readings for recordReadingRows: a list of [indicatorId, value, observedAt, key] tuples (observedAt and key may be null or left out), " +
    "with the meanings of ReadingInput's fields. Checked in one pass: the lean form for large batches.",
  parseValue: (value) => parseReadingRows(value),
  parseLiteral: (node: ValueNode, variables?: Record<string, unknown> | null) => {
    if (node.kind !== Kind.LIST) throw refuse("rows", "must be a list of [indicatorId, value, observedAt?, key?] tuples.");
    return parseReadingRows(valueFromASTUntyped(node, variables));
  },
  serialize: () => {
    throw new Error("ReadingRows is an input-only scalar.");
  },
});

builder.mutationFields((t) => ({
  recordReadingRows: t.field({
    type: RecordReadingsPayload,
    description: "recordReadings for large batches: up to 10,000 readings as ReadingRows tuples (§4.2.4, §5.3.2), the same checks, rules and audit. All or nothing.",
    authScopes: { ingest: true },
    args: { rows: t.arg({ type: "ReadingRows", required: true }) },
    resolve: (_r, { rows }, ctx) => ingestAsViewer(ctx, withIndicatorIds(rows, "rows"), "recordReadingRows"),
  }),
}));
