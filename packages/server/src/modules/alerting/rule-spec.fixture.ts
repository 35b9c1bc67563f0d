import type { RuleSpec } from "./rules.js";

/** A WARNING rule "above 80, clear at once", for unit tests of rule evaluation; `over` changes any field. */
export const ruleSpec = (over: Partial<RuleSpec> = {}): RuleSpec => ({
  kind: "THRESHOLD",
  level: "WARNING",
  comparator: "ABOVE",
  value: 80,
  upperValue: null,
  clearValue: null,
  clearUpperValue: null,
  consecutive: 1,
  pendingMinutes: 0,
  keepFiringMinutes: 0,
  noDataFactor: 2,
  trendWindow: null,
  trendHorizonMinutes: null,
  ...over,
});
