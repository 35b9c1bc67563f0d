import { graphql, type ResultOf } from "../../app/graphql";

/** The risk register with its filters (§5.1, §5.1.2, §5.2.2). */
export const RISK_REGISTER_QUERY = graphql(`
  query RiskRegister($filter: RiskFilter) {
    risks(first: 200, filter: $filter, orderBy: { field: SCORE, direction: DESC }) {
      totalCount
      edges {
        node {
          id code title titleEn category status currentLevel currentScore needsPlan
          nextReviewAt reviewOverdue needsReassessment
          ownerUnit { id name nameEn }
        }
      }
    }
    orgUnits(first: 100) { edges { node { id name nameEn } } }
  }
`);
export type RegisterRow = ResultOf<typeof RISK_REGISTER_QUERY>["risks"]["edges"][number]["node"];

/** One risk with everything after its assessment (§5.1.2 – §5.4). */
export const RISK_PAGE_QUERY = graphql(`
  query RiskPage($id: ID!) {
    node(id: $id) {
      __typename
      ... on Risk {
        id code title titleEn description category status currentLevel currentScore hasApprovedPlan
        nextReviewAt reviewOverdue needsReassessment acceptedUntil
        ownerUnit { id name nameEn }
        assessments { id likelihood impact score level rationale assessedAt reasonAlert { id } }
        reassessmentAlerts { id level message startedAt indicator { id code name nameEn } }
        responses { id strategy measures status dueAt inEffect acceptanceExpiresAt ownerUnit { id name nameEn } owner { id name } }
        contingencyPlans {
          id title status measures activationCriteria approvedAt submittedAt approvedBy { id name }
          steps { position title role unit { id name nameEn } }
        }
        keyIndicators {
          id code name nameEn unit status lastValue lastObservedAt
          alerts(first: 5, state: [FIRING, ACKNOWLEDGED]) { totalCount }
        }
        incidents { id title status occurredAt }
      }
    }
  }
`);
export type RiskPageData = Extract<NonNullable<ResultOf<typeof RISK_PAGE_QUERY>["node"]>, { __typename: "Risk" }>;

export const INCIDENT_QUERY = graphql(`
  query IncidentPage($id: ID!) {
    node(id: $id) {
      __typename
      ... on RiskIncident {
        id title description status occurredAt containedAt closedAt
        lossAmount { amount currency }
        risk { id code title titleEn }
        plan { id title }
        alerts { id message }
        tasks { id position title done doneAt role unit { id name nameEn } doneBy { id name } }
        timeline { at kind note authorName author { id name } }
        review { effectiveness lessons actions { id title status deadline } processChanges { id title status } }
      }
    }
  }
`);
export type IncidentData = Extract<NonNullable<ResultOf<typeof INCIDENT_QUERY>["node"]>, { __typename: "RiskIncident" }>;

export const ASSESS_RISK = graphql(`
  mutation AssessRisk($input: CreateRiskAssessmentInput!) { createRiskAssessment(input: $input) { id risk { id needsReassessment nextReviewAt reviewOverdue } } }
`);
export const SUBMIT_PLAN = graphql(`mutation SubmitPlan($id: ID!) { submitContingencyPlan(input: { planId: $id }) { id status } }`);
export const APPROVE_PLAN = graphql(`mutation ApprovePlan($id: ID!) { approveContingencyPlan(input: { planId: $id }) { id status approvedAt } }`);
export const OPEN_INCIDENT = graphql(`
  mutation OpenIncident($input: OpenIncidentInput!) { openIncident(input: $input) { id } }
`);
export const COMPLETE_TASK = graphql(`mutation CompleteTask($id: ID!) { completeIncidentTask(input: { taskId: $id }) { id } }`);
export const ADD_ENTRY = graphql(`mutation AddEntry($id: ID!, $note: String!) { addIncidentTimelineEntry(input: { incidentId: $id, note: $note }) { id } }`);
export const UPDATE_INCIDENT = graphql(`mutation UpdateIncident($input: UpdateIncidentInput!) { updateIncident(input: $input) { id status } }`);
export const REVIEW_INCIDENT = graphql(`mutation ReviewIncident($input: ReviewIncidentInput!) { reviewIncident(input: $input) { id } }`);
export const CLOSE_INCIDENT = graphql(`mutation CloseIncident($id: ID!) { closeIncident(input: { incidentId: $id }) { id status } }`);
