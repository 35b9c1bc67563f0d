import { Prisma, type PrismaClient, type Tx } from "./db.js";
import { generationOf } from "./generation.js";

/** One change to one row, as the audit log keeps it (§6.4, §1.3 legality). */
export interface AuditEntry {
  entity: string;
  entityId: string;
  /** Changed fields: `{ field: { from, to } }` for updates, `{ field: value }` for creates. */
  changes: Record<string, unknown>;
}

export interface Actor {
  actorId: string | null;
  tokenId: string | null;
}

/**
 * Runs `work` in one transaction and appends one audit row per change it reports, in that same
 * transaction: either the change and its audit rows are committed, or neither is.
 */
export async function audited<T>(prisma: PrismaClient, actor: Actor, action: string, work: (tx: Tx, record: (entry: AuditEntry) => void) => Promise<T>): Promise<T> {
  const result = await prisma.$transaction(
    async (tx) => {
      const entries: AuditEntry[] = [];
      const result = await work(tx, (entry) => entries.push(entry));
      await writeAudit(tx, actor, action, entries);
      return result;
    },
    { timeout: 60_000, maxWait: 20_000 },
  );
  // A committed change may make rows visible or invisible: cached read sets reload on a miss.
  generationOf(prisma).bump();
  return result;
}

/**
 * Appends the audit rows of a change inside the caller's own transaction (ingest runs its own,
 * with row locks: `audited` would open a second one). Prefer `audited` everywhere else.
 */
export async function writeAudit(tx: Tx, actor: Actor, action: string, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.$executeRaw(auditInsertSql(actor, action, entries));
}

/**
 * The INSERT of `writeAudit` as a statement of its own, for a caller that runs it as a CTE of a
 * statement it sends anyway (the ingest's writes: one round trip less per batch). `at` is the
 * wall clock in UTC, as Prisma's `@default(now())` set it.
 */
export function auditInsertSql(actor: Actor, action: string, entries: AuditEntry[], at = new Date()): Prisma.Sql {
  const rows = entries.map((e) => ({ entity: e.entity, entity_id: e.entityId, changes: jsonSafe(e.changes) }));
  return Prisma.sql`
    INSERT INTO audit_log (at, actor_id, token_id, action, entity, entity_id, changes)
    SELECT (${at.toISOString()}::timestamptz AT TIME ZONE 'UTC'), ${actor.actorId}, ${actor.tokenId}, ${action}, u.entity, u.entity_id, u.changes
    FROM ROWS FROM (jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS (entity text, entity_id text, changes jsonb))
      WITH ORDINALITY AS u(entity, entity_id, changes, n)
    ORDER BY u.n`;
}

/** The fields of `after` that differ from `before`, as `{ field: { from, to } }`. */
export function diff<T extends object>(before: T, after: T, fields: (keyof T)[]): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const f of fields) {
    const a = before[f];
    const b = after[f];
    if (JSON.stringify(jsonSafe(a)) !== JSON.stringify(jsonSafe(b))) changes[String(f)] = { from: jsonSafe(a), to: jsonSafe(b) };
  }
  return changes;
}

/** Dates to ISO strings and bigints to strings, so any value can be stored as JSON. */
export function jsonSafe(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonSafe(v)]));
  }
  return value === undefined ? null : value;
}
