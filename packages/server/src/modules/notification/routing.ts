/**
 * Routing (§6.2.2, as Alertmanager routes): which policies an alert event matches, when its
 * message is due (group wait, group interval), and which warnings a critical alert inhibits.
 * Pure functions of their inputs and `now`, so a test drives them with a fake clock.
 */

/** The event types that are worth a message; acknowledgements and assignments are not. */
export const NOTIFIED_EVENT_TYPES = new Set(["FIRED", "REFIRED", "ESCALATED", "RESOLVED"]);

/** What a policy's matchers look at. */
export interface RoutedEvent {
  eventId: string;
  alertId: string;
  type: string;
  level: string;
  source: string;
  indicatorId: string | null;
  processId: string | null;
  unitId: string;
  riskCategory: string | null;
  silenced: boolean;
}

export interface PolicyMatchers {
  levels: string[];
  sources: string[];
  processIds: string[];
  unitIds: string[];
  riskCategories: string[];
}

export interface RoutingPolicy extends PolicyMatchers {
  id: string;
  contactPointId: string;
  groupBy: string[];
  groupWaitSeconds: number;
  groupIntervalSeconds: number;
  repeatIntervalSeconds: number;
}

/** The labels `groupBy` may name. */
export const GROUP_LABELS = ["alert", "level", "source", "process", "unit", "indicator", "riskCategory"] as const;
export type GroupLabel = (typeof GROUP_LABELS)[number];

/** An empty matcher list matches everything; otherwise the event's value must be listed. */
export function matches(policy: PolicyMatchers, e: RoutedEvent): boolean {
  const one = (list: string[], value: string | null) => list.length === 0 || (value != null && list.includes(value));
  return (
    one(policy.levels, e.level) &&
    one(policy.sources, e.source) &&
    one(policy.processIds, e.processId) &&
    one(policy.unitIds, e.unitId) &&
    one(policy.riskCategories, e.riskCategory)
  );
}

/** The group an event falls in under a policy: its values of the `groupBy` labels. No labels: one group per alert. */
export function groupKey(groupBy: string[], e: RoutedEvent): string {
  const labels = groupBy.length > 0 ? groupBy : ["alert"];
  const value: Record<GroupLabel, string | null> = {
    alert: e.alertId,
    level: e.level,
    source: e.source,
    process: e.processId,
    unit: e.unitId,
    indicator: e.indicatorId,
    riskCategory: e.riskCategory,
  };
  return labels.map((l) => `${l}=${value[l as GroupLabel] ?? ""}`).join(",");
}

/** What is known of a group when a new event joins it. */
export interface GroupState {
  /** A message of the group still waiting to be sent: the new event joins it. */
  pendingAt: Date | null;
  /** When the group's last message was sent. */
  lastSentAt: Date | null;
}

/**
 * When a new event's message is due: with a message of its group still waiting, together with
 * it; a group's first message after `groupWait`; later ones no sooner than `groupInterval` after
 * the group's last message.
 */
export function dueAt(policy: Pick<RoutingPolicy, "groupWaitSeconds" | "groupIntervalSeconds">, group: GroupState, now: Date): Date {
  if (group.pendingAt) return group.pendingAt;
  if (group.lastSentAt) {
    const next = group.lastSentAt.getTime() + policy.groupIntervalSeconds * 1000;
    return new Date(Math.max(now.getTime(), next));
  }
  return new Date(now.getTime() + policy.groupWaitSeconds * 1000);
}

/**
 * Inhibition: a WARNING event of an indicator that has a firing CRITICAL alert (another rule's)
 * is not routed; the critical one speaks for the indicator.
 */
export function inhibited(e: RoutedEvent, criticalIndicators: Set<string>, criticalAlertIds: Set<string>): boolean {
  return e.level === "WARNING" && e.indicatorId != null && criticalIndicators.has(e.indicatorId) && !criticalAlertIds.has(e.alertId);
}

/** Whether a still-firing alert's message is to be repeated now: `repeatInterval` after the last one. */
export function repeatDue(lastSentAt: Date, repeatIntervalSeconds: number, now: Date): boolean {
  return repeatIntervalSeconds > 0 && now.getTime() - lastSentAt.getTime() >= repeatIntervalSeconds * 1000;
}

/** Retry backoff: 2^(attempts-1) × base, capped. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
}
