import type { PrismaClient } from "../../lib/db.js";
import { hashToken } from "./tokens.js";

/**
 * §6.4 sign-in throttling with a progressive delay, instead of an account lock that anyone who
 * knows an email address could trigger against its owner.
 *
 * Two keys are charged for every attempt, before the password is checked:
 * - the account (the email as typed, known or not) together with the source address: the
 *   guesses of one source against one account; a success clears it;
 * - the source address alone: guesses spread over many accounts (password spraying).
 * After `free` attempts a key must wait `firstDelaySeconds · 2^(n - free)` after its latest attempt, up to
 * `maxDelaySeconds`; a key is forgotten `forgetAfterSeconds` after its latest attempt. An attempt
 * made while a key waits is refused without checking the password and does not count.
 *
 * The charge is one `INSERT … ON CONFLICT DO UPDATE … WHERE <not waiting> RETURNING`: concurrent
 * attempts are serialised on the row, so 30 at once are 30 charges (or refusals), never one.
 */
export interface ThrottleRule {
  /** Attempts allowed before any wait. */
  free: number;
  /** The first wait; each further attempt doubles it. */
  firstDelaySeconds: number;
  /** The longest wait between two attempts. */
  maxDelaySeconds: number;
  /** A key with no attempt for this long starts again from zero. */
  forgetAfterSeconds: number;
}

export interface SignInThrottleRules {
  accountAndSource: ThrottleRule;
  source: ThrottleRule;
}

export const SIGN_IN_THROTTLE: SignInThrottleRules = {
  accountAndSource: { free: 3, firstDelaySeconds: 1, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 24 * 3600 },
  // An office behind one NAT address shares this budget, so it is wider and forgotten sooner.
  source: { free: 20, firstDelaySeconds: 1, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 3600 },
};

export interface ThrottleKeys {
  accountAndSource: string;
  source: string;
}

/** The keys of an attempt. The email is stored only as a hash: people type passwords there. */
export function throttleKeys(email: string, address: string | null): ThrottleKeys {
  const source = address ?? "unknown";
  return { accountAndSource: `account:${hashToken(`${email}\n${source}`)}`, source: `source:${source}` };
}

/** Thrown inside the charge's transaction to undo the charges when one key must wait. */
class Waiting extends Error {}

/** The SQL delay, in seconds, after `failures` attempts under `rule`. */
const delaySql = (rule: ThrottleRule) =>
  `LEAST(${rule.maxDelaySeconds}, CASE WHEN t.failures < ${rule.free} THEN 0 ELSE ${rule.firstDelaySeconds} * power(2, t.failures - ${rule.free}) END)`;

async function charge(tx: Pick<PrismaClient, "$queryRawUnsafe">, key: string, rule: ThrottleRule, now: Date): Promise<boolean> {
  const rows = await tx.$queryRawUnsafe<{ failures: number }[]>(
    `INSERT INTO sign_in_throttle AS t (key, failures, last_attempt_at) VALUES ($1, 1, $2)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN t.last_attempt_at <= $2::timestamp - make_interval(secs => ${rule.forgetAfterSeconds}) THEN 1 ELSE t.failures + 1 END,
       last_attempt_at = $2
     WHERE t.last_attempt_at <= $2::timestamp - make_interval(secs => ${rule.forgetAfterSeconds})
        OR t.last_attempt_at + make_interval(secs => ${delaySql(rule)}) <= $2::timestamp
     RETURNING failures`,
    key,
    now,
  );
  return rows.length === 1;
}

async function secondsToWait(prisma: PrismaClient, key: string, rule: ThrottleRule, now: Date): Promise<number> {
  const rows = await prisma.$queryRawUnsafe<{ wait: number }[]>(
    `SELECT EXTRACT(EPOCH FROM (t.last_attempt_at + make_interval(secs => ${delaySql(rule)})) - $2::timestamp)::float8 AS wait
       FROM sign_in_throttle t WHERE key = $1`,
    key,
    now,
  );
  return Math.max(0, rows[0]?.wait ?? 0);
}

/** Sign-in throttling on the database, shared by every server process. */
export function createSignInThrottle(prisma: PrismaClient, rules: SignInThrottleRules = SIGN_IN_THROTTLE) {
  return {
    /**
     * Charges an attempt to both keys, or to neither: null when the attempt may go ahead, else
     * the whole seconds to wait before the next one.
     */
    async attempt(keys: ThrottleKeys, now: Date): Promise<number | null> {
      try {
        await prisma.$transaction(async (tx) => {
          if (!(await charge(tx, keys.accountAndSource, rules.accountAndSource, now))) throw new Waiting();
          if (!(await charge(tx, keys.source, rules.source, now))) throw new Waiting();
        });
        return null;
      } catch (error) {
        if (!(error instanceof Waiting)) throw error;
        const waits = await Promise.all([secondsToWait(prisma, keys.accountAndSource, rules.accountAndSource, now), secondsToWait(prisma, keys.source, rules.source, now)]);
        return Math.max(1, Math.ceil(Math.max(...waits)));
      }
    },

    /** Forgets keys whose latest attempt is older than any rule remembers. */
    async prune(now: Date): Promise<void> {
      const forget = Math.max(rules.accountAndSource.forgetAfterSeconds, rules.source.forgetAfterSeconds);
      await prisma.signInThrottle.deleteMany({ where: { lastAttemptAt: { lt: new Date(now.getTime() - forget * 1000) } } });
    },

    /** A correct password: the account's guesses from this source start again; the source gets its attempt back. */
    async succeeded(keys: ThrottleKeys): Promise<void> {
      await prisma.$transaction([
        prisma.signInThrottle.deleteMany({ where: { key: keys.accountAndSource } }),
        prisma.signInThrottle.updateMany({ where: { key: keys.source, failures: { gt: 0 } }, data: { failures: { decrement: 1 } } }),
      ]);
    },
  };
}

export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
