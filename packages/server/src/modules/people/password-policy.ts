import { dictionary } from "@zxcvbn-ts/language-common";
import { DomainError } from "../../lib/errors.js";
import { verifyPassword } from "../access/password.js";

function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** The password policy (§6.4): `PASSWORD_MIN_LENGTH` (default 12) and `PASSWORD_HISTORY` (default 5). */
export const PASSWORD_POLICY = {
  minLength: Math.max(8, envInt("PASSWORD_MIN_LENGTH", 12)),
  maxLength: 256,
  /** How many earlier passwords may not be chosen again. */
  history: envInt("PASSWORD_HISTORY", 5),
};

/**
 * The breached-password list, offline: the ~49,000 most common passwords of leaked password
 * sets that zxcvbn-ts ships as `@zxcvbn-ts/language-common` (its `passwords-common`
 * dictionary). Compared case-insensitively.
 */
const COMMON = new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));

const refuse = (message: string, field: string) => new DomainError("BAD_USER_INPUT", message, { field, reason: "PASSWORD_POLICY" });

/**
 * Refuses a password that is too short or too long, that is on the breached-password list, or
 * that is the person's email or name; `previous` are the hashes of the last passwords, none of
 * which may match.
 */
export async function assertPasswordAllowed(password: string, person: { email: string; name: string }, previous: string[], field = "password") {
  if ([...password].length < PASSWORD_POLICY.minLength) throw refuse(`The password must be at least ${PASSWORD_POLICY.minLength} characters long.`, field);
  if (password.length > PASSWORD_POLICY.maxLength) throw refuse(`The password must be at most ${PASSWORD_POLICY.maxLength} characters long.`, field);
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) throw refuse("This password is on a list of passwords known from breaches: choose another.", field);
  const local = person.email.split("@")[0].toLowerCase();
  if (lower === person.email.toLowerCase() || lower === local || lower === person.name.toLowerCase()) {
    throw refuse("The password must not be your email or your name.", field);
  }
  for (const hash of previous) {
    if (await verifyPassword(hash, password)) throw refuse(`The password must differ from your last ${PASSWORD_POLICY.history} passwords.`, field);
  }
}
