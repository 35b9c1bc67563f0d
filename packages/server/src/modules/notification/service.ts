/**
 * Contact points and notification policies (§6.2.2): configured by the process office, management
 * and administrators; every write audited in its transaction.
 */
import { actorOf, type Viewer } from "../../context.js";
import { audited, diff } from "../../lib/audit.js";
import type { PrismaClient } from "../../lib/db.js";
import { badInput, forbidden, notFound } from "../../lib/errors.js";
import { mailConfigFromEnv } from "../../lib/mail.js";
import { alertUrl, type AlertNotice, type Language, publicUrlFromEnv } from "./message.js";
import { isNotificationAdmin } from "./permissions.js";
import { GROUP_LABELS } from "./routing.js";
import { validateSteps } from "./escalation.js";
import { type MuteTiming, validateMuteTiming } from "./mute.js";
import { type ContactPointRow, deliverInApp, sendExternal } from "./send.js";
import type { WebhookFormat } from "./webhook.js";
import { publishNotifications } from "../information/inbox.js";
import type { PubSub } from "../../lib/pubsub.js";

export interface ContactPointInput {
  name: string;
  kind: "EMAIL" | "WEBHOOK" | "IN_APP";
  language?: Language | null;
  email?: { to: string[] } | null;
  webhook?: { url: string; format: WebhookFormat; secret?: string | null } | null;
  inApp?: { userIds: string[] } | null;
}

export interface PolicyInput {
  name?: string | null;
  contactPointId: string;
  matchers?: { levels?: string[] | null; sources?: string[] | null; processIds?: string[] | null; unitIds?: string[] | null; riskCategories?: string[] | null } | null;
  groupBy?: string[] | null;
  groupWaitSeconds?: number | null;
  groupIntervalSeconds?: number | null;
  repeatIntervalSeconds?: number | null;
  position?: number | null;
  muteTimings?: MuteTiming[] | null;
}

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;
const WEEK = 7 * 86_400;

function requireAdmin(viewer: Viewer) {
  if (!isNotificationAdmin(viewer)) throw forbidden("Only the process office, management and administrators configure notifications.");
}

/** The columns of a contact point from its input; BAD_USER_INPUT naming the field otherwise. `keepSecret`: an edit that gives no secret keeps this one. */
function contactPointData(input: ContactPointInput, keepSecret: string | null = null) {
  const name = input.name.trim();
  if (!name) throw badInput("name must not be empty.", "name");
  const base = {
    name,
    kind: input.kind,
    language: input.language ?? "ZH_HANT",
    emailTo: [] as string[],
    webhookUrl: null as string | null,
    webhookFormat: null as WebhookFormat | null,
    webhookSecret: null as string | null,
    inAppUserIds: [] as string[],
  };
  if (input.kind === "EMAIL") {
    const to = (input.email?.to ?? []).map((a) => a.trim());
    if (to.length === 0) throw badInput("email.to must name at least one address.", "email.to");
    const bad = to.find((a) => !EMAIL.test(a) || a.length > 254);
    if (bad !== undefined) throw badInput(`email.to: "${bad.slice(0, 60)}" is not an email address.`, "email.to");
    return { ...base, emailTo: [...new Set(to)] };
  }
  if (input.kind === "WEBHOOK") {
    const w = input.webhook;
    if (!w) throw badInput("webhook is required for a WEBHOOK contact point.", "webhook");
    let url: URL;
    try {
      url = new URL(w.url.trim());
    } catch {
      throw badInput("webhook.url must be an http or https address.", "webhook.url");
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") throw badInput("webhook.url must be an http or https address.", "webhook.url");
    // An edit: no secret given keeps the stored one; an empty one removes it.
    const secret = w.secret == null ? keepSecret : w.secret.trim() || null;
    if (secret && secret.length > 500) throw badInput("webhook.secret must be at most 500 characters.", "webhook.secret");
    return { ...base, webhookUrl: url.toString(), webhookFormat: w.format, webhookSecret: secret };
  }
  return { ...base, inAppUserIds: [...new Set(input.inApp?.userIds ?? [])] };
}

function policyData(input: PolicyInput) {
  const seconds = (v: number | null | undefined, field: string, fallback: number) => {
    const n = v ?? fallback;
    if (!Number.isInteger(n) || n < 0 || n > WEEK) throw badInput(`${field} must be a whole number of seconds between 0 and ${WEEK}.`, field);
    return n;
  };
  const groupBy = [...new Set(input.groupBy ?? [])];
  const badLabel = groupBy.find((l) => !(GROUP_LABELS as readonly string[]).includes(l));
  if (badLabel !== undefined) throw badInput(`groupBy: "${badLabel.slice(0, 40)}" is not one of ${GROUP_LABELS.join(", ")}.`, "groupBy");
  const m = input.matchers ?? {};
  const muteTimings = input.muteTimings ?? [];
  muteTimings.forEach((t, i) => {
    try {
      validateMuteTiming(t);
    } catch (e) {
      throw badInput(`muteTimings.${i}: ${(e as Error).message}.`, `muteTimings.${i}`);
    }
  });
  return {
    muteTimings: muteTimings as object[],
    name: input.name?.trim() ?? "",
    levels: [...new Set(m.levels ?? [])],
    sources: [...new Set(m.sources ?? [])],
    processIds: [...new Set(m.processIds ?? [])],
    unitIds: [...new Set(m.unitIds ?? [])],
    riskCategories: [...new Set(m.riskCategories ?? [])],
    groupBy,
    groupWaitSeconds: seconds(input.groupWaitSeconds, "groupWaitSeconds", 0),
    groupIntervalSeconds: seconds(input.groupIntervalSeconds, "groupIntervalSeconds", 300),
    repeatIntervalSeconds: seconds(input.repeatIntervalSeconds, "repeatIntervalSeconds", 4 * 3600),
    position: input.position ?? 0,
  };
}

const POLICY_FIELDS = [
  "name",
  "contactPointId",
  "levels",
  "sources",
  "processIds",
  "unitIds",
  "riskCategories",
  "groupBy",
  "groupWaitSeconds",
  "groupIntervalSeconds",
  "repeatIntervalSeconds",
  "position",
  "muteTimings",
] as const;

const secretMark = (secret: string | null) => (secret ? "(set)" : null);

/** NOT_FOUND unless every id is a person. */
async function checkPeople(prisma: PrismaClient, ids: string[]) {
  if (ids.length === 0) return;
  const found = await prisma.user.count({ where: { id: { in: ids } } });
  if (found !== ids.length) throw notFound("User");
}

/** A contact point not deleted, or NOT_FOUND. */
export async function liveContactPoint(prisma: PrismaClient, id: string) {
  const cp = await prisma.contactPoint.findFirst({ where: { id, deletedAt: null }, select: { id: true } });
  if (!cp) throw notFound("ContactPoint", id);
  return cp;
}

/** What else still sends to a contact point: an enabled escalation step or report schedule (named), or null. */
async function usersOf(prisma: PrismaClient, id: string): Promise<string | null> {
  const schedule = await prisma.reportSchedule.findFirst({ where: { enabled: true, contactPointIds: { has: id } }, select: { id: true } });
  if (schedule) return "A report schedule";
  const escalations = await prisma.escalationPolicy.findMany({ where: { enabled: true }, select: { name: true, steps: true } });
  const step = escalations.find((p) => (p.steps as { contactPointId: string }[]).some((s) => s.contactPointId === id));
  return step ? `The escalation policy "${step.name}"` : null;
}

export function createNotificationService(prisma: PrismaClient) {
  return {
    async createContactPoint(viewer: Viewer, input: ContactPointInput) {
      requireAdmin(viewer);
      const data = contactPointData(input);
      await checkPeople(prisma, data.inAppUserIds);
      return audited(prisma, actorOf(viewer), "createContactPoint", async (tx, record) => {
        const row = await tx.contactPoint.create({ data: { ...data, createdById: viewer.kind === "user" ? viewer.user.id : null } });
        // The secret is never written to the audit log.
        record({ entity: "ContactPoint", entityId: row.id, changes: { ...data, webhookSecret: data.webhookSecret ? "(set)" : null } });
        return row;
      });
    },

    /** Changes a contact point: its name, kind, language and the kind's settings (a webhook's secret kept unless given). */
    async updateContactPoint(viewer: Viewer, id: string, input: ContactPointInput) {
      requireAdmin(viewer);
      const before = await prisma.contactPoint.findFirst({ where: { id, deletedAt: null } });
      if (!before) throw notFound("ContactPoint", id);
      const data = contactPointData(input, input.kind === "WEBHOOK" ? before.webhookSecret : null);
      await checkPeople(prisma, data.inAppUserIds);
      return audited(prisma, actorOf(viewer), "updateContactPoint", async (tx, record) => {
        const row = await tx.contactPoint.update({ where: { id }, data });
        const changes = diff({ ...before, webhookSecret: secretMark(before.webhookSecret) }, { ...row, webhookSecret: secretMark(row.webhookSecret) }, [
          "name",
          "kind",
          "language",
          "emailTo",
          "webhookUrl",
          "webhookFormat",
          "webhookSecret",
          "inAppUserIds",
        ]);
        record({ entity: "ContactPoint", entityId: id, changes });
        return row;
      });
    },

    async deleteContactPoint(viewer: Viewer, id: string, now = new Date()) {
      requireAdmin(viewer);
      const row = await prisma.contactPoint.findFirst({ where: { id, deletedAt: null }, include: { policies: { where: { enabled: true }, select: { id: true } } } });
      if (!row) throw notFound("ContactPoint", id);
      if (row.policies.length > 0) throw badInput("Policies still send to this contact point: delete them first.", "id");
      const users = await usersOf(prisma, id);
      if (users) throw badInput(`${users} still sends to this contact point: change it first.`, "id");
      return audited(prisma, actorOf(viewer), "deleteContactPoint", async (tx, record) => {
        // Its delivery history stays and names it; it is no longer listed, routed to, tested or chosen.
        await tx.contactPoint.update({ where: { id }, data: { deletedAt: now } });
        await tx.notificationDelivery.updateMany({ where: { contactPointId: id, status: "PENDING" }, data: { status: "FAILED", lastError: "The contact point was deleted." } });
        record({ entity: "ContactPoint", entityId: id, changes: { deletedAt: now } });
        return { id };
      });
    },

    async createPolicy(viewer: Viewer, input: PolicyInput) {
      requireAdmin(viewer);
      const data = policyData(input);
      const cp = await liveContactPoint(prisma, input.contactPointId);
      return audited(prisma, actorOf(viewer), "createNotificationPolicy", async (tx, record) => {
        const row = await tx.notificationPolicy.create({ data: { ...data, contactPointId: cp.id } });
        record({ entity: "NotificationPolicy", entityId: row.id, changes: { ...data, contactPointId: cp.id } });
        return row;
      });
    },

    async deletePolicy(viewer: Viewer, id: string) {
      requireAdmin(viewer);
      const row = await prisma.notificationPolicy.findUnique({ where: { id } });
      if (!row?.enabled) throw notFound("NotificationPolicy", id);
      return audited(prisma, actorOf(viewer), "deleteNotificationPolicy", async (tx, record) => {
        // Disabled, not deleted: the delivery log still names it.
        await tx.notificationPolicy.update({ where: { id }, data: { enabled: false } });
        record({ entity: "NotificationPolicy", entityId: id, changes: { enabled: { from: true, to: false } } });
        return { id };
      });
    },
  };
}

/** Changes a policy; what the input leaves out stays as it is. */
export async function updatePolicy(prisma: PrismaClient, viewer: Viewer, id: string, input: Partial<PolicyInput>) {
  requireAdmin(viewer);
  const before = await prisma.notificationPolicy.findFirst({ where: { id, enabled: true } });
  if (!before) throw notFound("NotificationPolicy", id);
  const data = policyData({
    name: input.name ?? before.name,
    contactPointId: input.contactPointId ?? before.contactPointId,
    // Matchers given replace the whole set (a list left out: any), as at creation.
    matchers: input.matchers ?? before,
    groupBy: input.groupBy ?? before.groupBy,
    groupWaitSeconds: input.groupWaitSeconds ?? before.groupWaitSeconds,
    groupIntervalSeconds: input.groupIntervalSeconds ?? before.groupIntervalSeconds,
    repeatIntervalSeconds: input.repeatIntervalSeconds ?? before.repeatIntervalSeconds,
    position: input.position ?? before.position,
    muteTimings: input.muteTimings ?? (before.muteTimings as unknown as MuteTiming[]),
  });
  const cp = await liveContactPoint(prisma, input.contactPointId ?? before.contactPointId);
  return audited(prisma, actorOf(viewer), "updateNotificationPolicy", async (tx, record) => {
    const row = await tx.notificationPolicy.update({ where: { id }, data: { ...data, contactPointId: cp.id } });
    record({ entity: "NotificationPolicy", entityId: id, changes: diff(before, row, [...POLICY_FIELDS]) });
    return row;
  });
}

/** Routing order (§6.2.2): the enabled policies in the order given, first tried first. */
export async function reorderPolicies(prisma: PrismaClient, viewer: Viewer, ids: string[]) {
  requireAdmin(viewer);
  const unique = [...new Set(ids)];
  if (unique.length !== ids.length) throw badInput("ids must not repeat a policy.", "ids");
  const found = await prisma.notificationPolicy.findMany({ where: { id: { in: unique }, enabled: true }, select: { id: true, position: true } });
  const missing = unique.find((id) => !found.some((f) => f.id === id));
  if (missing) throw notFound("NotificationPolicy", missing);
  return audited(prisma, actorOf(viewer), "reorderNotificationPolicies", async (tx, record) => {
    for (const [position, id] of unique.entries()) {
      const from = found.find((f) => f.id === id)!.position;
      if (from === position) continue;
      await tx.notificationPolicy.update({ where: { id }, data: { position } });
      record({ entity: "NotificationPolicy", entityId: id, changes: { position: { from, to: position } } });
    }
    return unique;
  });
}

export interface EscalationPolicyInput {
  name: string;
  category?: string | null;
  steps: { afterMinutes: number; contactPointId: string }[];
}

/** §2.1.2 escalation policies, one per process category (or one for all): process office, management, administrators. */
export async function createEscalationPolicy(prisma: PrismaClient, viewer: Viewer, input: EscalationPolicyInput) {
  requireAdmin(viewer);
  const name = input.name.trim();
  if (!name) throw badInput("name must not be empty.", "name");
  const problem = validateSteps(input.steps);
  if (problem) throw badInput(problem, "steps");
  const ids = [...new Set(input.steps.map((s) => s.contactPointId))];
  const found = await prisma.contactPoint.findMany({ where: { id: { in: ids }, deletedAt: null }, select: { id: true } });
  const missing = ids.find((id) => !found.some((f) => f.id === id));
  if (missing) throw notFound("ContactPoint", missing);
  return audited(prisma, actorOf(viewer), "createEscalationPolicy", async (tx, record) => {
    // One enabled policy per category: the new one replaces the old.
    const old = await tx.escalationPolicy.findMany({ where: { enabled: true, category: (input.category ?? null) as never }, select: { id: true } });
    await tx.escalationPolicy.updateMany({ where: { id: { in: old.map((o) => o.id) } }, data: { enabled: false } });
    for (const o of old) record({ entity: "EscalationPolicy", entityId: o.id, changes: { enabled: { from: true, to: false } } });
    const row = await tx.escalationPolicy.create({ data: { name, category: (input.category ?? null) as never, steps: input.steps } });
    record({ entity: "EscalationPolicy", entityId: row.id, changes: { name, category: row.category, steps: input.steps } });
    return row;
  });
}

/** Stops a category's escalation (§2.1.2): disabled, kept for the deliveries it caused. */
export async function deleteEscalationPolicy(prisma: PrismaClient, viewer: Viewer, id: string) {
  requireAdmin(viewer);
  const row = await prisma.escalationPolicy.findFirst({ where: { id, enabled: true }, select: { id: true } });
  if (!row) throw notFound("EscalationPolicy", id);
  return audited(prisma, actorOf(viewer), "deleteEscalationPolicy", async (tx, record) => {
    await tx.escalationPolicy.update({ where: { id }, data: { enabled: false } });
    record({ entity: "EscalationPolicy", entityId: id, changes: { enabled: { from: true, to: false } } });
    return { id };
  });
}

/**
 * Sends a test message to a contact point now (Grafana's "Test" button) and says whether it
 * was taken; the attempt is kept in the delivery log (reason TEST).
 */
export async function testContactPoint(prisma: PrismaClient, viewer: Viewer, id: string, pubsub: Pick<PubSub, "publish">, now = new Date()) {
  requireAdmin(viewer);
  const cp = (await prisma.contactPoint.findFirst({ where: { id, deletedAt: null } })) as ContactPointRow | null;
  if (!cp) throw notFound("ContactPoint", id);
  const testId = `test-${now.getTime()}-${Math.random().toString(36).slice(2, 10)}`;
  const notice: AlertNotice = {
    alert: {
      id: "test",
      level: "WARNING",
      state: "FIRING",
      source: "THRESHOLD_RULE",
      message: "Control Room test",
      value: null,
      subject: { zh: "測試", en: "Test" },
      process: null,
    },
    event: { id: testId, type: "TEST", at: now.toISOString() },
    url: alertUrl(publicUrlFromEnv(), "test"),
    test: true,
  };
  let error: string | null = null;
  let published: { id: string; userId: string }[] = [];
  if (cp.kind !== "IN_APP") {
    try {
      await sendExternal(cp, [notice], testId, { mail: mailConfigFromEnv() }, now);
    } catch (e) {
      error = (e instanceof Error ? e.message : String(e)).slice(0, 1000) || "unknown error";
    }
  }
  const delivery = await audited(prisma, actorOf(viewer), "testContactPoint", async (tx, record) => {
    const row = await tx.notificationDelivery.create({
      data: {
        contactPointId: cp.id,
        reason: "TEST",
        dedupeKey: testId,
        status: error ? "FAILED" : "SENT",
        attempts: 1,
        lastError: error,
        sentAt: error ? null : now,
        giveUpAt: now,
        nextAttemptAt: now,
      },
    });
    await tx.notificationAttempt.create({ data: { deliveryId: row.id, at: now, ok: !error, error } });
    if (cp.kind === "IN_APP" && viewer.kind === "user") {
      // A test of the inbox goes to the person testing, not to everyone it would reach.
      published = await deliverInApp(tx, { ...cp, inAppUserIds: [viewer.user.id] }, [notice], null, record, now);
    }
    record({ entity: "NotificationDelivery", entityId: row.id, changes: { contactPointId: cp.id, reason: "TEST", status: row.status } });
    return row;
  });
  publishNotifications(pubsub, published);
  return { ok: !error, error, deliveryId: delivery.id };
}
