/**
 * The read side of evaluations and actions (§4.3, §4.4): the `where` of each list, the viewer's
 * read rule (`access/visibility.ts`) joined with the caller's filter.
 */
import type { Viewer } from "../../context.js";
import type { Prisma } from "../../lib/db.js";
import type { ActionKind, ActionStatus, EvaluationStatus, Grade } from "../../generated/prisma/enums.js";
import { actionWhere, processWhere } from "../access/visibility.js";
import { parseIds } from "../common/ids.js";

type Ids = readonly (string | number)[] | null | undefined;

export interface EvaluationFilter {
  processIds?: Ids;
  grades?: readonly Grade[] | null;
  period?: string | null;
  statuses?: readonly EvaluationStatus[] | null;
}

export interface ActionFilter {
  kinds?: readonly ActionKind[] | null;
  statuses?: readonly ActionStatus[] | null;
  unitIds?: Ids;
  processIds?: Ids;
  overdue?: boolean | null;
}

/** The evaluations of the processes the viewer may read; by default DRAFT and FINAL only. */
export function evaluationListWhere(viewer: Viewer, f: EvaluationFilter | null | undefined): Prisma.EvaluationWhereInput {
  return {
    AND: [
      { process: processWhere(viewer) },
      {
        ...(f?.processIds?.length ? { processId: { in: parseIds(f.processIds, "Process", "filter.processIds") } } : {}),
        ...(f?.grades?.length ? { grade: { in: [...f.grades] } } : {}),
        ...(f?.period ? { period: f.period } : {}),
        status: { in: f?.statuses?.length ? [...f.statuses] : ["DRAFT", "FINAL"] },
      },
    ],
  };
}

/** The actions the viewer may read, filtered; `overdue` is past the deadline and not done. */
export function actionListWhere(viewer: Viewer, f: ActionFilter | null | undefined): Prisma.ActionWhereInput {
  return {
    AND: [
      actionWhere(viewer),
      {
        ...(f?.kinds?.length ? { kind: { in: [...f.kinds] } } : {}),
        ...(f?.statuses?.length ? { status: { in: [...f.statuses] } } : {}),
        ...(f?.unitIds?.length ? { ownerUnitId: { in: parseIds(f.unitIds, "OrgUnit", "filter.unitIds") } } : {}),
        ...(f?.processIds?.length ? { processId: { in: parseIds(f.processIds, "Process", "filter.processIds") } } : {}),
        ...(f?.overdue ? { deadline: { lt: new Date() }, status: { in: ["OPEN", "IN_PROGRESS"] } } : {}),
      },
    ],
  };
}
