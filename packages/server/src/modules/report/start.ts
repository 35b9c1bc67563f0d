import type { PrismaClient } from "../../lib/db.js";
import { logger } from "../../lib/logger.js";
import { mailConfigFromEnv } from "../../lib/mail.js";
import type { PubSub } from "../../lib/pubsub.js";
import { publishNotifications } from "../information/inbox.js";
import { publicUrlFromEnv } from "../notification/message.js";
import { startReportScheduler } from "./schedule.js";

/** Starts the report schedule checks (every minute, croner) with the environment's mail and links; returns the stop (it waits for a running check). */
export function startReportSchedulerFromEnv(prisma: PrismaClient, pubsub: PubSub): () => Promise<void> {
  return startReportScheduler(prisma, { publicUrl: publicUrlFromEnv(), mail: mailConfigFromEnv(), publish: (m) => publishNotifications(pubsub, m) }, (error) =>
    logger.error({ err: error }, "report schedule pass failed"),
  );
}
