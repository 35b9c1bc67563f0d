import type { ChartProjection, ChartRule } from "../../components/charts/IndicatorChart";
import type { ResultOf } from "../../app/graphql";
import type { IndicatorSummary, PROJECTION_QUERY } from "./queries";

/** The THRESHOLD rules the chart shades and marks, with the server's bands. */
export function chartRules(rules: IndicatorSummary["rules"]): ChartRule[] {
  return rules.filter((r) => r.kind === "THRESHOLD");
}

/** The rules as the series query returns them, with the server's projections. */
type ProjectedRule = Extract<NonNullable<ResultOf<typeof PROJECTION_QUERY>["node"]>, { __typename: "Indicator" }>["rules"][number];

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
