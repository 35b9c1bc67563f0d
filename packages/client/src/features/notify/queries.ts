import { graphql, type ResultOf, type VariablesOf } from "../../app/graphql";

/** Contact points, policies, escalation, silences and the delivery log (§6.2.2, §2.1.2): the documents of the notification pages. */

export const ContactPointFields = graphql(`
  fragment ContactPointFields on ContactPoint {
    id name kind language createdAt inAppUserIds
    email { to }
    webhook { url format hasSecret }
  }
`);
export type ContactPoint = ResultOf<typeof ContactPointFields>;

export const CONTACT_POINTS_QUERY = graphql(`query ContactPoints { contactPoints { ...ContactPointFields } }`, [ContactPointFields]);

export const CREATE_CONTACT_POINT = graphql(`mutation CreateContactPoint($input: CreateContactPointInput!) { createContactPoint(input: $input) { ...ContactPointFields } }`, [
  ContactPointFields,
]);
export type CreateContactPointInput = VariablesOf<typeof CREATE_CONTACT_POINT>["input"];

export const UPDATE_CONTACT_POINT = graphql(`mutation UpdateContactPoint($input: UpdateContactPointInput!) { updateContactPoint(input: $input) { ...ContactPointFields } }`, [
  ContactPointFields,
]);

export const DELETE_CONTACT_POINT = graphql(`mutation DeleteContactPoint($id: ID!) { deleteContactPoint(id: $id) { id } }`);

export const TEST_CONTACT_POINT = graphql(`
  mutation TestContactPoint($id: ID!) { testContactPoint(id: $id) { ok error delivery { id status attempts lastError sentAt } } }
`);
export type TestResult = ResultOf<typeof TEST_CONTACT_POINT>["testContactPoint"];

/** People and units and processes to choose from (IN_APP recipients, policy matchers). */
export const NOTIFY_OPTIONS_QUERY = graphql(`
  query NotifyOptions {
    users(first: 100) { edges { node { id name roles unit { id name nameEn } } } }
    processes(first: 50) { edges { node { id code name nameEn } } }
    orgUnits(first: 100) { edges { node { id code name nameEn } } }
  }
`);
export type NotifyOptions = ResultOf<typeof NOTIFY_OPTIONS_QUERY>;

export const POLICIES_QUERY = graphql(
  `
  query NotificationPolicies {
    notificationPolicies {
      id name position groupBy groupWaitSeconds groupIntervalSeconds repeatIntervalSeconds
      contactPoint { id name kind }
      matchers { levels sources processIds unitIds riskCategories }
      muteTimings { timeZone weekdays quietStart quietEnd dates }
    }
    contactPoints { ...ContactPointFields }
  }
`,
  [ContactPointFields],
);
export type Policy = ResultOf<typeof POLICIES_QUERY>["notificationPolicies"][number];

export const CREATE_POLICY = graphql(`mutation CreateNotificationPolicy($input: CreateNotificationPolicyInput!) { createNotificationPolicy(input: $input) { id } }`);
export type CreatePolicyInput = VariablesOf<typeof CREATE_POLICY>["input"];
export const UPDATE_POLICY = graphql(`mutation UpdateNotificationPolicy($input: UpdateNotificationPolicyInput!) { updateNotificationPolicy(input: $input) { id } }`);
export const REORDER_POLICIES = graphql(`mutation ReorderNotificationPolicies($ids: [ID!]!) { reorderNotificationPolicies(ids: $ids) { id position } }`);
export const DELETE_POLICY = graphql(`mutation DeleteNotificationPolicy($id: ID!) { deleteNotificationPolicy(id: $id) { id } }`);

export const ESCALATION_QUERY = graphql(
  `
  query EscalationPolicies {
    escalationPolicies { id name category enabled steps { afterMinutes contactPoint { id name kind } } }
    contactPoints { ...ContactPointFields }
  }
`,
  [ContactPointFields],
);
export type EscalationPolicy = ResultOf<typeof ESCALATION_QUERY>["escalationPolicies"][number];
export const DELETE_ESCALATION = graphql(`mutation DeleteEscalationPolicy($id: ID!) { deleteEscalationPolicy(id: $id) { id } }`);
export const CREATE_ESCALATION = graphql(`mutation CreateEscalationPolicy($input: CreateEscalationPolicyInput!) { createEscalationPolicy(input: $input) { id } }`);

export const SILENCES_QUERY = graphql(`
  query Silences($active: Boolean) {
    silences(active: $active) {
      id reason startsAt endsAt
      createdBy { id name }
      indicator { id code name nameEn }
      process { id code name nameEn }
    }
  }
`);
export type Silence = ResultOf<typeof SILENCES_QUERY>["silences"][number];
export const UPDATE_SILENCE = graphql(`mutation UpdateSilence($input: UpdateSilenceInput!) { updateSilence(input: $input) { id reason endsAt } }`);
export const END_SILENCE = graphql(`mutation EndSilence($id: ID!) { endSilence(id: $id) { id endsAt } }`);

export const DELIVERIES_QUERY = graphql(`
  query NotificationDeliveries($first: Int!, $after: String, $filter: NotificationDeliveryFilter) {
    notificationDeliveries(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id status attempts lastError sentAt createdAt nextAttemptAt giveUpAt reason
          contactPoint { id name kind }
          alert { id level message }
          attemptLog { at ok error }
        }
      }
    }
    contactPoints { id name }
  }
`);
export type Delivery = ResultOf<typeof DELIVERIES_QUERY>["notificationDeliveries"]["edges"][number]["node"];
