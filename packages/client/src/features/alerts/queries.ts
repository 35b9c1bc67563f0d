import { gql } from "urql";
import type { AlertLevel, FeedAlert, FeedEvent } from "../../lib/alertFeed";

/** The fields of an alert the feed shows; the same on the list query and on events. */
export const FEED_ALERT_FIELDS = `
  id level state value message predictedAt startedAt ackNote ackExpiresAt
  indicator { id code name nameEn unit process { id code name nameEn } }
  rule { id }
  assignee { id name }
`;

export interface AlertScope {
  processIds?: string[] | null;
  unitIds?: string[] | null;
  levels?: AlertLevel[] | null;
}

type ListedAlert = FeedAlert & { events: { id: string; at: string; type: FeedEvent["type"] }[] };

export interface FeedStartData {
  open: { totalCount: number; edges: { node: ListedAlert }[] };
  recent: { edges: { node: ListedAlert }[] };
  /** The latest resolved alerts of any age: only their event ids, to anchor the cursor. */
  anchor: { edges: { node: { id: string; events: { id: string }[] } }[] };
}

/**
 * The open alerts and those resolved in the last day, with their event ids: the feed starts
 * from them, and the highest event id among them (and among the latest resolved alerts) is
 * where the live stream resumes. With no alert at all the log is empty, and the stream
 * replays from the start ("0"), so nothing between this query and the subscription is lost.
 */
export const FEED_START_QUERY = gql<FeedStartData, { processIds?: string[] | null; unitIds?: string[] | null; levels?: AlertLevel[] | null; since: string }>(`
  query FeedStart($processIds: [ID!], $unitIds: [ID!], $levels: [AlertLevel!], $since: DateTime) {
    open: alerts(first: 100, filter: { states: [FIRING, ACKNOWLEDGED], processIds: $processIds, unitIds: $unitIds, levels: $levels }) {
      totalCount
      edges { node { ${FEED_ALERT_FIELDS} events { id at type } } }
    }
    recent: alerts(first: 30, filter: { states: [RESOLVED], processIds: $processIds, unitIds: $unitIds, levels: $levels, startedAt: { from: $since } }) {
      edges { node { ${FEED_ALERT_FIELDS} events { id at type } } }
    }
    anchor: alerts(first: 5, filter: { states: [RESOLVED], processIds: $processIds, unitIds: $unitIds, levels: $levels }) {
      edges { node { id events { id } } }
    }
  }
`);

/** The AlertEvent stream: replays the log after `after`, then goes live (§5.3.2). */
export const ALERT_EVENTS_SUBSCRIPTION = `
  subscription AlertEvents($after: ID, $filter: AlertEventFilter) {
    alertEvents(after: $after, filter: $filter) {
      id type at level state value note
      alert { ${FEED_ALERT_FIELDS} }
    }
  }
`;

export const ACKNOWLEDGE_ALERT = gql<{ acknowledgeAlert: FeedAlert }, { alertId: string; note: string; expiresAt?: string | null }>(`
  mutation AcknowledgeAlert($alertId: ID!, $note: String!, $expiresAt: DateTime) {
    acknowledgeAlert(input: { alertId: $alertId, note: $note, expiresAt: $expiresAt }) { ${FEED_ALERT_FIELDS} }
  }
`);

export const ASSIGN_ALERT = gql<{ assignAlert: FeedAlert }, { alertId: string; assigneeId: string }>(`
  mutation AssignAlert($alertId: ID!, $assigneeId: ID!) {
    assignAlert(input: { alertId: $alertId, assigneeId: $assigneeId }) { ${FEED_ALERT_FIELDS} }
  }
`);

export const RESOLVE_ALERT = gql<{ resolveAlert: FeedAlert }, { alertId: string; note?: string | null }>(`
  mutation ResolveAlert($alertId: ID!, $note: String) {
    resolveAlert(input: { alertId: $alertId, note: $note }) { ${FEED_ALERT_FIELDS} }
  }
`);

export interface FilterOptionsData {
  processes: { edges: { node: { id: string; code: string; name: string; nameEn: string } }[] };
  orgUnits: { edges: { node: { id: string; code: string; name: string; nameEn: string; kind: string } }[] };
}

export const FILTER_OPTIONS_QUERY = gql<FilterOptionsData, Record<string, never>>(`
  query FeedFilterOptions {
    processes(first: 50) { edges { node { id code name nameEn } } }
    orgUnits(first: 100) { edges { node { id code name nameEn kind } } }
  }
`);

export interface AssigneesData {
  users: { edges: { node: { id: string; name: string; roles: string[]; unit: { name: string; nameEn: string } } }[] };
}

export const ASSIGNEES_QUERY = gql<AssigneesData, Record<string, never>>(`
  query Assignees { users(first: 100) { edges { node { id name roles unit { name nameEn } } } } }
`);
