import { graphql, type ResultOf, type VariablesOf } from "../../app/graphql";

/** The fields of an alert the feed shows; the same on the list query, on events and on mutations. */
export const FeedAlertFields = graphql(`
  fragment FeedAlertFields on Alert {
    id level state value message predictedAt startedAt ackNote ackExpiresAt ruleLevel ruleKind source
    indicator { id code name nameEn unit process { id code name nameEn } }
    process { id code name nameEn }
    subject {
      __typename
      ... on Process { id code name nameEn }
      ... on Action { id title process { id code name nameEn } }
      ... on Risk { id code title titleEn }
    }
    rule { id }
    assignee { id name }
    risks { id code }
    incident { id }
    inhibited
    inhibitedBy { id }
    inhibits { id level startedAt }
  }
`);

/** An alert as the feed shows it. */
export type FeedAlert = ResultOf<typeof FeedAlertFields>;
export type AlertLevel = FeedAlert["level"];

/**
 * The open alerts and those resolved in the last day, with their event ids: the feed starts
 * from them, and the highest event id among them (and among the latest resolved alerts) is
 * where the live stream resumes. With no alert at all the log is empty, and the stream
 * replays from the start ("0"), so nothing between this query and the subscription is lost.
 */
export const FEED_START_QUERY = graphql(
  `
  query FeedStart($processIds: [ID!], $unitIds: [ID!], $levels: [AlertLevel!], $since: DateTime) {
    open: alerts(first: 100, filter: { states: [FIRING, ACKNOWLEDGED], processIds: $processIds, unitIds: $unitIds, levels: $levels }) {
      totalCount
      edges { node { ...FeedAlertFields events { id at type } } }
    }
    recent: alerts(first: 30, filter: { states: [RESOLVED], processIds: $processIds, unitIds: $unitIds, levels: $levels, startedAt: { from: $since } }) {
      edges { node { ...FeedAlertFields events { id at type } } }
    }
    anchor: alerts(first: 5, filter: { states: [RESOLVED], processIds: $processIds, unitIds: $unitIds, levels: $levels }) {
      edges { node { id events { id } } }
    }
  }
`,
  [FeedAlertFields],
);

/** The feed's scope: the list query's filters, and the subscription's. */
export type AlertScope = Partial<Omit<VariablesOf<typeof FEED_START_QUERY>, "since">>;

/** The AlertEvent stream: replays the log after `after`, then goes live (§5.3.2). */
export const ALERT_EVENTS_SUBSCRIPTION = graphql(
  `
  subscription AlertEvents($after: ID, $filter: AlertEventFilter) {
    alertEvents(after: $after, filter: $filter) {
      id type at level state value note
      alert { ...FeedAlertFields }
    }
  }
`,
  [FeedAlertFields],
);

/** One AlertEvent from the `alertEvents` subscription. */
export type FeedEvent = ResultOf<typeof ALERT_EVENTS_SUBSCRIPTION>["alertEvents"];
export type AlertEventType = FeedEvent["type"];

export const ACKNOWLEDGE_ALERT = graphql(
  `
  mutation AcknowledgeAlert($alertId: ID!, $note: String!, $expiresAt: DateTime) {
    acknowledgeAlert(input: { alertId: $alertId, note: $note, expiresAt: $expiresAt }) { ...FeedAlertFields }
  }
`,
  [FeedAlertFields],
);

export const ASSIGN_ALERT = graphql(
  `
  mutation AssignAlert($alertId: ID!, $assigneeId: ID!) {
    assignAlert(input: { alertId: $alertId, assigneeId: $assigneeId }) { ...FeedAlertFields }
  }
`,
  [FeedAlertFields],
);

export const RESOLVE_ALERT = graphql(
  `
  mutation ResolveAlert($alertId: ID!, $note: String) {
    resolveAlert(input: { alertId: $alertId, note: $note }) { ...FeedAlertFields }
  }
`,
  [FeedAlertFields],
);

export const FILTER_OPTIONS_QUERY = graphql(`
  query FeedFilterOptions {
    processes(first: 50) { edges { node { id code name nameEn } } }
    orgUnits(first: 100) { edges { node { id code name nameEn kind } } }
  }
`);

export const ASSIGNEES_QUERY = graphql(`
  query Assignees { users(first: 100) { edges { node { id name roles unit { name nameEn } } } } }
`);
