/** The read side of the indicator catalogue (§4.1): the `indicators` list's `where`, the viewer's read rule joined with the filter. */
import type { Viewer } from "../../context.js";
import type { Prisma } from "../../lib/db.js";
import type { IndicatorKind, IndicatorStatus } from "../../generated/prisma/enums.js";
import { indicatorWhere } from "../access/visibility.js";
import { parseIds } from "../common/ids.js";

type Ids = readonly (string | number)[] | null | undefined;

export interface IndicatorFilter {
  processIds?: Ids;
  unitIds?: Ids;
  kinds?: readonly IndicatorKind[] | null;
  statuses?: readonly IndicatorStatus[] | null;
  search?: string | null;
}

/** The live indicators the viewer may read, filtered. */
export function indicatorListWhere(viewer: Viewer, f: IndicatorFilter | null | undefined): Prisma.IndicatorWhereInput {
  return {
    AND: [
      indicatorWhere(viewer),
      {
        archivedAt: null,
        ...(f?.processIds?.length ? { processId: { in: parseIds(f.processIds, "Process", "filter.processIds") } } : {}),
        ...(f?.unitIds?.length ? { process: { ownerUnitId: { in: parseIds(f.unitIds, "OrgUnit", "filter.unitIds") } } } : {}),
        ...(f?.kinds?.length ? { kind: { in: [...f.kinds] } } : {}),
        ...(f?.statuses?.length ? { status: { in: [...f.statuses] } } : {}),
        ...(f?.search
          ? { OR: [{ code: { contains: f.search, mode: "insensitive" } }, { name: { contains: f.search } }, { nameEn: { contains: f.search, mode: "insensitive" } }] }
          : {}),
      },
    ],
  };
}
