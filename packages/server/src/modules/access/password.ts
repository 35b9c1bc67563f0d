import { hash, verify } from "@node-rs/argon2";

/** Hashes a password with argon2id (OWASP's first choice) at the library's default cost. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** True when the password matches the stored argon2 hash; false for a malformed hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
