import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { dataDir } from "./paths.js";
import { type DriverQuery, driverSql, type SqlTransaction } from "./sql.js";

/** Which database a process talks to: a real PostgreSQL server, or embedded PGlite. */
export type DatabaseTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dir: string | null };

/**
 * `DATABASE_URL` selects PostgreSQL; without it the embedded PGlite under `DATA_DIR/pglite` is
 * used. The CLI still needs `DATABASE_URL` to resolve, so `prisma.config.ts` sets a placeholder
 * after calling this.
 */
export function targetFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const url = env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//.test(url) && !url.includes(EMBEDDED_HOST)) return { kind: "postgres", url };
  return { kind: "pglite", dir: join(dataDir(), "pglite") };
}

/** The placeholder URL the Prisma CLI sees when the embedded database is in use. */
export const EMBEDDED_HOST = "embedded.pglite.invalid";
export const EMBEDDED_URL = `postgresql://${EMBEDDED_HOST}/controlroom`;

/** One read statement straight on the driver, bypassing Prisma's client (the planner's, plan/planner.ts): its rows. */
export type RawRead = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/** Observes a statement run on the driver: its text and how long it took to its result. */
export type StatementObserver = (text: string, ms: number) => void;

/**
 * A driver adapter factory for the target, the PGlite instance when there is one, a raw reader
 * and a transaction on the same connections (PostgreSQL: Prisma's own pool, passed to the
 * adapter; PGlite: its `transaction`, which queues behind the adapter's as the adapter's own do).
 * `observe` sees each statement of a transaction.
 */
export function createAdapter(
  target: DatabaseTarget,
  observe: StatementObserver = () => {},
): { adapter: PrismaPg | PrismaPGlite; pglite: PGlite | null; read: RawRead; transaction: SqlTransaction; end: () => Promise<void> } {
  const timed =
    (query: DriverQuery): DriverQuery =>
    async (text, params) => {
      const start = performance.now();
      const rows = await query(text, params);
      observe(text, performance.now() - start);
      return rows;
    };
  if (target.kind === "postgres") {
    const pool = new pg.Pool({ connectionString: target.url, max: Number(process.env.DATABASE_POOL ?? 10) });
    // An idle connection that PostgreSQL ends (a restart) is dropped by the pool; the next use
    // reconnects. Prisma's adapter listens only once it has connected, and the driver
    // transaction may come first.
    pool.on("error", () => {});
    const connectionLost = () => {};
    const transaction: SqlTransaction = async (work) => {
      const client = await pool.connect();
      // A connection lost between two statements: the next statement fails, and the transaction with it.
      client.on("error", connectionLost);
      // A connection that failed to roll back is closed instead of going back to the pool.
      let broken: Error | undefined;
      const query = timed(async (text, params) => (await client.query(text, params)).rows);
      try {
        await query("BEGIN", []);
        const result = await work(driverSql(query));
        await query("COMMIT", []);
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((e: Error) => {
          broken = e;
        });
        throw error;
      } finally {
        client.removeListener("error", connectionLost);
        client.release(broken);
      }
    };
    return {
      adapter: new PrismaPg(pool, { disposeExternalPool: true }),
      pglite: null,
      read: async (text, params) => (await pool.query(text, params)).rows,
      transaction,
      // Prisma ends the pool on disconnect only if it ever connected.
      end: async () => {
        if (!pool.ended) await pool.end();
      },
    };
  }
  if (target.dir) mkdirSync(target.dir, { recursive: true });
  const pglite = target.dir ? new PGlite(target.dir) : new PGlite();
  const transaction: SqlTransaction = (work) =>
    pglite.transaction((tx) => work(driverSql(timed(async (text, params) => (await tx.query<Record<string, unknown>>(text, params)).rows))));
  return {
    adapter: new PrismaPGlite(pglite),
    pglite,
    read: async (text, params) => (await pglite.query<Record<string, unknown>>(text, params)).rows,
    transaction,
    end: async () => {},
  };
}
