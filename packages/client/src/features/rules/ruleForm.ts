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

/** The preview's input over the last `days` days; null while a comparing rule has no threshold yet. */
export function previewInput(indicatorId: string, f: RuleForm, days: number, now: number): PreviewInput | null {
  const fields = ruleFields(f);
  if (f.kind !== "NO_DATA" && fields.value == null) return null;
  return { indicatorId, kind: f.kind, ...fields, from: new Date(now - days * 86_400_000).toISOString(), to: new Date(now).toISOString() };
}
