/** The read side of warnings (§5.3.2): the `alerts` list's `where`, the viewer's read rule joined with the filter. */
import type { Viewer } from "../../context.js";
import type { Prisma } from "../../lib/db.js";
import type { AlertLevel, AlertSource, AlertState } from "../../generated/prisma/enums.js";
import { alertWhere } from "../access/visibility.js";
import { parseIds } from "../common/ids.js";
import { timeFilter } from "../common/input.js";
import { subjectFilterWhere } from "./subjects.js";

type Ids = readonly (string | number)[] | null | undefined;

export interface AlertFilter {
  states?: readonly AlertState[] | null;
  levels?: readonly AlertLevel[] | null;
  processIds?: Ids;
  unitIds?: Ids;
  indicatorIds?: Ids;
  sources?: readonly AlertSource[] | null;
  startedAt?: { from?: Date | null; to?: Date | null } | null;
  assignedToMe?: boolean | null;
}

/** The alerts the viewer may read, filtered; by default the open ones (FIRING and ACKNOWLEDGED). */
export function alertListWhere(viewer: Viewer, f: AlertFilter | null | undefined): Prisma.AlertWhereInput {
  const viewerUserId = viewer.kind === "user" ? viewer.user.id : null;
  return {
    AND: [
      alertWhere(viewer),
      {
        state: { in: f?.states?.length ? [...f.states] : ["FIRING", "ACKNOWLEDGED"] },
        ...(f?.levels?.length ? { level: { in: [...f.levels] } } : {}),
        ...(f?.indicatorIds?.length ? { indicatorId: { in: parseIds(f.indicatorIds, "Indicator", "filter.indicatorIds") } } : {}),
        ...(f?.sources?.length ? { source: { in: [...f.sources] } } : {}),
        // A condition's alert has no indicator: it is placed by its subject (subjects.ts).
        ...subjectFilterWhere({
          processIds: f?.processIds?.length ? parseIds(f.processIds, "Process", "filter.processIds") : null,
          unitIds: f?.unitIds?.length ? parseIds(f.unitIds, "OrgUnit", "filter.unitIds") : null,
        }),
        ...(f?.startedAt ? { startedAt: timeFilter(f.startedAt) } : {}),
        ...(f?.assignedToMe ? { assigneeId: viewerUserId ?? "-" } : {}),
      },
    ],
  };
}
