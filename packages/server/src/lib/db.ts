import type { PGlite } from "@electric-sql/pglite";
import { PrismaClient } from "../generated/prisma/client.js";
import type { PrismaPg } from "@prisma/adapter-pg";
import { createAdapter, type DatabaseTarget, type RawRead, type StatementObserver, targetFromEnv } from "./adapter.js";
import { registerTransaction, type SqlTransaction } from "./sql.js";
import { keepQueryPlans } from "./query-plans.js";

export { Prisma } from "../generated/prisma/client.js";
export type { PrismaClient } from "../generated/prisma/client.js";

/** An open database: the Prisma client, what it talks to, and how to close it. */
export interface Database {
  prisma: PrismaClient;
  target: DatabaseTarget;
  /** The embedded instance, when the target is PGlite (tests use it to load migrations). */
  pglite: PGlite | null;
  /** A read statement on the same connections without Prisma's client (plan/planner.ts); `onRead` observers see each. */
  read: RawRead;
  /** Observes every `read` statement (tests count statements with it as with Prisma's query events). */
  onRead(listener: (text: string) => void): void;
  /** A transaction on the driver, without Prisma's client (the ingest's, lib/sql.ts); `onStatement` observers see each statement. */
  transaction: SqlTransaction;
  /** Observes every statement of `transaction`, with its time to result (the ingest benchmark's trace). */
  onStatement(listener: StatementObserver): void;
  close(): Promise<void>;
}

/** Opens the database named by the environment (DATABASE_URL, else PGlite under DATA_DIR). */
export function openDatabase(target: DatabaseTarget = targetFromEnv(), options: { logQueries?: boolean } = {}): Database {
  const statementListeners = new Set<StatementObserver>();
  const { adapter, pglite, read, transaction, end } = createAdapter(target, (text, ms) => {
    for (const listener of statementListeners) listener(text, ms);
  });
  const readers = new Set<(text: string) => void>();
  keepQueryPlans();
  // pglite-prisma-adapter 0.6 is typed against an older driver-adapter-utils; the protocol is the same.
  const prisma = new PrismaClient({
    adapter: adapter as PrismaPg,
    ...(options.logQueries ? { log: [{ emit: "event" as const, level: "query" as const }] } : {}),
  });
  registerTransaction(prisma, transaction);
  return {
    prisma,
    target,
    pglite,
    read: (text, params) => {
      for (const listener of readers) listener(text);
      return read(text, params);
    },
    onRead: (listener) => void readers.add(listener),
    transaction,
    onStatement: (listener) => void statementListeners.add(listener),
    async close() {
      await prisma.$disconnect();
      await end();
      if (pglite && !pglite.closed) await pglite.close();
    },
  };
}

/** A Prisma client or the client of an interactive transaction. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
