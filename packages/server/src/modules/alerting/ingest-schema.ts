import { builder } from "../../builder.js";
import type { Context } from "../../context.js";
import { parseId } from "../common/ids.js";
import "../common/file-scalar.js";
import { parseReadingsCsv } from "./engine/csv.js";
import { recordReadingsAs } from "./ingest-service.js";
import { publishMessages } from "./publish.js";

// ───────────── ingest (§4.2.4) ─────────────

const ReadingInput = builder.inputType("ReadingInput", {
  fields: (t) => ({
    indicatorId: t.id({ required: true }),
    value: t.float({ required: true }),
    observedAt: t.field({ type: "DateTime", description: "Defaults to now; at most 5 minutes ahead." }),
    key: t.string({ description: "Idempotency key: a retry with the same key is skipped, never stored twice." }),
  }),
});

const RecordReadingsInput = builder.inputType("RecordReadingsInput", {
  fields: (t) => ({ readings: t.field({ type: [ReadingInput], required: true, description: "Up to 10,000 readings." }) }),
});

export const RecordReadingsPayload = builder.objectRef<{ accepted: number; duplicates: number; alertEvents: number }>("RecordReadingsPayload").implement({
  description: "What a batch changed.",
  fields: (t) => ({
    accepted: t.exposeInt("accepted", { description: "Readings stored." }),
    duplicates: t.exposeInt("duplicates", { description: "Readings skipped: their key was already stored, or repeated in the batch." }),
    alertEvents: t.exposeInt("alertEvents", { description: "Alert changes the batch caused (fired, escalated, resolved)." }),
  }),
});

/**
 * A batch's readings with their indicators' global ids decoded, each distinct one once (a batch
 * names few indicators many times); a bad one is named `<list>.<index>.indicatorId`.
 */
export function withIndicatorIds(rows: { indicatorId: string; value: number; observedAt?: Date | null; key?: string | null }[], list: string) {
  const ids = new Map<string, string>();
  return rows.map((r, index) => {
    let id = ids.get(r.indicatorId);
    if (id === undefined) {
      id = parseId(r.indicatorId, "Indicator", `${list}.${index}.indicatorId`);
      ids.set(r.indicatorId, id);
    }
    return { indicatorId: id, value: r.value, observedAt: r.observedAt ?? null, key: r.key ?? null };
  });
}

/** Records a batch as the viewer (ingest-service.ts), and publishes what it changed after commit. */
export async function ingestAsViewer(ctx: Context, readings: { indicatorId: string; value: number; observedAt?: Date | null; key?: string | null }[], action = "recordReadings") {
  const result = await recordReadingsAs(ctx.prisma, ctx.viewer, readings, action);
  publishMessages(ctx.pubsub, result);
  return { accepted: result.accepted, duplicates: result.duplicates, alertEvents: result.events.length };
}

const CsvRowErrorRef = builder.objectRef<{ line: number; message: string }>("CsvRowError").implement({
  fields: (t) => ({ line: t.exposeInt("line", { description: "1-based, the header is line 1." }), message: t.exposeString("message") }),
});

const ImportReadingsPayload = builder
  .objectRef<{ accepted: number; duplicates: number; alertEvents: number; errors: { line: number; message: string }[] }>("ImportReadingsPayload")
  .implement({
    description: "What an import changed; with any row error nothing is written and every bad line is listed.",
    fields: (t) => ({
      accepted: t.exposeInt("accepted"),
      duplicates: t.exposeInt("duplicates"),
      alertEvents: t.exposeInt("alertEvents"),
      errors: t.field({ type: [CsvRowErrorRef], resolve: (p) => p.errors }),
    }),
  });

builder.mutationFields((t) => ({
  recordReadings: t.field({
    type: RecordReadingsPayload,
    description: "Records up to 10,000 readings and evaluates the threshold rules (§4.2.4, §5.3.2). All or nothing.",
    authScopes: { ingest: true },
    args: { input: t.arg({ type: RecordReadingsInput, required: true }) },
    resolve: (_r, { input }, ctx) => ingestAsViewer(ctx, withIndicatorIds(input.readings, "readings")),
  }),
  importReadingsCsv: t.field({
    type: ImportReadingsPayload,
    description: "Imports readings from a CSV file (indicator,value,observedAt,key; at most 10,000 rows). Any bad row: nothing written, every bad line reported.",
    authScopes: { ingest: true },
    args: { file: t.arg({ type: "File", required: true }) },
    resolve: async (_r, args, ctx) => {
      const text = await args.file.text();
      const parsed = await parseReadingsCsv(ctx.prisma, text);
      if (parsed.errors.length) return { accepted: 0, duplicates: 0, alertEvents: 0, errors: parsed.errors };
      return { ...(await ingestAsViewer(ctx, parsed.readings, "importReadingsCsv")), errors: [] };
    },
  }),
}));
