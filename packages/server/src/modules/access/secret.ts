import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { dataDir } from "../../lib/paths.js";

/**
 * The key that signs access tokens: `JWT_SECRET` when set; otherwise a random one generated once
 * and kept in `DATA_DIR/jwt-secret` (mode 0600) so tokens survive a restart.
 */
export function loadSigningSecret(env: NodeJS.ProcessEnv = process.env): Uint8Array {
  if (env.JWT_SECRET) {
    if (env.JWT_SECRET.length < 32) throw new Error("JWT_SECRET must be at least 32 characters long.");
    return new TextEncoder().encode(env.JWT_SECRET);
  }
  const file = join(dataDir(), "jwt-secret");
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(48).toString("base64url"), { mode: 0o600, flag: "wx" });
  }
  return new TextEncoder().encode(readFileSync(file, "utf8").trim());
}
