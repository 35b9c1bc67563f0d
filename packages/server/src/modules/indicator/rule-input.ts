import { z } from "zod";
import type { AlertLevel, Comparator, RuleKind, RuleSpec } from "../alerting/rules.js";
import { int, MEASURE, MINUTES } from "../common/validation.js";

/**
 * One validation per rule field, for create, update and the preview alike: a rule the preview
 * evaluates is one that could be saved (issue 14 item 6).
 */
export const RULE_FIELD = {
  value: MEASURE,
  consecutive: int(1, 1000),
  minutes: MINUTES,
  noDataFactor: { schema: MEASURE.schema.pipe(z.number().min(1, "must be from 1 to 100").max(100, "must be from 1 to 100")) },
  trendWindow: int(3, 10_000),
};

/** The rule fields of a create or preview input, as GraphQL gives them (absent or null when not sent). */
export interface RuleSpecInput {
  kind: RuleKind;
  level: AlertLevel;
  comparator?: Comparator | null;
  value?: number | null;
  upperValue?: number | null;
  clearValue?: number | null;
  clearUpperValue?: number | null;
  consecutive?: number | null;
  pendingMinutes?: number | null;
  keepFiringMinutes?: number | null;
  noDataFactor?: number | null;
  trendWindow?: number | null;
  trendHorizonMinutes?: number | null;
}

/** A rule's evaluated fields from an input, with the stored row's defaults: what saving stores and what a preview evaluates. */
export function ruleSpecOf(input: RuleSpecInput): RuleSpec {
  return {
    kind: input.kind,
    level: input.level,
    comparator: input.comparator ?? null,
    value: input.value ?? null,
    upperValue: input.upperValue ?? null,
    clearValue: input.clearValue ?? null,
    clearUpperValue: input.clearUpperValue ?? null,
    consecutive: input.consecutive ?? 1,
    pendingMinutes: input.pendingMinutes ?? 0,
    keepFiringMinutes: input.keepFiringMinutes ?? 0,
    noDataFactor: input.noDataFactor ?? 2,
    trendWindow: input.trendWindow ?? null,
    trendHorizonMinutes: input.trendHorizonMinutes ?? null,
  };
}
