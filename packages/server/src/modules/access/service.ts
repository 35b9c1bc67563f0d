import type { ApiTokenKind, Role } from "../../generated/prisma/enums.js";
import { actorOf, type Viewer } from "../../context.js";
import { type Actor, audited } from "../../lib/audit.js";
import type { PrismaClient } from "../../lib/db.js";
import { DomainError, forbidden, notFound } from "../../lib/errors.js";
import { generationOf } from "../../lib/generation.js";
import { logger } from "../../lib/logger.js";
import { hashPassword, verifyPassword } from "./password.js";
import { whyCannotManageTokens } from "./permissions.js";
import { Recent } from "./recent.js";
import { createSignInThrottle, type SignInThrottle, type SignInThrottleRules, throttleKeys } from "./throttle.js";
import { type AccessClaims, ACCESS_TOKEN_SECONDS, hashToken, looksLikeJwt, opaqueToken, REFRESH_TOKEN_DAYS, signAccessToken, verifyAccessToken } from "./tokens.js";

const INVALID = () => new DomainError("INVALID_CREDENTIALS", "The email or the password is wrong.");

const REFRESH_INVALID = () => new DomainError("UNAUTHENTICATED", "This refresh token is not valid any more: sign in again.");

const THROTTLED = (seconds: number) =>
  new DomainError("RATE_LIMITED", `Too many sign-in attempts from here: try again in ${seconds} s.`, {
    retryAfter: seconds,
    http: { status: 429, headers: { "Retry-After": String(seconds) } },
  });

// A hash to verify against when the email is unknown, so both failures take as long. Made when
// the module loads, so that not even the first unknown email is answered sooner.
const dummyHash = hashPassword("controlroom-timing-equaliser");
// Stale throttle rows and traded-in refresh tokens of ended sessions are pruned every so many
// sign-ins and refreshes (per process), so neither table grows without end.
const PRUNE_EVERY = 500;
// Verified access tokens kept (a few hundred bytes each).
const VERIFIED_MAX = 10_000;
// Sessions and API tokens kept since the last write; a change made behind the server's back (plain SQL) is seen within ttlMs.
const CREDENTIAL_CACHE = { ttlMs: 10_000, max: 10_000 };

export interface LoginResult {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  user: { id: string; name: string; email: string; roles: Role[]; unitId: string };
}

export interface AccessOptions {
  /** Access-token lifetime in seconds; default ACCESS_TOKEN_TTL or 15 minutes. */
  accessTokenSeconds?: number;
  /** Sign-in throttling rules; default SIGN_IN_THROTTLE. */
  signInThrottle?: SignInThrottleRules;
}

/** What `refresh` found: a renewed session, or a rotated refresh token presented again. */
export type RefreshOutcome = { renewed: LoginResult } | { reusedSessionId: string };

/** What the session functions share: the database, the signing secret, the throttle and its prune counter. */
interface Sessions {
  prisma: PrismaClient;
  secret: Uint8Array;
  accessTokenSeconds: number;
  throttle: SignInThrottle;
  calls: number;
  /** Access tokens whose signature was verified, by their text (`claimsOf`). */
  verified: Map<string, AccessClaims & { expiresAt: Date }>;
  /** Sessions with their person, by session id, since the last write (`resolveViewer`). */
  sessions: Recent<SessionRow | null>;
  /** API tokens by their hash, since the last write. */
  tokens: Recent<TokenRow | null>;
}

async function pruneNowAndThen(env: Sessions, now: Date) {
  if (++env.calls % PRUNE_EVERY !== 0) return;
  await env.throttle.prune(now);
  await env.prisma.rotatedRefreshToken.deleteMany({ where: { session: { OR: [{ expiresAt: { lt: now } }, { revokedAt: { not: null } }] } } });
}

async function issue(env: Sessions, userId: string, sessionId: string, refreshToken: string, now: Date): Promise<LoginResult> {
  const user = await env.prisma.user.findUniqueOrThrow({ where: { id: userId } });
  return {
    accessToken: await signAccessToken(env.secret, { userId, sessionId }, now, env.accessTokenSeconds),
    refreshToken,
    expiresAt: new Date(now.getTime() + env.accessTokenSeconds * 1000),
    user: { id: user.id, name: user.name, email: user.email, roles: user.roles, unitId: user.unitId },
  };
}

/** Revokes a session and records why, in one transaction. */
async function revokeSession(env: Sessions, userId: string, sessionId: string, now: Date, why: Record<string, unknown>, action = "refreshToken") {
  await audited(env.prisma, { actorId: userId, tokenId: null }, action, async (tx, record) => {
    await tx.session.update({ where: { id: sessionId }, data: { revokedAt: now } });
    record({ entity: "Session", entityId: sessionId, changes: { revokedAt: now, ...why } });
  });
}

/** Opens a session for a person already authenticated (by password or by OpenID Connect). */
async function startSession(env: Sessions, userId: string, action: "login" | "oidcLogin", now = new Date()): Promise<LoginResult> {
  const refreshToken = opaqueToken("crr");
  const session = await audited(env.prisma, { actorId: userId, tokenId: null }, action, async (tx, record) => {
    const s = await tx.session.create({
      data: { userId, tokenHash: hashToken(refreshToken), expiresAt: new Date(now.getTime() + REFRESH_TOKEN_DAYS * 86_400_000) },
    });
    record({ entity: "Session", entityId: s.id, changes: { created: true } });
    return s;
  });
  return issue(env, userId, session.id, refreshToken, now);
}

/**
 * Signs a person in (§6.4). Every attempt is charged to the throttle first (the account with
 * this source, and the source); a throttled attempt is refused before the password is looked
 * at. An unknown email is checked against a dummy hash and charged the same way, so it gets
 * the same answer after the same work.
 */
async function login(env: Sessions, email: string, password: string, source: { address: string | null }, now = new Date()): Promise<LoginResult> {
  const normalized = email.trim().toLowerCase();
  const keys = throttleKeys(normalized, source.address);
  await pruneNowAndThen(env, now);
  const wait = await env.throttle.attempt(keys, now);
  if (wait !== null) throw THROTTLED(wait);
  const user = await env.prisma.user.findUnique({ where: { email: normalized } });
  const valid = await verifyPassword(user && !user.disabledAt ? user.passwordHash : await dummyHash, password);
  if (!user || user.disabledAt || !valid) {
    logger.info({ address: source.address }, "sign-in failed");
    throw INVALID();
  }
  await env.throttle.succeeded(keys);
  return startSession(env, user.id, "login", now);
}

/**
 * Trades a refresh token for a new access token and a new refresh token (rotation). A refresh
 * token that was already traded in means two parties hold it: the session is revoked, and
 * the caller publishes `credentialRevoked` for the returned session id.
 */
async function refresh(env: Sessions, refreshToken: string, now = new Date()): Promise<RefreshOutcome> {
  await pruneNowAndThen(env, now);
  const hash = hashToken(refreshToken);
  const session = await env.prisma.session.findUnique({ where: { tokenHash: hash }, include: { user: true } });
  if (!session) {
    const rotated = await env.prisma.rotatedRefreshToken.findUnique({ where: { tokenHash: hash }, include: { session: true } });
    if (rotated && !rotated.session.revokedAt) {
      await revokeSession(env, rotated.session.userId, rotated.sessionId, now, { refreshTokenReused: true });
      return { reusedSessionId: rotated.sessionId };
    }
    throw REFRESH_INVALID();
  }
  if (session.revokedAt || session.expiresAt <= now || session.user.disabledAt) throw REFRESH_INVALID();
  const next = opaqueToken("crr");
  const rotated = await audited(env.prisma, { actorId: session.userId, tokenId: null }, "refreshToken", async (tx, record) => {
    // Conditional on the token still being current: of two concurrent refreshes with one
    // token, the second finds it rotated and is treated as a reuse.
    const { count } = await tx.session.updateMany({ where: { id: session.id, tokenHash: hash, revokedAt: null }, data: { tokenHash: hashToken(next) } });
    if (count === 0) return false;
    await tx.rotatedRefreshToken.create({ data: { tokenHash: hash, sessionId: session.id, rotatedAt: now } });
    record({ entity: "Session", entityId: session.id, changes: { refreshTokenRotated: true } });
    return true;
  });
  if (!rotated) {
    await revokeSession(env, session.userId, session.id, now, { refreshTokenReused: true });
    return { reusedSessionId: session.id };
  }
  return { renewed: await issue(env, session.userId, session.id, next, now) };
}

/** Ends a session; its access tokens stop working and its sockets are closed. */
async function logout(env: Sessions, viewer: Viewer, now = new Date()): Promise<{ sessionId: string }> {
  if (viewer.kind !== "user") throw new DomainError("UNAUTHENTICATED", "Only a signed-in person can sign out.");
  await revokeSession(env, viewer.user.id, viewer.sessionId, now, {}, "logout");
  return { sessionId: viewer.sessionId };
}

/** The administrator issuing or revoking a machine token, as the audit log names them; FORBIDDEN for anyone else. */
function tokenManager(viewer: Viewer): Actor {
  const why = whyCannotManageTokens(viewer);
  if (why) throw forbidden(why);
  return actorOf(viewer);
}

/** Creates a machine token; the secret is returned once and only its hash is kept. */
async function createApiToken(env: Sessions, viewer: Viewer, input: { name: string; kind: ApiTokenKind; indicatorIds: string[] }) {
  const actor = tokenManager(viewer);
  const token = opaqueToken(input.kind === "DISPLAY" ? "crd" : "cri");
  const found = await env.prisma.indicator.count({ where: { id: { in: input.indicatorIds } } });
  if (found !== new Set(input.indicatorIds).size) throw notFound("One of the indicators");
  if (input.kind === "INGEST" && input.indicatorIds.length === 0) {
    throw new DomainError("BAD_USER_INPUT", "An INGEST token needs at least one indicator it may write.", { field: "indicatorIds" });
  }
  const apiToken = await audited(env.prisma, actor, "createApiToken", async (tx, record) => {
    const created = await tx.apiToken.create({
      data: {
        name: input.name,
        kind: input.kind,
        tokenHash: hashToken(token),
        createdById: actor.actorId!,
        indicators: { connect: input.indicatorIds.map((id) => ({ id })) },
      },
    });
    record({ entity: "ApiToken", entityId: created.id, changes: { name: input.name, kind: input.kind, indicatorIds: input.indicatorIds } });
    return created;
  });
  return { apiToken, token };
}

async function revokeApiToken(env: Sessions, viewer: Viewer, id: string, now = new Date()) {
  const actor = tokenManager(viewer);
  const existing = await env.prisma.apiToken.findUnique({ where: { id } });
  if (!existing) throw notFound("API token", id);
  if (existing.revokedAt) return existing;
  return audited(env.prisma, actor, "revokeApiToken", async (tx, record) => {
    const t = await tx.apiToken.update({ where: { id }, data: { revokedAt: now } });
    record({ entity: "ApiToken", entityId: id, changes: { revokedAt: now } });
    return t;
  });
}

/** The session behind an access token and its person, as authentication needs them. */
type SessionRow = { id: string; userId: string; revokedAt: Date | null; user: { id: string; name: string; email: string; roles: Role[]; unitId: string; disabledAt: Date | null } };
type TokenRow = { id: string; name: string; kind: ApiTokenKind; revokedAt: Date | null; indicators: { id: string }[] };

/**
 * The claims of an access token: verified once (the HMAC, through WebCrypto's thread pool, cost
 * more than the rest of a small request), then remembered by the token's text until it expires.
 * Only tokens with a valid signature are kept, so random ones cannot fill the memory.
 */
async function claimsOf(env: Sessions, raw: string, now = Date.now()) {
  const hit = env.verified.get(raw);
  if (hit) return hit.expiresAt.getTime() > now ? hit : null;
  const claims = await verifyAccessToken(env.secret, raw);
  if (!claims) return null;
  env.verified.set(raw, claims);
  if (env.verified.size > VERIFIED_MAX) env.verified.delete(env.verified.keys().next().value!);
  return claims;
}

/**
 * Who a request comes from, from its `Authorization: Bearer …` value: an access token (JWT)
 * of a live session, or an API token that is not revoked. Anything else is anonymous.
 *
 * The session and its person (or the API token) are loaded once and reused until the next
 * committed write (`Recent`): a revocation, a disabled person or new roles are seen by the very
 * next request, without two database round trips on every request.
 */
async function resolveViewer(env: Sessions, authorization: string | null | undefined): Promise<Viewer> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? "");
  if (!match) return { kind: "anonymous" };
  const raw = match[1];
  if (looksLikeJwt(raw)) {
    const claims = await claimsOf(env, raw);
    if (!claims) return { kind: "anonymous" };
    const session = await env.sessions.get(claims.sessionId, () =>
      env.prisma.session.findUnique({
        where: { id: claims.sessionId },
        select: { id: true, userId: true, revokedAt: true, user: { select: { id: true, name: true, email: true, roles: true, unitId: true, disabledAt: true } } },
      }),
    );
    if (!session || session.revokedAt || session.userId !== claims.userId || session.user.disabledAt) return { kind: "anonymous" };
    const kept = viewers.get(session);
    if (kept?.claims === claims) return kept.viewer;
    const u = session.user;
    const viewer: Viewer = {
      kind: "user",
      sessionId: session.id,
      expiresAt: claims.expiresAt,
      user: { id: u.id, name: u.name, email: u.email, roles: [...u.roles], unitId: u.unitId },
    };
    viewers.set(session, { claims, viewer });
    return viewer;
  }
  const hash = hashToken(raw);
  const token = await env.tokens.get(
    hash,
    () =>
      env.prisma.apiToken.findUnique({
        where: { tokenHash: hash },
        select: { id: true, name: true, kind: true, revokedAt: true, indicators: { select: { id: true } } },
      }),
    // An unknown token is not kept: random ones would only push out the real ones.
    (found) => found !== null,
  );
  if (!token || token.revokedAt) return { kind: "anonymous" };
  const kept = viewers.get(token);
  if (kept) return kept.viewer;
  const viewer: Viewer = { kind: "token", token: { id: token.id, name: token.name, kind: token.kind, indicatorIds: token.indicators.map((i) => i.id) } };
  viewers.set(token, { claims: null, viewer });
  return viewer;
}

/**
 * The viewer built from a cached session row (with the verified token's claims) or API token row,
 * kept with that row: the row is the same object only until the next committed write (`Recent`),
 * after which the row, and so the viewer, is built anew. Requests of one credential then share one
 * viewer object (never changed once built), and with it its read-set keys (access/visible.ts),
 * instead of building both on every request (issue 13, the simple list's profile).
 */
const viewers = new WeakMap<object, { claims: object | null; viewer: Viewer }>();

/**
 * Which of these viewers still hold a live credential (session not revoked or expired, user
 * not disabled, token not revoked), in two queries: long-lived connections are re-checked
 * with it, which also covers a revocation whose event this process missed.
 */
async function stillValid(env: Sessions, viewers: Viewer[], now = new Date()): Promise<boolean[]> {
  const sessionIds = viewers.flatMap((v) => (v.kind === "user" ? [v.sessionId] : []));
  const tokenIds = viewers.flatMap((v) => (v.kind === "token" ? [v.token.id] : []));
  const [sessions, tokens] = await Promise.all([
    sessionIds.length
      ? env.prisma.session.findMany({ where: { id: { in: sessionIds }, revokedAt: null, expiresAt: { gt: now }, user: { disabledAt: null } }, select: { id: true } })
      : [],
    tokenIds.length ? env.prisma.apiToken.findMany({ where: { id: { in: tokenIds }, revokedAt: null }, select: { id: true } }) : [],
  ]);
  const live = new Set([...sessions.map((s) => s.id), ...tokens.map((t) => t.id)]);
  return viewers.map((v) => (v.kind === "user" ? live.has(v.sessionId) : v.kind === "token" ? live.has(v.token.id) : true));
}

/** Access control's services, bound to one database and one signing secret. */
export function createAccessService(prisma: PrismaClient, secret: Uint8Array, options: AccessOptions = {}) {
  const env: Sessions = {
    prisma,
    secret,
    accessTokenSeconds: options.accessTokenSeconds ?? ACCESS_TOKEN_SECONDS,
    throttle: createSignInThrottle(prisma, options.signInThrottle),
    calls: 0,
    verified: new Map(),
    sessions: new Recent(generationOf(prisma), CREDENTIAL_CACHE),
    tokens: new Recent(generationOf(prisma), CREDENTIAL_CACHE),
  };
  return {
    throttle: env.throttle,
    startSession: startSession.bind(null, env),
    login: login.bind(null, env),
    refresh: refresh.bind(null, env),
    logout: logout.bind(null, env),
    createApiToken: createApiToken.bind(null, env),
    revokeApiToken: revokeApiToken.bind(null, env),
    resolveViewer: resolveViewer.bind(null, env),
    stillValid: stillValid.bind(null, env),
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
