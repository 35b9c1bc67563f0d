import { graphql, type ResultOf, type VariablesOf } from "../../app/graphql";

/** Indicators to choose from, and processes to define a new one on. */
export const RULE_EDITOR_QUERY = graphql(`
  query RuleEditor {
    indicators(first: 200) { edges { node { id code name nameEn } } }
    processes(first: 200) { edges { node { id code name nameEn } } }
  }
`);

/** One indicator with its rules, for the editor. */
export const RULE_INDICATOR_QUERY = graphql(`
  query RuleIndicator($id: ID!) {
    node(id: $id) {
      __typename
      ... on Indicator {
        id code name nameEn unit kind direction comparators target targetLow targetHigh expectedIntervalMinutes
        rules {
          id kind level comparator value upperValue clearValue clearUpperValue consecutive pendingMinutes keepFiringMinutes
          noDataFactor trendWindow trendHorizonMinutes enabled
        }
      }
    }
  }
`);
export type RuleIndicator = Extract<NonNullable<ResultOf<typeof RULE_INDICATOR_QUERY>["node"]>, { __typename: "Indicator" }>;
export type SavedRule = RuleIndicator["rules"][number];

/** The indicator's history, bucketed, for the preview chart. */
export const RULE_HISTORY_QUERY = graphql(`
  query RuleHistory($id: ID!, $from: DateTime!, $to: DateTime!) {
    node(id: $id) { __typename ... on Indicator { id series(from: $from, to: $to, buckets: 500) { start avg min max } } }
  }
`);

/** The would-be firings of a rule over the range, by the engine's own evaluation (issue 14 item 6). */
export const PREVIEW_RULE_QUERY = graphql(`
  query PreviewRule($input: PreviewThresholdRuleInput!) {
    previewThresholdRule(input: $input) { count readings from to firings { startedAt endedAt level value } }
  }
`);
export type PreviewInput = VariablesOf<typeof PREVIEW_RULE_QUERY>["input"];
export type RulePreview = ResultOf<typeof PREVIEW_RULE_QUERY>["previewThresholdRule"];

export const CREATE_RULE = graphql(`
  mutation CreateRule($input: CreateThresholdRuleInput!) { createThresholdRule(input: $input) { id } }
`);

export const UPDATE_RULE = graphql(`
  mutation UpdateRule($input: UpdateThresholdRuleInput!) { updateThresholdRule(input: $input) { changedFields } }
`);

export const CREATE_INDICATOR = graphql(`
  mutation CreateIndicator($input: CreateIndicatorInput!) { createIndicator(input: $input) { id } }
`);

export const UPDATE_INDICATOR = graphql(`
  mutation UpdateIndicator($input: UpdateIndicatorInput!) { updateIndicator(input: $input) { changedFields indicator { id } } }
`);
