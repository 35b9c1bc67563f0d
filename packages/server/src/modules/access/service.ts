import type { ApiTokenKind, Role } from "../../generated/prisma/enums.js";
import type { Viewer } from "../../context.js";
import { type Actor, audited } from "../../lib/audit.js";
import type { PrismaClient } from "../../lib/db.js";
import { DomainError, notFound } from "../../lib/errors.js";
import { hashPassword, verifyPassword } from "./password.js";
import {
  ACCESS_TOKEN_SECONDS,
  hashToken,
  looksLikeJwt,
  opaqueToken,
  REFRESH_TOKEN_DAYS,
  signAccessToken,
  verifyAccessToken,
} from "./tokens.js";

/** Failed logins in a row before an account is locked, and for how long. */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_MINUTES = 15;

const INVALID = () => new DomainError("INVALID_CREDENTIALS", "The email or the password is wrong.");

// A fixed hash to verify against when the email is unknown, so both failures take as long.
let dummyHash: Promise<string> | null = null;

export interface LoginResult {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  user: { id: string; name: string; email: string; roles: Role[]; unitId: string };
}

/** Access control's services, bound to one database and one signing secret. */
export function createAccessService(prisma: PrismaClient, secret: Uint8Array) {
  async function issue(userId: string, sessionId: string, refreshToken: string, now: Date): Promise<LoginResult> {
    const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
    return {
      accessToken: await signAccessToken(secret, { userId, sessionId }, now),
      refreshToken,
      expiresAt: new Date(now.getTime() + ACCESS_TOKEN_SECONDS * 1000),
      user: { id: user.id, name: user.name, email: user.email, roles: user.roles, unitId: user.unitId },
    };
  }

  return {
    /**
     * Signs a person in. Unknown email and wrong password give the same error; after
     * LOCKOUT_THRESHOLD failures in a row the account is locked for LOCKOUT_MINUTES (§6.4).
     */
    async login(email: string, password: string, now = new Date()): Promise<LoginResult> {
      const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
      if (!user || user.disabledAt) {
        dummyHash ??= hashPassword("controlroom-timing-equaliser");
        await verifyPassword(await dummyHash, password);
        throw INVALID();
      }
      if (user.lockedUntil && user.lockedUntil > now) {
        throw new DomainError("ACCOUNT_LOCKED", "Too many failed sign-ins: this account is locked for a while. Try again later.", {
          lockedUntil: user.lockedUntil.toISOString(),
        });
      }
      if (!(await verifyPassword(user.passwordHash, password))) {
        const failed = user.failedLogins + 1;
        const lock = failed >= LOCKOUT_THRESHOLD;
        await audited(prisma, { actorId: user.id, tokenId: null }, "login", async (tx, record) => {
          await tx.user.update({
            where: { id: user.id },
            data: { failedLogins: lock ? 0 : failed, lockedUntil: lock ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000) : user.lockedUntil },
          });
          record({ entity: "User", entityId: user.id, changes: { failedLogin: failed, ...(lock ? { locked: true } : {}) } });
        });
        throw INVALID();
      }
      const refreshToken = opaqueToken("crr");
      const session = await audited(prisma, { actorId: user.id, tokenId: null }, "login", async (tx, record) => {
        await tx.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } });
        const s = await tx.session.create({
          data: { userId: user.id, tokenHash: hashToken(refreshToken), expiresAt: new Date(now.getTime() + REFRESH_TOKEN_DAYS * 86_400_000) },
        });
        record({ entity: "Session", entityId: s.id, changes: { created: true } });
        return s;
      });
      return issue(user.id, session.id, refreshToken, now);
    },

    /** Trades a refresh token for a new access token and a new refresh token (rotation). */
    async refresh(refreshToken: string, now = new Date()): Promise<LoginResult> {
      const session = await prisma.session.findUnique({ where: { tokenHash: hashToken(refreshToken) }, include: { user: true } });
      if (!session || session.revokedAt || session.expiresAt <= now || session.user.disabledAt) {
        throw new DomainError("UNAUTHENTICATED", "This refresh token is not valid any more: sign in again.");
      }
      const next = opaqueToken("crr");
      await audited(prisma, { actorId: session.userId, tokenId: null }, "refreshToken", async (tx, record) => {
        await tx.session.update({ where: { id: session.id }, data: { tokenHash: hashToken(next) } });
        record({ entity: "Session", entityId: session.id, changes: { refreshTokenRotated: true } });
      });
      return issue(session.userId, session.id, next, now);
    },

    /** Ends a session; its access tokens stop working and its sockets are closed. */
    async logout(viewer: Viewer, now = new Date()): Promise<{ sessionId: string }> {
      if (viewer.kind !== "user") throw new DomainError("UNAUTHENTICATED", "Only a signed-in person can sign out.");
      await audited(prisma, { actorId: viewer.user.id, tokenId: null }, "logout", async (tx, record) => {
        await tx.session.update({ where: { id: viewer.sessionId }, data: { revokedAt: now } });
        record({ entity: "Session", entityId: viewer.sessionId, changes: { revokedAt: now } });
      });
      return { sessionId: viewer.sessionId };
    },

    /** Creates a machine token; the secret is returned once and only its hash is kept. */
    async createApiToken(actor: Actor, input: { name: string; kind: ApiTokenKind; indicatorIds: string[] }) {
      const token = opaqueToken(input.kind === "DISPLAY" ? "crd" : "cri");
      const found = await prisma.indicator.count({ where: { id: { in: input.indicatorIds } } });
      if (found !== new Set(input.indicatorIds).size) throw notFound("One of the indicators");
      if (input.kind === "INGEST" && input.indicatorIds.length === 0) {
        throw new DomainError("BAD_USER_INPUT", "An INGEST token needs at least one indicator it may write.", { field: "indicatorIds" });
      }
      const apiToken = await audited(prisma, actor, "createApiToken", async (tx, record) => {
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
    },

    async revokeApiToken(actor: Actor, id: string, now = new Date()) {
      const existing = await prisma.apiToken.findUnique({ where: { id } });
      if (!existing) throw notFound("API token", id);
      if (existing.revokedAt) return existing;
      return audited(prisma, actor, "revokeApiToken", async (tx, record) => {
        const t = await tx.apiToken.update({ where: { id }, data: { revokedAt: now } });
        record({ entity: "ApiToken", entityId: id, changes: { revokedAt: now } });
        return t;
      });
    },

    /**
     * Who a request comes from, from its `Authorization: Bearer …` value: an access token (JWT)
     * of a live session, or an API token that is not revoked. Anything else is anonymous.
     */
    async resolveViewer(authorization: string | null | undefined): Promise<Viewer> {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? "");
      if (!match) return { kind: "anonymous" };
      const raw = match[1];
      if (looksLikeJwt(raw)) {
        const claims = await verifyAccessToken(secret, raw);
        if (!claims) return { kind: "anonymous" };
        const session = await prisma.session.findUnique({ where: { id: claims.sessionId }, include: { user: true } });
        if (!session || session.revokedAt || session.userId !== claims.userId || session.user.disabledAt) return { kind: "anonymous" };
        const u = session.user;
        return { kind: "user", sessionId: session.id, user: { id: u.id, name: u.name, email: u.email, roles: u.roles, unitId: u.unitId } };
      }
      const token = await prisma.apiToken.findUnique({
        where: { tokenHash: hashToken(raw) },
        include: { indicators: { select: { id: true } } },
      });
      if (!token || token.revokedAt) return { kind: "anonymous" };
      return { kind: "token", token: { id: token.id, name: token.name, kind: token.kind, indicatorIds: token.indicators.map((i) => i.id) } };
    },

    /** Still valid? Used by WebSocket connections to notice a revoked credential. */
    async isStillValid(viewer: Viewer): Promise<boolean> {
      if (viewer.kind === "user") {
        const s = await prisma.session.findUnique({ where: { id: viewer.sessionId } });
        return !!s && !s.revokedAt;
      }
      if (viewer.kind === "token") {
        const t = await prisma.apiToken.findUnique({ where: { id: viewer.token.id } });
        return !!t && !t.revokedAt;
      }
      return true;
    },
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
