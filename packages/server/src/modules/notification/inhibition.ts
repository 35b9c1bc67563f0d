/**
 * Inhibition (§6.2.2, as Alertmanager's): a CRITICAL alert of an indicator suppresses the WARNING
 * of the same indicator. One rule (`inhibited` in `routing.ts`) decides it for routing, for the
 * alert list and wall (`Alert.inhibitedBy`, `wallAlerts(inhibited:)`) and for the feed
 * (`AlertEvent.inhibited`, the decision routing recorded on the event); the inhibiting alerts are
 * loaded here, one way for all of them.
 */
import DataLoader from "dataloader";
import { Prisma, type PrismaClient, type Tx } from "../../lib/db.js";
import type { Sql } from "../../lib/sql.js";
import { inhibited } from "./routing.js";

/** The states in which a CRITICAL alert inhibits: open (acknowledging it does not end inhibition). */
export const INHIBITING_STATES = ["FIRING", "ACKNOWLEDGED"] as const;

/** The CRITICAL alerts that inhibit now: the open ones. */
const OPEN_CRITICAL: Prisma.AlertWhereInput = { level: "CRITICAL", state: { in: [...INHIBITING_STATES] } };

export interface Inhibitors {
  /** Indicators with an inhibiting CRITICAL alert. */
  indicators: Set<string>;
  /** The inhibiting alerts' ids. */
  alerts: Set<string>;
  /** The (oldest) inhibiting alert of each indicator. */
  byIndicator: Map<string, string>;
}

/** The inhibitors among open CRITICAL alerts given oldest first. */
export function inhibitorsFrom(rows: { id: string; indicatorId: string | null }[]): Inhibitors {
  const byIndicator = new Map<string, string>();
  for (const r of rows) if (r.indicatorId && !byIndicator.has(r.indicatorId)) byIndicator.set(r.indicatorId, r.id);
  return { indicators: new Set(byIndicator.keys()), alerts: new Set(rows.map((r) => r.id)), byIndicator };
}

const CRITICAL_SELECT = { id: true, indicatorId: true } as const;
const OLDEST_FIRST = [{ startedAt: "asc" as const }, { id: "asc" as const }];

/** The open CRITICAL alerts of these indicators (what inhibits their warnings now). */
export async function inhibitingCriticals(db: PrismaClient | Tx, indicatorIds: string[]): Promise<Inhibitors> {
  const ids = [...new Set(indicatorIds)];
  if (ids.length === 0) return inhibitorsFrom([]);
  return inhibitorsFrom(await db.alert.findMany({ where: { indicatorId: { in: ids }, ...OPEN_CRITICAL }, select: CRITICAL_SELECT, orderBy: OLDEST_FIRST }));
}

/** What the rule looks at of an alert or event. */
export interface InhibitionSubject {
  alertId: string;
  level: string;
  indicatorId: string | null;
}

/** The alert that inhibits this one (`inhibited` in routing.ts decides), or null. */
export function inhibitorOf(s: InhibitionSubject, found: Inhibitors): string | null {
  return inhibited({ ...s, eventId: "", type: "", source: "", processId: null, unitId: "", riskCategory: null, silenced: false }, found.indicators, found.alerts)
    ? (found.byIndicator.get(s.indicatorId!) ?? null)
    : null;
}

/**
 * `wallAlerts(inhibited:)`: the same rule as a `where` over the open alerts now: an open
 * WARNING of an indicator that has an open CRITICAL is inhibited.
 */
export function inhibitedWhere(value: boolean): Prisma.AlertWhereInput {
  const rule: Prisma.AlertWhereInput = { level: "WARNING", state: { not: "RESOLVED" }, indicator: { alerts: { some: OPEN_CRITICAL } } };
  return value ? rule : { NOT: rule };
}

/** Records routing's decision on the events it inhibited, in the caller's transaction (one statement). */
export async function markInhibited(sql: Sql, inhibitedBy: Map<string, string | null>): Promise<void> {
  const marked = [...inhibitedBy].filter((e): e is [string, string] => e[1] !== null);
  if (marked.length === 0) return;
  await sql(Prisma.sql`
    UPDATE alert_event AS e SET inhibited_by_id = u.by
    FROM unnest(${marked.map(([id]) => id)}::text[], ${marked.map(([, by]) => by)}::text[]) AS u(id, by)
    WHERE e.id = u.id::bigint`);
}

export type InhibitionKey = InhibitionSubject & { open: boolean };

/**
 * Per-request batching of `Alert.inhibitedBy`: each open WARNING to the open CRITICAL that
 * inhibits it now, in one query per batch; nothing cached (subscriptions live long).
 */
export function inhibitionLoader(prisma: PrismaClient) {
  return new DataLoader<InhibitionKey, string | null>(
    async (keys) => {
      const asked = keys.filter((k) => k.open && k.level === "WARNING" && k.indicatorId);
      const found = await inhibitingCriticals(
        prisma,
        asked.map((k) => k.indicatorId!),
      );
      return keys.map((k) => (k.open ? inhibitorOf(k, found) : null));
    },
    { cache: false },
  );
}
