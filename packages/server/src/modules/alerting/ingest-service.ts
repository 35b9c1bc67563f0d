import type { PrismaClient } from "../../lib/db.js";
import { actorOf, type Viewer } from "../../context.js";
import { type ReadingInput, recordReadings, type RecordReadingsResult } from "./engine/ingest.js";
import { ingestReach } from "./permissions.js";

/**
 * Records a batch of readings as the viewer (§4.2.4, §5.3.2), the one service pattern: the
 * permission (`ingestReach`, permissions.ts) decides which indicators the viewer may send, the
 * batch is written in one transaction with its audit row (engine/ingest.ts), and the messages to
 * publish after commit are returned to the resolver.
 */
export async function recordReadingsAs(prisma: PrismaClient, viewer: Viewer, readings: ReadingInput[], action: string): Promise<RecordReadingsResult> {
  return recordReadings(prisma, { readings }, { allowedIndicatorIds: await allowedIndicatorIds(prisma, viewer), audit: { ...actorOf(viewer), action } });
}

/** The indicator ids the viewer may record readings for; null for every indicator. */
async function allowedIndicatorIds(prisma: PrismaClient, viewer: Viewer): Promise<string[] | null> {
  const reach = ingestReach(viewer);
  if ("all" in reach) return null;
  if ("indicatorIds" in reach) return reach.indicatorIds;
  const rows = await prisma.indicator.findMany({ where: { process: { ownerUnitId: reach.ownerUnitId } }, select: { id: true } });
  return rows.map((r) => r.id);
}
