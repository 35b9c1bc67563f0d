import type { PrismaClient } from "../../lib/db.js";
import { logger } from "../../lib/logger.js";
import { mailConfigFromEnv } from "../../lib/mail.js";
import type { PubSub } from "../../lib/pubsub.js";
import { publishNotifications } from "../information/inbox.js";
import { publicUrlFromEnv } from "./message.js";
import { enqueueEscalations, enqueueRepeats } from "./passes.js";
import { sendDueDigests } from "./digest.js";
import { type Periodic, startPeriodic } from "../../lib/periodic.js";
import { type DeliveryWorker, startDeliveryWorker } from "./worker.js";

const envNumber = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  return Number.isFinite(v) && v >= 0 ? v : fallback;
};

/** Starts the outbox sender with the environment's settings; null when polling is off (0). */
export function startNotificationWorker(o: { prisma: PrismaClient; pubsub: PubSub; pollMs?: number; retryBaseMs?: number }): DeliveryWorker | null {
  const pollMs = o.pollMs ?? envNumber("DELIVERY_POLL_MS", 1000);
  if (pollMs <= 0) return null;
  // Repeats and escalation steps are minutes apart: checked every DELIVERY_CHECK_MS (default 15 s), not every poll.
  const checkMs = envNumber("DELIVERY_CHECK_MS", 15_000);
  let lastCheck = 0;
  return startDeliveryWorker({
    prisma: o.prisma,
    mail: mailConfigFromEnv(),
    publicUrl: publicUrlFromEnv(),
    publish: (messages) => publishNotifications(o.pubsub, messages),
    pollMs,
    retryBaseMs: o.retryBaseMs ?? envNumber("DELIVERY_RETRY_BASE_MS", 2000),
    onError: (error) => logger.error({ err: error }, "notification delivery pass failed"),
    afterPass: async (now) => {
      if (now.getTime() - lastCheck < checkMs) return;
      lastCheck = now.getTime();
      await enqueueRepeats(o.prisma, now);
      await enqueueEscalations(o.prisma, now);
    },
  });
}

/** §6.3.1 the daily digests: checked every minute (croner); each person's digest is sent once a day across replicas (digest.ts). */
export function startDigestScheduler(prisma: PrismaClient, pattern = "* * * * *"): Periodic {
  return startPeriodic(() => sendDueDigests(prisma, { mail: mailConfigFromEnv(), publicUrl: publicUrlFromEnv() }, new Date()).then(() => undefined), {
    cron: pattern,
    onError: (error) => logger.error({ err: error }, "daily digest pass failed"),
  });
}
