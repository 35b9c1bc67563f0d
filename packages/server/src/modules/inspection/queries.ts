/**
 * The read side of monitoring plans and inspections (§4.2): the `where` of each list, the
 * viewer's read rule (`access/visibility.ts`) joined with the caller's filter.
 */
import type { Viewer } from "../../context.js";
import type { Prisma } from "../../lib/db.js";
import type { MonitoringMethod } from "../../generated/prisma/enums.js";
import { processWhere } from "../access/visibility.js";
import { parseIds } from "../common/ids.js";

type Ids = readonly (string | number)[] | null | undefined;

export interface PlanFilter {
  method?: MonitoringMethod | null;
  overdue?: boolean | null;
  processIds?: Ids;
  unitIds?: Ids;
}

export interface InspectionFilter {
  processIds?: Ids;
  method?: MonitoringMethod | null;
}

/** The active plans the viewer may read (their process is readable), filtered. */
export function planListWhere(viewer: Viewer, args: PlanFilter): Prisma.MonitoringPlanWhereInput {
  return {
    active: true,
    ...(args.processIds?.length ? { processId: { in: parseIds(args.processIds, "Process", "processIds") } } : {}),
    ...(args.unitIds?.length ? { unitId: { in: parseIds(args.unitIds, "OrgUnit", "unitIds") } } : {}),
    process: processWhere(viewer),
    ...(args.method ? { method: args.method } : {}),
    ...(args.overdue ? { nextDueAt: { lt: new Date() } } : {}),
  };
}

/** The inspections the viewer may read (their process is readable), filtered. */
export function inspectionListWhere(viewer: Viewer, args: InspectionFilter): Prisma.InspectionWhereInput {
  return {
    process: processWhere(viewer),
    ...(args.processIds?.length ? { processId: { in: parseIds(args.processIds, "Process", "processIds") } } : {}),
    ...(args.method ? { method: args.method } : {}),
  };
}
