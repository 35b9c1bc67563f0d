import type { Context, Viewer } from "../../context.js";
import { currentGeneration } from "../../lib/generation.js";
import { indicatorWhere, processWhere, recordWhere, riskWhere } from "./visibility.js";

type Kind = "process" | "indicator" | "risk" | "record";

/** How long a viewer's sets are reused; a miss on an older set reloads it (new rows appear at once). */
const TTL_MS = 30_000;
const MAX_VIEWERS = 2_000;

interface Entry {
  at: number;
  /** The write generation when the set was loaded. */
  generation: number;
  ids: Promise<Set<string>>;
  /** The set once loaded: the hot path (every object of every subscription event) checks it without a promise. */
  loaded?: Set<string>;
}

/**
 * Shared by every request and socket of the same viewer in this process: a wall of 1,000
 * subscriptions under one token computes its sets once, not 1,000 times.
 */
const cache = new Map<string, Entry>();

/** Viewers with the same identity and the same roles and unit see the same rows. */
function viewerKey(viewer: Viewer): string {
  if (viewer.kind === "user") return `u:${viewer.user.id}:${viewer.user.unitId}:${[...viewer.user.roles].sort().join(",")}`;
  if (viewer.kind === "token") return `t:${viewer.token.id}:${viewer.token.kind}`;
  return "anonymous";
}

/**
 * The ids of the rows of one kind the viewer may read, computed with the same `where` the lists
 * use, so a type-level check (node(id:), nested relations, subscription events) agrees with every
 * list. One small query per kind per viewer, reused for TTL_MS.
 */
export function visibleIds(ctx: Context, kind: Kind, fresh = false): Promise<Set<string>> {
  const key = `${viewerKey(ctx.viewer)}|${kind}`;
  const hit = cache.get(key);
  const now = Date.now();
  if (hit && !fresh && now - hit.at < TTL_MS) return hit.ids;
  const ids = load(ctx, kind);
  const entry: Entry = { at: now, generation: currentGeneration(), ids };
  ids.then((set) => (entry.loaded = set)).catch(() => cache.delete(key));
  cache.delete(key);
  cache.set(key, entry);
  if (cache.size > MAX_VIEWERS) cache.delete(cache.keys().next().value!);
  return ids;
}

/**
 * True when the id is readable. A miss reloads the set once if anything was written since it was
 * loaded (a row created a moment ago is visible at once); otherwise a miss costs no query, so
 * events about rows a viewer may not read are dropped cheaply.
 */
export async function isVisible(ctx: Context, kind: Kind, id: string): Promise<boolean> {
  if ((await visibleIds(ctx, kind)).has(id)) return true;
  const entry = cache.get(`${viewerKey(ctx.viewer)}|${kind}`);
  // The current entry may be a reload another check started after ours read the older set.
  if (entry && entry.generation === currentGeneration()) return (await entry.ids).has(id);
  return (await visibleIds(ctx, kind, true)).has(id);
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
  (row: T, ctx: Context): boolean | Promise<boolean> => {
    const entry = cache.get(`${viewerKey(ctx.viewer)}|${kind}`);
    // Synchronous when the set is loaded, fresh and has the id: no promise per object.
    if (entry?.loaded && Date.now() - entry.at < TTL_MS && entry.loaded.has(idOf(row))) return true;
    return isVisible(ctx, kind, idOf(row));
  };
