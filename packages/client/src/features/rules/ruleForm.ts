import { enumValues, type Enum } from "../../app/graphql";
import type { PreviewInput, SavedRule } from "./queries";

export const RULE_KINDS = enumValues<"RuleKind">({ THRESHOLD: true, NO_DATA: true, TREND: true });
export const LEVELS = enumValues<"AlertLevel">({ WARNING: true, CRITICAL: true });
export type Comparator = Enum<"Comparator">;
export type RuleKind = (typeof RULE_KINDS)[number];

/** The rule form as typed: numbers stay strings until sent, so a half-typed value is not lost. */
export interface RuleForm {
  /** The rule being edited; null for a new one. */
  id: string | null;
  kind: RuleKind;
  level: (typeof LEVELS)[number];
  comparator: Comparator;
  value: string;
  upperValue: string;
  clearValue: string;
  clearUpperValue: string;
  consecutive: string;
  pendingMinutes: string;
  keepFiringMinutes: string;
  noDataFactor: string;
  trendWindow: string;
  trendHorizonMinutes: string;
  enabled: boolean;
}

/** A new rule, comparing on the bad side of the indicator's direction: the first of the comparators the server allows it. */
export function emptyRule(comparators: readonly Comparator[]): RuleForm {
  return {
    id: null,
    kind: "THRESHOLD",
    level: "WARNING",
    comparator: comparators[0] ?? "ABOVE",
    value: "",
    upperValue: "",
    clearValue: "",
    clearUpperValue: "",
    consecutive: "1",
    pendingMinutes: "0",
    keepFiringMinutes: "0",
    noDataFactor: "2",
    trendWindow: "10",
    trendHorizonMinutes: "60",
    enabled: true,
  };
}

const text = (v: number | null | undefined) => (v == null ? "" : String(v));

/** A saved rule in the form. */
export function formOf(rule: SavedRule): RuleForm {
  return {
    id: rule.id,
    kind: rule.kind,
    level: rule.level,
    comparator: rule.comparator ?? "ABOVE",
    value: text(rule.value),
    upperValue: text(rule.upperValue),
    clearValue: text(rule.clearValue),
    clearUpperValue: text(rule.clearUpperValue),
    consecutive: String(rule.consecutive),
    pendingMinutes: String(rule.pendingMinutes),
    keepFiringMinutes: String(rule.keepFiringMinutes),
    noDataFactor: String(rule.noDataFactor),
    trendWindow: text(rule.trendWindow),
    trendHorizonMinutes: text(rule.trendHorizonMinutes),
    enabled: rule.enabled,
  };
}

const num = (s: string): number | null => (s.trim() === "" || !Number.isFinite(Number(s)) ? null : Number(s));
const int = (s: string, fallback: number): number => num(s) ?? fallback;

/** The rule's fields as the API takes them (create, update and preview share them). */
export function ruleFields(f: RuleForm) {
  const compares = f.kind !== "NO_DATA";
  const band = compares && f.comparator === "OUTSIDE";
  return {
    level: f.level,
    comparator: compares ? f.comparator : null,
    value: compares ? num(f.value) : null,
    upperValue: band ? num(f.upperValue) : null,
    clearValue: compares ? num(f.clearValue) : null,
    clearUpperValue: band ? num(f.clearUpperValue) : null,
    consecutive: int(f.consecutive, 1),
    pendingMinutes: int(f.pendingMinutes, 0),
    keepFiringMinutes: int(f.keepFiringMinutes, 0),
    noDataFactor: num(f.noDataFactor) ?? 2,
    trendWindow: f.kind === "TREND" ? num(f.trendWindow) : null,
    trendHorizonMinutes: f.kind === "TREND" ? num(f.trendHorizonMinutes) : null,
  };
}

/** The preview's range: the last `days` days, or a chosen span of calendar days (`yyyy-mm-dd`, both included). */
export type PreviewRange = { days: number } | { from: string; to: string };

/** The range as instants; null for a chosen range that is incomplete or ends before it starts. */
export function rangeBounds(range: PreviewRange, now: number): { from: string; to: string } | null {
  if ("days" in range) return { from: new Date(now - range.days * 86_400_000).toISOString(), to: new Date(now).toISOString() };
  // Local calendar days, as the date inputs show them: from the first day's midnight to the end of the last.
  const from = new Date(`${range.from}T00:00:00`);
  const to = new Date(`${range.to}T00:00:00`);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to < from) return null;
  to.setDate(to.getDate() + 1);
  return { from: from.toISOString(), to: new Date(Math.min(to.getTime(), now)).toISOString() };
}

/** The preview's input over the range; null while a comparing rule has no threshold yet or the range is incomplete. */
export function previewInput(indicatorId: string, f: RuleForm, range: PreviewRange, now: number): PreviewInput | null {
  const fields = ruleFields(f);
  const bounds = rangeBounds(range, now);
  if ((f.kind !== "NO_DATA" && fields.value == null) || !bounds || bounds.from >= bounds.to) return null;
  return { indicatorId, kind: f.kind, ...fields, ...bounds };
}
