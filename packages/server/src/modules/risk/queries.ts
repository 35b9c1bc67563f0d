/**
 * The read side of the risk register (§5.1): the register's `where` (the viewer's read rule from
 * `access/visibility.ts` joined with the filter) and the heat map's aggregation (§5.1.2).
 */
import { PLAN_REQUIRED_LEVELS } from "./matrix.js";
import type { Viewer } from "../../context.js";
import type { Prisma, PrismaClient } from "../../lib/db.js";
import type { RiskCategory, RiskLevel, RiskStatus } from "../../generated/prisma/enums.js";
import { riskWhere } from "../access/visibility.js";
import { encodeGlobalID, parseIds } from "../common/ids.js";

type Ids = readonly (string | number)[] | null | undefined;

export interface RiskFilter {
  categories?: readonly RiskCategory[] | null;
  levels?: readonly RiskLevel[] | null;
  statuses?: readonly RiskStatus[] | null;
  unitIds?: Ids;
  processIds?: Ids;
  search?: string | null;
  includeArchived?: boolean | null;
  needsPlan?: boolean | null;
  reviewOverdue?: boolean | null;
}

/** One cell of the 5×5 heat map: the risks whose latest assessment is in it. */
export interface MatrixCell {
  likelihood: number;
  impact: number;
  count: number;
  /** Global ids of the risks in the cell. */
  riskIds: string[];
  /** Of those, how many were in another cell at the previous assessment. */
  movedIn: number;
}

function riskFilterWhere(f: RiskFilter | null | undefined): Prisma.RiskWhereInput {
  return {
    ...(f?.includeArchived ? {} : { archivedAt: null }),
    ...(f?.categories?.length ? { category: { in: [...f.categories] } } : {}),
    ...(f?.levels?.length ? { currentLevel: { in: [...f.levels] } } : {}),
    ...(f?.statuses?.length ? { status: { in: [...f.statuses] } } : {}),
    ...(f?.unitIds?.length ? { ownerUnitId: { in: parseIds(f.unitIds, "OrgUnit", "filter.unitIds") } } : {}),
    ...(f?.processIds?.length ? { processes: { some: { id: { in: parseIds(f.processIds, "Process", "filter.processIds") } } } } : {}),
    ...(f?.needsPlan ? { AND: [{ currentLevel: { in: [...PLAN_REQUIRED_LEVELS] } }, { contingencyPlans: { none: { status: "APPROVED" } } }] } : {}),
    ...(f?.reviewOverdue ? { nextReviewAt: { lt: new Date() } } : {}),
    ...(f?.search
      ? { OR: [{ code: { contains: f.search, mode: "insensitive" } }, { title: { contains: f.search } }, { titleEn: { contains: f.search, mode: "insensitive" } }] }
      : {}),
  };
}

/** The risks the viewer may read, filtered. */
export function riskListWhere(viewer: Viewer, f: RiskFilter | null | undefined): Prisma.RiskWhereInput {
  return { AND: [riskWhere(viewer), riskFilterWhere(f)] };
}

/** All 25 cells of the heat map over the risks the viewer may read, filtered (§5.1.2). */
export async function riskMatrix(prisma: PrismaClient, viewer: Viewer, f: RiskFilter | null | undefined): Promise<MatrixCell[]> {
  const risks = await prisma.risk.findMany({
    where: riskListWhere(viewer, f),
    select: { id: true, assessments: { orderBy: [{ assessedAt: "desc" }, { createdAt: "desc" }], take: 2, select: { likelihood: true, impact: true } } },
  });
  const cells = new Map<string, MatrixCell>();
  for (let l = 1; l <= 5; l++) for (let i = 1; i <= 5; i++) cells.set(`${l}:${i}`, { likelihood: l, impact: i, count: 0, riskIds: [], movedIn: 0 });
  for (const r of risks) {
    const [latest, previous] = r.assessments;
    if (!latest) continue;
    const cell = cells.get(`${latest.likelihood}:${latest.impact}`)!;
    cell.count++;
    cell.riskIds.push(encodeGlobalID("Risk", r.id));
    if (previous && (previous.likelihood !== latest.likelihood || previous.impact !== latest.impact)) cell.movedIn++;
  }
  return [...cells.values()];
}
