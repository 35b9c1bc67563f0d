import type { ChartProjection, ChartRule } from "../../components/charts/IndicatorChart";
import type { IndicatorSummary } from "./queries";

/** The THRESHOLD rules the chart shades and marks, with the server's bands. */
export function chartRules(rules: IndicatorSummary["rules"]): ChartRule[] {
  return rules.filter((r) => r.kind === "THRESHOLD");
}

interface ProjectedRule {
  kind: string;
  level: ChartRule["level"];
  enabled: boolean;
  projection: { from: string; fromValue: number; to: string; toValue: number; predictedAt: string | null } | null;
}

/** The projection of the indicator's (first enabled) TREND rule, at that rule's level. */
export function chartProjection(rules: readonly ProjectedRule[]): ChartProjection | null {
  const rule = rules.find((r) => r.kind === "TREND" && r.enabled && r.projection);
  const p = rule?.projection;
  if (!rule || !p) return null;
  return {
    level: rule.level,
    from: [Date.parse(p.from), p.fromValue],
    to: [Date.parse(p.to), p.toValue],
    predictedAt: p.predictedAt ? Date.parse(p.predictedAt) : null,
  };
}
