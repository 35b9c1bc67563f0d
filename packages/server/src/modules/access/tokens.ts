import { createHash, randomBytes } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";

/**
 * How long an access token lives (`ACCESS_TOKEN_TTL` seconds, default 15 minutes); the refresh
 * token renews it. Live connections close when it expires (§6.4).
 */
export const ACCESS_TOKEN_SECONDS = accessTokenSeconds(process.env.ACCESS_TOKEN_TTL);

function accessTokenSeconds(value: string | undefined): number {
  if (value === undefined || value === "") return 15 * 60;
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`ACCESS_TOKEN_TTL must be a whole number of seconds, at least 1 (got "${value}").`);
  return seconds;
}
/** How long a login lasts without being refreshed. */
export const REFRESH_TOKEN_DAYS = 30;

const ISSUER = "controlroom";

export interface AccessClaims {
  userId: string;
  sessionId: string;
}

/** Signs a short-lived access token (HS256) naming the user and the session it belongs to. */
export async function signAccessToken(secret: Uint8Array, claims: AccessClaims, now = new Date(), lifetimeSeconds = ACCESS_TOKEN_SECONDS): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ sid: claims.sessionId })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetimeSeconds)
    .sign(secret);
}

/** The claims of a valid, unexpired access token and when it expires, or null. */
export async function verifyAccessToken(secret: Uint8Array, token: string): Promise<(AccessClaims & { expiresAt: Date }) | null> {
  try {
    const { payload } = await jwtVerify(token, secret, { issuer: ISSUER, algorithms: ["HS256"], requiredClaims: ["exp"] });
    if (typeof payload.sub !== "string" || typeof payload.sid !== "string" || typeof payload.exp !== "number") return null;
    return { userId: payload.sub, sessionId: payload.sid, expiresAt: new Date(payload.exp * 1000) };
  } catch {
    return null;
  }
}

/** A random opaque secret with a readable prefix: refresh tokens and API tokens. */
export function opaqueToken(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

/** Opaque tokens are stored only as their SHA-256: a leaked table gives nobody a login. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A JWT has three dot-separated parts; API and refresh tokens have none. */
export function looksLikeJwt(token: string): boolean {
  return token.split(".").length === 3;
}
