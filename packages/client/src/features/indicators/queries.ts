import { graphql, type ResultOf } from "../../app/graphql";

/** What an indicator's tile and chart need; the rules carry the server's bands (§5.3.2). */
export const IndicatorFields = graphql(`
  fragment IndicatorFields on Indicator {
    id code name nameEn unit kind direction status lastValue lastObservedAt target targetLow targetHigh expectedIntervalMinutes
    process { id code name nameEn }
    rules {
      id kind level comparator value upperValue clearValue enabled consecutive noDataFactor trendHorizonMinutes trendWindow
      band { lines zones { from to } }
    }
  }
`);

/** An indicator with what its tile and chart need. */
export type IndicatorSummary = ResultOf<typeof IndicatorFields>;
export type IndicatorStatus = IndicatorSummary["status"];

export const INDICATORS_QUERY = graphql(
  `
  query Indicators($processIds: [ID!]) {
    indicators(first: 100, filter: { processIds: $processIds }) { edges { node { ...IndicatorFields } } }
  }
`,
  [IndicatorFields],
);

export const INDICATOR_QUERY = graphql(
  `
  query Indicator($id: ID!) { node(id: $id) { __typename ... on Indicator { ...IndicatorFields } } }
`,
  [IndicatorFields],
);

/** Bucketed history (min / max / avg / last per bucket, computed by the database). */
export const SERIES_QUERY = graphql(`
  query IndicatorSeries($id: ID!, $from: DateTime!, $to: DateTime!, $buckets: Int!) {
    node(id: $id) { __typename ... on Indicator { id series(from: $from, to: $to, buckets: $buckets) { start end min max avg last count lastObservedAt } } }
  }
`);

/** The TREND rules' projections as the server evaluates them now (§4.2.4, §5.3.2). */
export const PROJECTION_QUERY = graphql(`
  query TrendProjection($id: ID!) {
    node(id: $id) {
      __typename
      ... on Indicator { id rules { id kind level enabled projection { from fromValue to toValue predictedAt } } }
    }
  }
`);

/** Raw readings; used only while a server without `series` answers. */
export const READINGS_QUERY = graphql(`
  query IndicatorReadings($id: ID!, $from: DateTime!, $to: DateTime!, $last: Int!) {
    node(id: $id) { __typename ... on Indicator { id readings(last: $last, range: { from: $from, to: $to }) { observedAt value } } }
  }
`);

export const READINGS_ADDED = graphql(`
  subscription ReadingsAdded($ids: [ID!]!) { readingsAdded(indicatorIds: $ids) { indicatorId value observedAt } }
`);

export const STATUS_CHANGED = graphql(`
  subscription IndicatorStatusChanged($ids: [ID!]) { indicatorStatusChanged(indicatorIds: $ids) { indicatorId status previous } }
`);

export const LATEST_READINGS = graphql(`
  query LatestReadings($id: ID!) { node(id: $id) { __typename ... on Indicator { id readings(last: 50) { id observedAt value key } } } }
`);

/** A `node(id:)` result narrowed to the Indicator it was asked for; null for anything else. */
export function asIndicator<N extends { __typename: string }>(node: N | null | undefined): Extract<N, { __typename: "Indicator" }> | null {
  return node?.__typename === "Indicator" ? (node as Extract<N, { __typename: "Indicator" }>) : null;
}
