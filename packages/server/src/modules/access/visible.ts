import type { Context } from "../../context.js";
import { indicatorWhere, processWhere, recordWhere, riskWhere } from "./visibility.js";

type Kind = "process" | "indicator" | "risk" | "record";

/** Long-lived contexts (WebSocket subscriptions) see new rows after this long. */
const TTL_MS = 30_000;
const memo = new WeakMap<object, Map<Kind, { at: number; ids: Promise<Set<string>> }>>();

/**
 * The ids of the rows of one kind the viewer may read, computed once per request with the same
 * `where` the lists use, so a type-level check (node(id:), nested relations) agrees with every
 * list. One small query per kind per request.
 */
export function visibleIds(ctx: Context, kind: Kind): Promise<Set<string>> {
  let perCtx = memo.get(ctx);
  if (!perCtx) memo.set(ctx, (perCtx = new Map()));
  const hit = perCtx.get(kind);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.ids;
  const ids = load(ctx, kind);
  perCtx.set(kind, { at: Date.now(), ids });
  return ids;
}

async function load(ctx: Context, kind: Kind): Promise<Set<string>> {
  const select = { id: true } as const;
  const rows =
    kind === "process"
      ? await ctx.prisma.process.findMany({ where: processWhere(ctx.viewer), select })
      : kind === "indicator"
        ? await ctx.prisma.indicator.findMany({ where: indicatorWhere(ctx.viewer), select })
        : kind === "risk"
          ? await ctx.prisma.risk.findMany({ where: riskWhere(ctx.viewer), select })
          : await ctx.prisma.informationRecord.findMany({ where: recordWhere(ctx.viewer), select });
  return new Set(rows.map((r) => r.id));
}

/** Type-level scope: the object is readable when its id (or its parent's) is in the set. */
export const readableBy =
  <T>(kind: Kind, idOf: (row: T) => string) =>
  async (row: T, ctx: Context) =>
    (await visibleIds(ctx, kind)).has(idOf(row));
