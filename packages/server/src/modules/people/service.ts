import type { PasswordTokenPurpose, Role } from "../../generated/prisma/enums.js";
import { actorOf, type Viewer } from "../../context.js";
import { type Actor, audited, diff } from "../../lib/audit.js";
import type { PrismaClient, Tx } from "../../lib/db.js";
import { DomainError, forbidden, notFound, unauthenticated } from "../../lib/errors.js";
import { logger } from "../../lib/logger.js";
import type { Mailer } from "../../lib/mail.js";
import { hashPassword, verifyPassword } from "../access/password.js";
import { hashToken, opaqueToken } from "../access/tokens.js";
import { publicUrl } from "./links.js";
import { localLoginEnabled } from "./oidc-config.js";
import { whyCannotAdministerPeople } from "./permissions.js";
import { assertPasswordAllowed, PASSWORD_POLICY } from "./password-policy.js";

export interface PersonInput {
  email: string;
  name: string;
  unitId: string;
  roles: Role[];
  locale?: string;
}

/** How long a link stays good: an invitation 7 days, a reset 1 hour (`INVITE_TTL_HOURS`, `RESET_TTL_MINUTES`). */
export const LINK_TTL_MS: Record<PasswordTokenPurpose, number> = {
  INVITE: Number(process.env.INVITE_TTL_HOURS || 168) * 3_600_000,
  RESET: Number(process.env.RESET_TTL_MINUTES || 60) * 60_000,
};

export const LOCALES = ["zh-Hant", "en"] as const;
const FIELDS = ["email", "name", "unitId", "roles", "locale", "disabledAt"] as const;

const LINK_INVALID = () =>
  new DomainError("BAD_USER_INPUT", "This link is not valid any more: it was used, it expired, or it never existed. Ask for a new one.", { field: "token" });

/** What a change means for live credentials: the resolver publishes `credentialRevoked` for these. */
export interface Revocations {
  userIds: string[];
  sessionIds: string[];
}

/**
 * People administration, invitations, password resets and password changes (§1.2, §6.4). Every
 * change is audited in its own transaction; a disabled person's sessions are revoked in it.
 */
async function assertUnit(prisma: PrismaClient, unitId: string) {
  const unit = await prisma.orgUnit.findUnique({ where: { id: unitId } });
  if (!unit || unit.archivedAt) throw notFound("Unit", unitId);
}

/** §6.4: somebody must always be able to administer the system. */
async function assertNotLastAdmin(prisma: PrismaClient, id: string) {
  // In SQL: the embedded database's adapter cannot bind an enum array for Prisma's `has`.
  const rows = await prisma.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM app_user WHERE id <> ${id} AND disabled_at IS NULL AND 'ADMIN'::"Role" = ANY(roles)`;
  if (Number(rows[0].n) === 0) throw new DomainError("CONFLICT", "This is the last active administrator: make someone else an administrator first.", { field: "id" });
}

/** Issues a single-use link in `tx` and returns its secret; the caller mails it after commit. */
async function issueLink(tx: Tx, userId: string, purpose: PasswordTokenPurpose, now: Date) {
  const token = opaqueToken(purpose === "INVITE" ? "cri" : "crp");
  // A new link replaces the person's earlier unused ones of the same kind.
  await tx.passwordToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } });
  const row = await tx.passwordToken.create({ data: { userId, purpose, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + LINK_TTL_MS[purpose]) } });
  return { token, row };
}

function sendLink(mail: Mailer, to: string, name: string, purpose: PasswordTokenPurpose, token: string) {
  const path = purpose === "INVITE" ? "accept-invitation" : "reset-password";
  const link = `${publicUrl()}/${path}#token=${encodeURIComponent(token)}`;
  const text =
    purpose === "INVITE"
      ? `${name}, you have been invited to Control Room. Choose your password here (the link works once, for ${LINK_TTL_MS.INVITE / 3_600_000} hours):\n\n${link}\n\n您已受邀使用 Control Room，請由上方連結設定密碼。`
      : `${name}, a password reset was asked for your Control Room account. Choose a new password here (the link works once, for ${LINK_TTL_MS.RESET / 60_000} minutes):\n\n${link}\n\nIf you did not ask for this, ignore this mail.\n如非您本人申請，請忽略本郵件。`;
  // Sent after the answer: the answer must not wait for (or reveal) the mail server.
  void mail
    .send({ to, subject: purpose === "INVITE" ? "Control Room: your invitation / 邀請" : "Control Room: password reset / 重設密碼", text })
    .catch((err) => logger.error({ err }, "could not send mail"));
}

/** Sets a new password in `tx`, keeping the old hash in the history (the last N only). */
async function setPassword(tx: Tx, user: { id: string; passwordHash: string }, password: string) {
  const hash = await hashPassword(password);
  if (user.passwordHash) await tx.passwordHistory.create({ data: { userId: user.id, hash: user.passwordHash } });
  const old = await tx.passwordHistory.findMany({ where: { userId: user.id }, orderBy: { createdAt: "desc" }, skip: PASSWORD_POLICY.history, select: { id: true } });
  if (old.length) await tx.passwordHistory.deleteMany({ where: { id: { in: old.map((o) => o.id) } } });
  await tx.user.update({ where: { id: user.id }, data: { passwordHash: hash } });
}

async function previousHashes(prisma: PrismaClient, user: { id: string; passwordHash: string }) {
  const history = await prisma.passwordHistory.findMany({ where: { userId: user.id }, orderBy: { createdAt: "desc" }, take: PASSWORD_POLICY.history });
  return [user.passwordHash, ...history.map((h) => h.hash)].filter(Boolean).slice(0, Math.max(PASSWORD_POLICY.history, 1));
}

/** Adds the person in `tx`; an empty hash matches no password, so they sign in after choosing one (or through OpenID Connect). */
async function addPerson(tx: Tx, input: PersonInput, record: (e: { entity: string; entityId: string; changes: Record<string, unknown> }) => void) {
  const user = await tx.user.create({ data: { ...input, locale: input.locale ?? "zh-Hant", passwordHash: "" } });
  record({ entity: "User", entityId: user.id, changes: { ...input } });
  return user;
}

/** Adds a person (ADMIN). They have no password until an invitation or a reset sets one. */
export async function createUser(prisma: PrismaClient, _mail: Mailer, viewer: Viewer, input: PersonInput) {
  const actor = administrator(viewer);
  await assertUnit(prisma, input.unitId);
  return audited(prisma, actor, "createUser", (tx, record) => addPerson(tx, input, record));
}

/** Adds a person and mails them a single-use link to choose a password (ADMIN). */
export async function inviteUser(prisma: PrismaClient, mail: Mailer, viewer: Viewer, input: PersonInput, now = new Date()) {
  const actor = administrator(viewer);
  await assertUnit(prisma, input.unitId);
  const { user, token } = await audited(prisma, actor, "inviteUser", async (tx, record) => {
    const user = await addPerson(tx, input, record);
    const { token, row } = await issueLink(tx, user.id, "INVITE", now);
    record({ entity: "PasswordToken", entityId: row.id, changes: { purpose: "INVITE", expiresAt: row.expiresAt } });
    return { user, token };
  });
  sendLink(mail, user.email, user.name, "INVITE", token);
  return user;
}

/** Changes a person's name, email, unit, roles or language (ADMIN). Their live connections reconnect with the new roles. */
export async function updateUser(prisma: PrismaClient, _mail: Mailer, viewer: Viewer, id: string, input: Partial<PersonInput>) {
  const actor = administrator(viewer);
  const before = await prisma.user.findUnique({ where: { id } });
  if (!before) throw notFound("User", id);
  if (input.unitId) await assertUnit(prisma, input.unitId);
  if (input.roles && before.roles.includes("ADMIN") && !input.roles.includes("ADMIN") && !before.disabledAt) await assertNotLastAdmin(prisma, id);
  const result = await audited(prisma, actor, "updateUser", async (tx, record) => {
    const after = await tx.user.update({ where: { id }, data: input });
    const changes = diff(before, after, [...FIELDS]);
    if (Object.keys(changes).length) record({ entity: "User", entityId: id, changes });
    return { user: after, changedFields: Object.keys(changes) };
  });
  const scopeChanged = result.changedFields.some((f) => f === "roles" || f === "unitId");
  return { ...result, revocations: { userIds: scopeChanged ? [id] : [], sessionIds: [] } satisfies Revocations };
}

/** Disables a person (ADMIN): their sessions and refresh tokens end in the same transaction, their sockets at once. */
export async function disableUser(prisma: PrismaClient, _mail: Mailer, viewer: Viewer, id: string, now = new Date()) {
  const actor = administrator(viewer);
  const before = await prisma.user.findUnique({ where: { id } });
  if (!before) throw notFound("User", id);
  if (before.disabledAt) return { user: before, revocations: { userIds: [id], sessionIds: [] } };
  if (before.roles.includes("ADMIN")) await assertNotLastAdmin(prisma, id);
  if (actor.actorId === id) throw new DomainError("CONFLICT", "You cannot disable yourself: ask another administrator.", { field: "id" });
  const user = await audited(prisma, actor, "disableUser", async (tx, record) => {
    const user = await tx.user.update({ where: { id }, data: { disabledAt: now } });
    const sessions = await tx.session.findMany({ where: { userId: id, revokedAt: null }, select: { id: true } });
    await tx.session.updateMany({ where: { userId: id, revokedAt: null }, data: { revokedAt: now } });
    await tx.passwordToken.updateMany({ where: { userId: id, usedAt: null }, data: { usedAt: now } });
    record({ entity: "User", entityId: id, changes: { disabledAt: { from: null, to: now }, sessionsRevoked: sessions.length } });
    return user;
  });
  return { user, revocations: { userIds: [id], sessionIds: [] } satisfies Revocations };
}

/** Lets a disabled person sign in again (ADMIN). */
export async function enableUser(prisma: PrismaClient, _mail: Mailer, viewer: Viewer, id: string) {
  const actor = administrator(viewer);
  const before = await prisma.user.findUnique({ where: { id } });
  if (!before) throw notFound("User", id);
  if (!before.disabledAt) return before;
  return audited(prisma, actor, "enableUser", async (tx, record) => {
    const user = await tx.user.update({ where: { id }, data: { disabledAt: null } });
    record({ entity: "User", entityId: id, changes: { disabledAt: { from: before.disabledAt, to: null } } });
    return user;
  });
}

/**
 * Mails a reset link when the email belongs to an active person. The answer is the same
 * either way, so the request tells nobody which emails exist (§6.4).
 */
/** The administrator making a change to people (§6.4), as the audit log names them; FORBIDDEN for anyone else. */
function administrator(viewer: Viewer): Actor {
  const why = whyCannotAdministerPeople(viewer);
  if (why) throw forbidden(why);
  return actorOf(viewer);
}

/** Password links exist only where people sign in with a password (not only through the directory, §6.4). */
function assertLocalLogin() {
  if (!localLoginEnabled()) throw forbidden("Passwords are switched off here: sign in through the directory.");
}

export async function requestPasswordReset(prisma: PrismaClient, mail: Mailer, email: string, now = new Date()): Promise<void> {
  assertLocalLogin();
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user || user.disabledAt) {
    logger.info("password reset asked for an unknown or disabled email");
    return;
  }
  // The row names the person the reset is for: nobody else can complete it (it goes to their mailbox).
  const token = await audited(prisma, { actorId: user.id, tokenId: null }, "requestPasswordReset", async (tx, record) => {
    const { token, row } = await issueLink(tx, user.id, "RESET", now);
    record({ entity: "PasswordToken", entityId: row.id, changes: { purpose: "RESET", expiresAt: row.expiresAt, requestedBy: "anonymous" } });
    return token;
  });
  sendLink(mail, user.email, user.name, "RESET", token);
}

/** Who a link is for, while it is good (the invitation page greets the person); null otherwise. */
export async function lookUpLink(prisma: PrismaClient, _mail: Mailer, token: string, now = new Date()) {
  const row = await prisma.passwordToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!row || row.usedAt || row.expiresAt <= now || row.user.disabledAt) return null;
  return { purpose: row.purpose, email: row.user.email, name: row.user.name, expiresAt: row.expiresAt };
}

/**
 * Sets a password with an invitation or reset link. The link works once (a conditional update
 * decides between two concurrent uses) and only until it expires; a reset ends every session.
 */
export async function resetPassword(prisma: PrismaClient, _mail: Mailer, token: string, password: string, now = new Date()) {
  assertLocalLogin();
  const row = await prisma.passwordToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!row || row.usedAt || row.expiresAt <= now || row.user.disabledAt) throw LINK_INVALID();
  await assertPasswordAllowed(password, row.user, await previousHashes(prisma, row.user));
  await audited(prisma, { actorId: row.userId, tokenId: null }, "resetPassword", async (tx, record) => {
    const { count } = await tx.passwordToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
    if (count === 0) throw LINK_INVALID();
    await setPassword(tx, row.user, password);
    await tx.session.updateMany({ where: { userId: row.userId, revokedAt: null }, data: { revokedAt: now } });
    record({ entity: "User", entityId: row.userId, changes: { passwordChanged: true, via: row.purpose, sessionsRevoked: true } });
  });
  return { email: row.user.email, revocations: { userIds: [row.userId], sessionIds: [] } satisfies Revocations };
}

/** Changes the signed-in person's password; their other sessions end. */
export async function changePassword(prisma: PrismaClient, _mail: Mailer, viewer: Viewer, current: string, password: string, now = new Date()) {
  if (viewer.kind !== "user") throw unauthenticated();
  const user = await prisma.user.findUniqueOrThrow({ where: { id: viewer.user.id } });
  if (!(await verifyPassword(user.passwordHash, current))) throw new DomainError("BAD_USER_INPUT", "The current password is wrong.", { field: "current" });
  await assertPasswordAllowed(password, user, await previousHashes(prisma, user));
  const others = await audited(prisma, { actorId: user.id, tokenId: null }, "changePassword", async (tx, record) => {
    await setPassword(tx, user, password);
    const others = await tx.session.findMany({ where: { userId: user.id, revokedAt: null, id: { not: viewer.sessionId } }, select: { id: true } });
    await tx.session.updateMany({ where: { id: { in: others.map((s) => s.id) } }, data: { revokedAt: now } });
    record({ entity: "User", entityId: user.id, changes: { passwordChanged: true, otherSessionsRevoked: others.length } });
    return others.map((s) => s.id);
  });
  return { revocations: { userIds: [], sessionIds: others } satisfies Revocations };
}

/**
 * People administration, invitations, password resets and password changes (§1.2, §6.4), bound to
 * one database and one mailer. Every change is audited in its own transaction; a disabled
 * person's sessions are revoked in it.
 */
export function createPeopleService(prisma: PrismaClient, mail: Mailer) {
  return {
    createUser: (...a: Tail<Parameters<typeof createUser>>) => createUser(prisma, mail, ...a),
    inviteUser: (...a: Tail<Parameters<typeof inviteUser>>) => inviteUser(prisma, mail, ...a),
    updateUser: (...a: Tail<Parameters<typeof updateUser>>) => updateUser(prisma, mail, ...a),
    disableUser: (...a: Tail<Parameters<typeof disableUser>>) => disableUser(prisma, mail, ...a),
    enableUser: (...a: Tail<Parameters<typeof enableUser>>) => enableUser(prisma, mail, ...a),
    requestPasswordReset: (...a: Tail<Parameters<typeof requestPasswordReset>>) => requestPasswordReset(prisma, mail, ...a),
    lookUpLink: (...a: Tail<Parameters<typeof lookUpLink>>) => lookUpLink(prisma, mail, ...a),
    resetPassword: (...a: Tail<Parameters<typeof resetPassword>>) => resetPassword(prisma, mail, ...a),
    changePassword: (...a: Tail<Parameters<typeof changePassword>>) => changePassword(prisma, mail, ...a),
  };
}

type Tail<T extends unknown[]> = T extends [unknown, unknown, ...infer R] ? R : never;
