import { logger } from "../lib/logger.js";
import type { PrismaClient } from "../lib/db.js";
import type { PubSub } from "../lib/pubsub.js";
import { shareReadRuleChanges } from "../modules/access/read-sync.js";
import { publishMessages } from "../modules/alerting/publish.js";
import { startScheduler } from "../modules/alerting/scheduler.js";
import { startPartitionMaintenance } from "../modules/indicator/partitions.js";
import { startDigestScheduler, startNotificationWorker } from "../modules/notification/start.js";
import { startReportSchedulerFromEnv } from "../modules/report/start.js";
import type { AppCaches } from "./caches.js";

/**
 * The app's background work; returns the function that stops it.
 * - §4.2.4 / §5.3.2: missing data and lapsed acknowledgements, checked every `checkIntervalMs`
 *   (0: not run); the checks act once even when several replicas run them.
 * - §6.2.2: the notification outbox's sender (every `deliveryPollMs`, 0: not run).
 * - §6.3.1: report schedules and daily digests (every minute, on the sender's switch).
 * - §6.4: a reclassification on any replica ends every replica's cached read sets.
 * - Issue 13: readings' monthly partitions made ahead and `READINGS_RETENTION_MONTHS` applied,
 *   on start and daily, with the checks (`checkIntervalMs` > 0).
 */
export function startBackgroundJobs(options: {
  prisma: PrismaClient;
  pubsub: PubSub;
  caches: AppCaches;
  checkIntervalMs: number;
  deliveryPollMs?: number;
  deliveryRetryBaseMs?: number;
}): () => Promise<void> {
  const { prisma, pubsub, caches, checkIntervalMs } = options;
  const scheduler =
    checkIntervalMs > 0
      ? startScheduler({
          prisma,
          intervalMs: checkIntervalMs,
          publish: (messages) => publishMessages(pubsub, messages),
          onError: (error) => logger.error({ err: error }, "scheduled check failed"),
        })
      : null;
  const partitions = checkIntervalMs > 0 ? startPartitionMaintenance({ prisma, onError: (error) => logger.error({ err: error }, "reading partition maintenance failed") }) : null;
  const notifications = startNotificationWorker({ prisma, pubsub, pollMs: options.deliveryPollMs, retryBaseMs: options.deliveryRetryBaseMs });
  const stopSharingReadRules = shareReadRuleChanges(pubsub, caches.generation);
  // §6.3.1: report schedules, on the same switch as the notification sender (DELIVERY_POLL_MS 0: none).
  const stopReports = (options.deliveryPollMs ?? 1) > 0 ? startReportSchedulerFromEnv(prisma, pubsub) : null;
  // §6.3.1: the daily digests of open warnings, on the same switch.
  const digests = (options.deliveryPollMs ?? 1) > 0 ? startDigestScheduler(prisma) : null;
  return async () => {
    await scheduler?.stop();
    await partitions?.();
    await notifications?.stop();
    await stopReports?.();
    await digests?.stop();
    await stopSharingReadRules();
  };
}
