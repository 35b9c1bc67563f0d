/**
 * The fields of an update input that were given (not null or absent), strings trimmed: an update
 * touches only what the client sent.
 */
export function given<T extends Record<string, unknown>>(input: T, keys: (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) {
    const v = input[k];
    if (v !== undefined && v !== null) out[k] = (typeof v === "string" ? v.trim() : v) as T[keyof T];
  }
  return out;
}

/** Prisma's `{ gte, lt }` for an optional TimeRange. */
export function timeFilter(range: { from?: Date | null; to?: Date | null } | null | undefined) {
  if (!range) return undefined;
  const f: { gte?: Date; lt?: Date } = {};
  if (range.from) f.gte = range.from;
  if (range.to) f.lt = range.to;
  return Object.keys(f).length ? f : undefined;
}
