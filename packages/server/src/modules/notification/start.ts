import type { PrismaClient } from "../../lib/db.js";
import { logger } from "../../lib/logger.js";
import { mailConfigFromEnv } from "../../lib/mail.js";
import type { PubSub } from "../../lib/pubsub.js";
import { publishNotifications } from "../information/inbox.js";
import { publicUrlFromEnv } from "./message.js";
import { type DeliveryWorker, startDeliveryWorker } from "./worker.js";

const envNumber = (name: string, fallback: number) => {
  const v = Number(process.env[name] ?? fallback);
  return Number.isFinite(v) && v >= 0 ? v : fallback;
};

/** Starts the outbox sender with the environment's settings; null when polling is off (0). */
export function startNotificationWorker(o: { prisma: PrismaClient; pubsub: PubSub; pollMs?: number; retryBaseMs?: number }): DeliveryWorker | null {
  const pollMs = o.pollMs ?? envNumber("DELIVERY_POLL_MS", 1000);
  if (pollMs <= 0) return null;
  return startDeliveryWorker({
    prisma: o.prisma,
    mail: mailConfigFromEnv(),
    publicUrl: publicUrlFromEnv(),
    publish: (messages) => publishNotifications(o.pubsub, messages),
    pollMs,
    retryBaseMs: o.retryBaseMs ?? envNumber("DELIVERY_RETRY_BASE_MS", 2000),
    onError: (error) => logger.error({ err: error }, "notification delivery pass failed"),
  });
}
