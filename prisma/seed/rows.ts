/**
 * The seed's one write shape for rows with a natural key but no unique index on it (a plan by
 * process and method, an evaluation by process, period and status, ...): find the row by its key,
 * update it with the data, or create it with key and data. This is what keeps the seed idempotent
 * where Prisma's `upsert` (unique keys only) cannot.
 */

/** The part of a Prisma model delegate that `upsertByKey` uses. */
export interface KeyedModel<K, D, C> {
  findFirst(args: { where: K; select: { id: true } }): PromiseLike<{ id: string } | null>;
  update(args: { where: { id: string }; data: D; select: { id: true } }): PromiseLike<{ id: string }>;
  create(args: { data: K & D & C; select: { id: true } }): PromiseLike<{ id: string }>;
}

/**
 * Updates the row that `key` finds with `data`, or creates it from `key`, `data` and
 * `createOnly` (fields a re-run leaves as they are); returns its id.
 */
export async function upsertByKey<K extends object, D extends object, C extends object = Record<never, never>>(
  model: KeyedModel<NoInfer<K>, NoInfer<D>, NoInfer<C>>,
  key: K,
  data: D,
  createOnly?: C,
): Promise<string> {
  const found = await model.findFirst({ where: key, select: { id: true } });
  if (found) return (await model.update({ where: { id: found.id }, data, select: { id: true } })).id;
  return (await model.create({ data: { ...key, ...data, ...(createOnly as C) }, select: { id: true } })).id;
}
