/**
 * The alert state changes of one batch (issue 9 item 2): what the evaluation decided, buffered in
 * memory and written by batch-store.ts `writeBatch` afterwards. A flapping series costs nothing
 * more than a steady one: an alert opened and resolved inside the batch is inserted once, already
 * resolved. `IndicatorAlerts` is one indicator's view: its open alerts, and fire / resolve / keep
 * with the escalation events they imply (§5.3.2).
 */
import { randomBytes } from "node:crypto";
import { levelRank, maxLevel, statusFromOpenAlerts, type AlertLevel, type IndicatorStatus, type RuleKind } from "../rules.js";
import type { AlertPatch, NewAlert, OpenAlertRecord, RuleStateUpdate } from "./batch-store.js";
import type { AlertContext, PendingEvent } from "./events.js";
import type { LockedRule } from "./store.js";

export type PendingWithContext = PendingEvent & { ctx: AlertContext };
export type OpenAlertRow = { id: string; ruleId: string; level: AlertLevel; state: "FIRING" | "ACKNOWLEDGED" | "RESOLVED" };

let idCounter = 0;
const fingerprint = randomBytes(2).toString("hex").slice(0, 4);

/**
 * A collision-resistant id in the shape of Prisma's `cuid()` (c + time + counter + host print +
 * random, base 36), made here so new alerts can be written in one INSERT.
 */
export function newAlertId(): string {
  const time = Date.now().toString(36).padStart(8, "0").slice(-8);
  idCounter = (idCounter + 1) % 36 ** 4;
  const counter = idCounter.toString(36).padStart(4, "0");
  const random = BigInt(`0x${randomBytes(6).toString("hex")}`)
    .toString(36)
    .padStart(8, "0")
    .slice(-8);
  return `c${time}${counter}${fingerprint}${random}`;
}

/** The buffered writes of a whole batch. */
export class BatchChanges {
  readonly ruleUpdates: RuleStateUpdate[] = [];
  /** Alerts opened by the batch (possibly resolved in it too). */
  readonly created = new Map<string, NewAlert>();
  /** Changes to alerts that existed before the batch. */
  readonly updated = new Map<string, AlertPatch>();
  /** Rules whose alert open before the batch resolved in it (their `open_rule_id` is freed). */
  readonly freedRuleIds = new Set<string>();
  /** The events, in the order they happened. */
  readonly pending: PendingWithContext[] = [];

  change(alertId: string, data: AlertPatch): void {
    const fresh = this.created.get(alertId);
    if (fresh) Object.assign(fresh, data);
    else this.updated.set(alertId, { ...this.updated.get(alertId), ...data });
  }
}

/** One indicator's open alerts during the evaluation of a batch, and the changes to them. */
export class IndicatorAlerts {
  private readonly openByRule: Map<string, OpenAlertRow>;
  /** Every open alert of the indicator (what its status is computed from). */
  private readonly openAlerts: Map<string, { level: AlertLevel; ruleKind: RuleKind }>;
  private readonly kindOf: Map<string, RuleKind>;

  constructor(
    private readonly batch: BatchChanges,
    private readonly ctx: AlertContext & { indicatorId: string },
    rules: LockedRule[],
    openRows: OpenAlertRecord[],
    /** Whether a silence is active on the indicator or its process: new alerts are marked silenced. */
    private readonly silenced: boolean,
    private readonly now: Date,
  ) {
    this.kindOf = new Map(rules.map((r) => [r.id, r.kind]));
    this.openByRule = new Map(openRows.map((a) => [a.ruleId, { id: a.id, ruleId: a.ruleId, level: a.level, state: a.state }]));
    this.openAlerts = new Map(openRows.map((a) => [a.id, { level: a.level, ruleKind: a.ruleKind }]));
  }

  /** The rule's open alert, if any. */
  openOf(ruleId: string): OpenAlertRow | undefined {
    return this.openByRule.get(ruleId);
  }

  /** The indicator's status from its open alerts. */
  status(): IndicatorStatus {
    return statusFromOpenAlerts([...this.openAlerts.values()]);
  }

  /** An existing alert stays open; its value (and last firing time) move. */
  keep(alertId: string, data: AlertPatch): void {
    this.batch.change(alertId, data);
  }

  private push(e: PendingEvent): void {
    this.batch.pending.push({ ...e, at: e.at ?? this.now, ctx: this.ctx });
  }

  /** Open alerts of value rules (THRESHOLD / TREND) other than `exceptRuleId`. */
  private otherValueAlerts(exceptRuleId: string): OpenAlertRow[] {
    return [...this.openByRule.values()].filter((a) => a.ruleId !== exceptRuleId && this.kindOf.get(a.ruleId) !== "NO_DATA");
  }

  fire(rule: LockedRule, value: number, observedAt: Date, message: string, predictedAt: Date | null = null): void {
    const before = maxLevel(this.otherValueAlerts(rule.id).map((a) => a.level));
    const alert: OpenAlertRow = { id: newAlertId(), ruleId: rule.id, level: rule.level, state: "FIRING" };
    this.batch.created.set(alert.id, {
      id: alert.id,
      ruleId: rule.id,
      openRuleId: rule.id,
      indicatorId: this.ctx.indicatorId,
      level: rule.level,
      state: "FIRING",
      value,
      message,
      predictedAt,
      silenced: this.silenced,
      startedAt: observedAt,
      lastFiredAt: observedAt,
    });
    this.push({ alertId: alert.id, type: "FIRED", level: alert.level, state: "FIRING", value, note: message });
    // Escalation: the indicator's highest open level went up; the lower alerts hear of it. The
    // event keeps its own alert's level (an event's level is always its alert's): the higher level
    // is the new alert's FIRED event, and the note names it.
    if (before && levelRank(alert.level) > levelRank(before)) {
      for (const other of this.otherValueAlerts(rule.id)) {
        if (levelRank(other.level) < levelRank(alert.level)) {
          this.push({ alertId: other.id, type: "ESCALATED", level: other.level, state: other.state, value, note: `Escalated to ${alert.level}: alert ${alert.id} fired.` });
        }
      }
    }
    this.openByRule.set(rule.id, alert);
    this.openAlerts.set(alert.id, { level: alert.level, ruleKind: rule.kind });
  }

  resolve(rule: LockedRule, alert: OpenAlertRow, value: number | null, at: Date, note: string): void {
    this.batch.change(alert.id, { state: "RESOLVED", openRuleId: null, resolvedAt: at, ...(value !== null ? { value } : {}) });
    if (!this.batch.created.has(alert.id)) this.batch.freedRuleIds.add(rule.id);
    this.openByRule.delete(rule.id);
    this.openAlerts.delete(alert.id);
    this.push({ alertId: alert.id, type: "RESOLVED", level: alert.level, state: "RESOLVED", value, note });
    if (this.kindOf.get(rule.id) === "NO_DATA") return;
    const remaining = this.otherValueAlerts(rule.id);
    const after = maxLevel(remaining.map((a) => a.level));
    if (after && levelRank(after) < levelRank(alert.level)) {
      for (const other of remaining) {
        this.push({
          alertId: other.id,
          type: "DEESCALATED",
          level: other.level,
          state: other.state,
          value,
          note: `De-escalated to ${after}: ${alert.level} alert ${alert.id} resolved.`,
        });
      }
    }
  }
}
