import type { PGlite } from "@electric-sql/pglite";
import { PrismaClient } from "../generated/prisma/client.js";
import type { PrismaPg } from "@prisma/adapter-pg";
import { createAdapter, type DatabaseTarget, type RawRead, targetFromEnv } from "./adapter.js";
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
  close(): Promise<void>;
}

/** Opens the database named by the environment (DATABASE_URL, else PGlite under DATA_DIR). */
export function openDatabase(target: DatabaseTarget = targetFromEnv(), options: { logQueries?: boolean } = {}): Database {
  const { adapter, pglite, read } = createAdapter(target);
  const readers = new Set<(text: string) => void>();
  keepQueryPlans();
  // pglite-prisma-adapter 0.6 is typed against an older driver-adapter-utils; the protocol is the same.
  const prisma = new PrismaClient({
    adapter: adapter as PrismaPg,
    ...(options.logQueries ? { log: [{ emit: "event" as const, level: "query" as const }] } : {}),
  });
  return {
    prisma,
    target,
    pglite,
    read: (text, params) => {
      for (const listener of readers) listener(text);
      return read(text, params);
    },
    onRead: (listener) => void readers.add(listener),
    async close() {
      await prisma.$disconnect();
      if (pglite && !pglite.closed) await pglite.close();
    },
  };
}

/** A Prisma client or the client of an interactive transaction. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
