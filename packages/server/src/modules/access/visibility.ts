import type { Classification, Role } from "../../generated/prisma/enums.js";
import type { Viewer } from "../../context.js";
import type { Prisma } from "../../lib/db.js";

/**
 * Row-level read rules (§6.4, §2): who sees which processes, risks and records.
 *
 * - MANAGEMENT sees everything, SECRET included.
 * - PROCESS_OFFICE sees every unit, up to CONFIDENTIAL (it inspects all units, §2.3.2).
 * - ANALYST and ADMIN see every unit, PUBLIC and INTERNAL only.
 * - A DISPLAY token (a wall screen) sees every unit, PUBLIC and INTERNAL only.
 * - DEPARTMENT_HEAD sees the own unit's records up to CONFIDENTIAL, and PUBLIC ones (§2.2).
 * - EMPLOYEE sees the own unit's INTERNAL and PUBLIC records, and PUBLIC ones (§2.4.1).
 * A person with several roles gets the widest of them.
 */
export interface ReadScope {
  /** null: every unit; otherwise only this unit's records (plus PUBLIC ones). */
  unitId: string | null;
  /** Classifications readable in scope. */
  classifications: Classification[];
}

const ORDER: Classification[] = ["PUBLIC", "INTERNAL", "CONFIDENTIAL", "SECRET"];
const upTo = (c: Classification) => ORDER.slice(0, ORDER.indexOf(c) + 1);

const ROLE_SCOPE: Record<Role, { all: boolean; max: Classification }> = {
  MANAGEMENT: { all: true, max: "SECRET" },
  PROCESS_OFFICE: { all: true, max: "CONFIDENTIAL" },
  ANALYST: { all: true, max: "INTERNAL" },
  ADMIN: { all: true, max: "INTERNAL" },
  DEPARTMENT_HEAD: { all: false, max: "CONFIDENTIAL" },
  EMPLOYEE: { all: false, max: "INTERNAL" },
};

/** The read scope of a viewer; an anonymous viewer or an INGEST token reads nothing. */
export function readScope(viewer: Viewer): ReadScope | null {
  if (viewer.kind === "token") {
    return viewer.token.kind === "DISPLAY" ? { unitId: null, classifications: upTo("INTERNAL") } : null;
  }
  if (viewer.kind !== "user" || viewer.user.roles.length === 0) return null;
  const scopes = viewer.user.roles.map((r) => ROLE_SCOPE[r]);
  const wide = scopes.filter((s) => s.all);
  const used = wide.length > 0 ? wide : scopes;
  const max = used.reduce<Classification>((m, s) => (ORDER.indexOf(s.max) > ORDER.indexOf(m) ? s.max : m), "PUBLIC");
  return { unitId: wide.length > 0 ? null : viewer.user.unitId, classifications: upTo(max) };
}

const NOTHING = { id: { in: [] as string[] } };

/**
 * The common shape of every classified table's read rule: company-wide viewers by classification;
 * unit-scoped viewers PUBLIC rows, and rows of their unit (`inUnit`) up to their classification.
 */
function classified<W>(viewer: Viewer, inUnit: (unitId: string) => W[]): W | typeof NOTHING {
  const scope = readScope(viewer);
  if (!scope) return NOTHING;
  if (!scope.unitId) return { classification: { in: scope.classifications } } as W;
  return { OR: [{ classification: "PUBLIC" }, { classification: { in: scope.classifications }, OR: inUnit(scope.unitId) }] } as W;
}

/** Processes the viewer may read: owned by the unit, or with a step the unit is responsible for. */
export function processWhere(viewer: Viewer): Prisma.ProcessWhereInput {
  return classified<Prisma.ProcessWhereInput>(viewer, (unitId) => [{ ownerUnitId: unitId }, { steps: { some: { responsibleUnitId: unitId } } }]);
}

/** Risks the viewer may read: by the risk's own classification, owner unit and processes. */
export function riskWhere(viewer: Viewer): Prisma.RiskWhereInput {
  return classified<Prisma.RiskWhereInput>(viewer, (unitId) => [{ ownerUnitId: unitId }, { processes: { some: { ownerUnitId: unitId } } }]);
}

/** Information records the viewer may read (§6.1.2, §6.2.1 sharing by unit). */
export function recordWhere(viewer: Viewer): Prisma.InformationRecordWhereInput {
  return classified<Prisma.InformationRecordWhereInput>(viewer, (unitId) => [{ ownerUnitId: unitId }, { sharedWith: { some: { id: unitId } } }]);
}

/** Indicators (and so readings, rules, alerts) follow their process. */
export function indicatorWhere(viewer: Viewer): Prisma.IndicatorWhereInput {
  return { process: processWhere(viewer) };
}

/**
 * A threshold rule's alert follows its indicator; a condition's alert (an overdue plan or
 * action, a risk without a plan) its process or risk, and an overdue action's alert is also
 * readable by the action's owner unit, which answers for it (§4.4.2).
 */
export function alertWhere(viewer: Viewer): Prisma.AlertWhereInput {
  return {
    OR: [
      { indicator: indicatorWhere(viewer) },
      { indicatorId: null, process: processWhere(viewer) },
      { indicatorId: null, risk: riskWhere(viewer) },
      { indicatorId: null, action: actionWhere(viewer) },
    ],
  };
}

/** Classification-only cap (no unit scope): what a viewer's limit lets through. */
function withinLimit(viewer: Viewer): { classification: { in: Classification[] } } {
  return { classification: { in: readScope(viewer)?.classifications ?? [] } };
}

/**
 * An action follows its parent (its process, an evaluation's or a finding's process, a review's risk); the
 * owner unit also sees it when the parent's classification is within its limit (§4.3.3, §4.4.2).
 */
export function actionWhere(viewer: Viewer): Prisma.ActionWhereInput {
  const scope = readScope(viewer);
  if (!scope) return NOTHING;
  const parent = (p: Prisma.ProcessWhereInput, r: Prisma.RiskWhereInput): Prisma.ActionWhereInput[] => [
    { process: p },
    { evaluation: { process: p } },
    { finding: { inspection: { process: p } } },
    { review: { incident: { risk: r } } },
  ];
  // An action with no parent is an INTERNAL matter of its owner unit.
  const parentless: Prisma.ActionWhereInput = { processId: null, evaluationId: null, findingId: null, reviewId: null };
  const visible = parent(processWhere(viewer), riskWhere(viewer));
  if (viewer.kind !== "user" || !scope.unitId) return { OR: [...visible, ...(scope.classifications.includes("INTERNAL") ? [parentless] : [])] };
  const limit = withinLimit(viewer);
  return { OR: [...visible, { ownerUnitId: viewer.user.unitId, OR: [...parent(limit, limit), parentless] }] };
}

/** A silence is readable when every target it names (indicator, process) is readable. */
export function silenceWhere(viewer: Viewer): Prisma.SilenceWhereInput {
  return { AND: [{ OR: [{ indicatorId: null }, { indicator: indicatorWhere(viewer) }] }, { OR: [{ processId: null }, { process: processWhere(viewer) }] }] };
}

/** Feedback (§2.4.3): its author, the unit it was sent to, the process office, management; never past a hidden process. */
export function feedbackWhere(viewer: Viewer): Prisma.FeedbackWhereInput {
  if (viewer.kind !== "user") return NOTHING;
  const v = viewer.user;
  if (v.roles.includes("MANAGEMENT")) return {};
  // §2.4.3: feedback goes to the owning unit's head and the process office, which answers it too.
  if (v.roles.includes("PROCESS_OFFICE")) return { OR: [{ authorId: v.id }, { processId: null }, { process: processWhere(viewer) }] };
  return { OR: [{ authorId: v.id }, { recipientUnitId: v.unitId, OR: [{ processId: null }, { process: processWhere(viewer) }] }] };
}

/** Saved queries (issue 14): the author's own, the author's unit's UNIT ones, every COMPANY one; people only. */
export function savedQueryWhere(viewer: Viewer): Prisma.SavedQueryWhereInput {
  if (viewer.kind !== "user") return NOTHING;
  const v = viewer.user;
  return { OR: [{ authorId: v.id }, { sharing: "COMPANY" }, { sharing: "UNIT", author: { unitId: v.unitId } }] };
}

/** The viewer's own notifications and the own unit's broadcasts; none about a hidden alert. */
export function notificationWhere(viewer: Viewer): Prisma.NotificationWhereInput {
  if (viewer.kind !== "user") return NOTHING;
  const v = viewer.user;
  return { OR: [{ userId: v.id }, { unitId: v.unitId, userId: null }], AND: [{ OR: [{ alertId: null }, { alert: alertWhere(viewer) }] }] };
}

/** Machine tokens: administrators read all; a token reads itself. */
export function apiTokenWhere(viewer: Viewer): Prisma.ApiTokenWhereInput {
  if (viewer.kind === "token") return { id: viewer.token.id };
  return hasRole(viewer, "ADMIN") ? {} : NOTHING;
}

/** The org tree and its people are readable by every reader (a person or a wall screen). */
export function everyReader(viewer: Viewer): { id?: { in: string[] } } {
  return readScope(viewer) ? {} : NOTHING;
}

/** The highest classification the viewer may read; null for a viewer who reads nothing. */
export function readLimit(viewer: Viewer): Classification | null {
  const c = readScope(viewer)?.classifications;
  return c?.length ? c[c.length - 1] : null;
}

/**
 * §6.4: nobody sets a classification above the own read limit (management sets SECRET, the
 * process office and department heads up to CONFIDENTIAL). Returns null when allowed.
 */
export function whyCannotClassify(viewer: Viewer, classification: Classification | undefined): string | null {
  if (!classification) return null;
  const limit = readLimit(viewer);
  if (limit && ORDER.indexOf(classification) <= ORDER.indexOf(limit)) return null;
  return `You may not classify above ${limit ?? "nothing"}, your own read limit (§6.4).`;
}

/** True when the viewer holds any of the roles. */
export function hasRole(viewer: Viewer, ...roles: Role[]): boolean {
  return viewer.kind === "user" && viewer.user.roles.some((r) => roles.includes(r));
}
