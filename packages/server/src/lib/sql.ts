/**
 * Statements of a transaction straight on the driver (issue 13 item 3): the ingest transaction's
 * SQL is built with `Prisma.sql` (the same fragments the rest of the code uses) and run either on
 * the connection Prisma's adapter uses (`pg` pool, PGlite) without Prisma's client in between, or,
 * inside a Prisma interactive transaction, through `$queryRaw`. Prisma's client runtime and its
 * query compiler were a quarter of the ingest's CPU (docs/bench/ingest.md).
 *
 * Results read through either path must not depend on the driver's type parsing: statements
 * return text, float8, int4, boolean and JSON as text (`::text`), never bigint or `timestamp`
 * values (`epochMs` in alerting/engine/store.ts).
 */
import type { Prisma, Tx } from "./db.js";

/** One statement of the current transaction: its rows. */
export type Sql = <T = Record<string, unknown>>(statement: Prisma.Sql) => Promise<T[]>;

/** Runs `work` in one transaction on the driver: committed when it resolves, rolled back when it throws. */
export type SqlTransaction = <T>(work: (sql: Sql) => Promise<T>) => Promise<T>;

/** A statement's text and parameters on a driver connection: its rows. */
export type DriverQuery = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

/** The statements of a Prisma interactive transaction as `Sql` (the scheduler's and alert actions' transactions). */
export function prismaSql(tx: Tx): Sql {
  return <T>(statement: Prisma.Sql) => tx.$queryRaw<T[]>(statement);
}

/** `Sql` over a driver connection. */
export function driverSql(query: DriverQuery): Sql {
  return async <T>(statement: Prisma.Sql) => (await query(statement.text, statement.values)) as T[];
}

const byClient = new WeakMap<object, SqlTransaction>();

/** Registers the driver transaction of a database's Prisma client (lib/db.ts `openDatabase`). */
export function registerTransaction(prisma: object, transaction: SqlTransaction): void {
  byClient.set(prisma, transaction);
}

/**
 * The driver transaction on the connections of this Prisma client; a client opened some other way
 * gets a Prisma interactive transaction running the same statements.
 */
export function transactionOf(prisma: { $transaction: <T>(fn: (tx: Tx) => Promise<T>, options: { timeout: number; maxWait: number }) => Promise<T> }): SqlTransaction {
  return byClient.get(prisma) ?? (<T>(work: (sql: Sql) => Promise<T>) => prisma.$transaction((tx) => work(prismaSql(tx)), { timeout: 60_000, maxWait: 20_000 }));
}
