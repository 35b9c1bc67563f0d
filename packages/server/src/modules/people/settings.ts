import { z } from "zod";
import type { Viewer } from "../../context.js";
import { audited, diff } from "../../lib/audit.js";
import type { PrismaClient } from "../../lib/db.js";
import { DomainError, unauthenticated } from "../../lib/errors.js";

export const LEVELS = ["WARNING", "CRITICAL"] as const;
/** The channels a person can choose to be reached on (the notification module's contact points deliver them). */
export const CHANNELS = ["IN_APP", "EMAIL"] as const;

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time as HH:MM");

/** Which alert levels and channels reach a person, and when not (quiet hours, in their time zone). */
export const NotificationPreferencesSchema = z.object({
  levels: z.array(z.enum(LEVELS)),
  channels: z.array(z.enum(CHANNELS)),
  quietHours: z.object({ start: HHMM, end: HHMM }).nullable(),
});
export type NotificationPreferences = z.infer<typeof NotificationPreferencesSchema>;

/** Everything reaches everyone until they say otherwise. */
export const DEFAULT_PREFERENCES: NotificationPreferences = { levels: [...LEVELS], channels: [...CHANNELS], quietHours: null };

/** A person's stored preferences, or the defaults when none (or none readable) are stored. */
export function preferencesOf(user: { notificationPreferences: unknown }): NotificationPreferences {
  const parsed = NotificationPreferencesSchema.safeParse(user.notificationPreferences);
  return parsed.success ? parsed.data : DEFAULT_PREFERENCES;
}

/**
 * Whether `now` falls in the person's quiet hours (a span may run past midnight, 22:00-07:00).
 * For the notification module: a quiet person is not paged for a WARNING.
 */
export function isQuiet(prefs: NotificationPreferences, timeZone: string, now = new Date()): boolean {
  if (!prefs.quietHours) return false;
  const hm = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(now);
  const { start, end } = prefs.quietHours;
  return start <= end ? hm >= start && hm < end : hm >= start || hm < end;
}

/** True for a time zone the runtime knows (IANA names such as Asia/Taipei). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export interface SettingsInput {
  locale?: string;
  timeZone?: string;
  notificationPreferences?: NotificationPreferences;
  /** §6.3.1 the daily digest: on or off, and the hour (0-23, the person's time zone). */
  dailyDigest?: { enabled: boolean; hour?: number };
}

/** Changes the signed-in person's own language, time zone and notification preferences; audited. */
export async function updateMySettings(prisma: PrismaClient, viewer: Viewer, input: SettingsInput) {
  if (viewer.kind !== "user") throw unauthenticated();
  if (input.timeZone !== undefined && !isTimeZone(input.timeZone))
    throw new DomainError("BAD_USER_INPUT", "timeZone must be an IANA time zone such as Asia/Taipei.", { field: "timeZone" });
  const hour = input.dailyDigest?.hour;
  if (hour !== undefined && !(Number.isInteger(hour) && hour >= 0 && hour <= 23))
    throw new DomainError("BAD_USER_INPUT", "dailyDigest.hour must be a whole hour from 0 to 23.", { field: "dailyDigest.hour" });
  const before = await prisma.user.findUniqueOrThrow({ where: { id: viewer.user.id } });
  return audited(prisma, { actorId: before.id, tokenId: null }, "updateMySettings", async (tx, record) => {
    const after = await tx.user.update({
      where: { id: before.id },
      data: {
        ...(input.locale !== undefined ? { locale: input.locale } : {}),
        ...(input.timeZone !== undefined ? { timeZone: input.timeZone } : {}),
        ...(input.notificationPreferences !== undefined ? { notificationPreferences: input.notificationPreferences } : {}),
      },
    });
    const changes = diff(before, after, ["locale", "timeZone", "notificationPreferences"]);
    if (input.dailyDigest) {
      const was = await tx.digestSubscription.findUnique({ where: { userId: before.id } });
      const now = { enabled: input.dailyDigest.enabled, hour: hour ?? was?.hour ?? 8 };
      await tx.digestSubscription.upsert({ where: { userId: before.id }, create: { userId: before.id, ...now }, update: now });
      const from = { enabled: was?.enabled ?? false, hour: was?.hour ?? 8 };
      if (from.enabled !== now.enabled || from.hour !== now.hour) changes.dailyDigest = { from, to: now };
    }
    if (Object.keys(changes).length) record({ entity: "User", entityId: before.id, changes });
    return after;
  });
}
