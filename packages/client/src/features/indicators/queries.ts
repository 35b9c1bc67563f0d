import { gql } from "urql";
import type { IndicatorStatus, IndicatorSummary } from "./types";

export const INDICATOR_FIELDS = `
  id code name nameEn unit kind direction status lastValue lastObservedAt target targetLow targetHigh expectedIntervalMinutes
  process { id code name nameEn }
  rules { id kind level comparator value upperValue clearValue enabled consecutive noDataFactor trendHorizonMinutes trendWindow }
`;

export const INDICATORS_QUERY = gql<{ indicators: { edges: { node: IndicatorSummary }[] } }, { processIds?: string[] | null }>(`
  query Indicators($processIds: [ID!]) {
    indicators(first: 100, filter: { processIds: $processIds }) { edges { node { ${INDICATOR_FIELDS} } } }
  }
`);

export const INDICATOR_QUERY = gql<{ node: (IndicatorSummary & { __typename: "Indicator" }) | null }, { id: string }>(`
  query Indicator($id: ID!) { node(id: $id) { __typename ... on Indicator { ${INDICATOR_FIELDS} } } }
`);

export interface SeriesBucketData {
  start: string;
  end: string;
  min: number;
  max: number;
  avg: number;
  last: number;
  count: number;
}

/** Bucketed history (min / max / avg / last per bucket, computed by the database). */
export const SERIES_QUERY = gql<{ node: { id: string; series: SeriesBucketData[] } | null }, { id: string; from: string; to: string; buckets: number }>(`
  query IndicatorSeries($id: ID!, $from: DateTime!, $to: DateTime!, $buckets: Int!) {
    node(id: $id) { ... on Indicator { id series(from: $from, to: $to, buckets: $buckets) { start end min max avg last count } } }
  }
`);

/** Raw readings; used only while a server without `series` answers. */
export const READINGS_QUERY = gql<{ node: { id: string; readings: { observedAt: string; value: number }[] } | null }, { id: string; from: string; to: string; last: number }>(`
  query IndicatorReadings($id: ID!, $from: DateTime!, $to: DateTime!, $last: Int!) {
    node(id: $id) { ... on Indicator { id readings(last: $last, range: { from: $from, to: $to }) { observedAt value } } }
  }
`);

export const READINGS_ADDED = gql<{ readingsAdded: { indicatorId: string; value: number; observedAt: string } }, { ids: string[] }>(`
  subscription ReadingsAdded($ids: [ID!]!) { readingsAdded(indicatorIds: $ids) { indicatorId value observedAt } }
`);

export const STATUS_CHANGED = gql<{ indicatorStatusChanged: { indicatorId: string; status: IndicatorStatus; previous: IndicatorStatus } }, { ids?: string[] | null }>(`
  subscription IndicatorStatusChanged($ids: [ID!]) { indicatorStatusChanged(indicatorIds: $ids) { indicatorId status previous } }
`);

export const LATEST_READINGS = gql<{ node: { id: string; readings: { id: string; observedAt: string; value: number; key: string | null }[] } | null }, { id: string }>(`
  query LatestReadings($id: ID!) { node(id: $id) { ... on Indicator { id readings(last: 50) { id observedAt value key } } } }
`);
