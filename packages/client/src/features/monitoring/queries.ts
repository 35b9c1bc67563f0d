import { graphql, type ResultOf } from "../../app/graphql";

export const PlanFields = graphql(`
  fragment PlanFields on MonitoringPlan {
    id active cadence method description lastDoneAt nextDueAt overdue
    process { id code name nameEn steps { id position name nameEn } }
    unit { id code name nameEn }
  }
`);
export type Plan = ResultOf<typeof PlanFields>;

export const PLANS_QUERY = graphql(
  `
  query MonitoringPlans($overdue: Boolean, $processIds: [ID!]) {
    monitoringPlans(first: 100, overdue: $overdue, processIds: $processIds) { totalCount edges { node { ...PlanFields } } }
    processes(first: 50) { edges { node { id code name nameEn steps { id position name nameEn } } } }
    orgUnits(first: 100) { edges { node { id code name nameEn } } }
  }
`,
  [PlanFields],
);

export const CREATE_PLAN = graphql(
  `
  mutation CreateMonitoringPlan($input: CreateMonitoringPlanInput!) { createMonitoringPlan(input: $input) { ...PlanFields } }
`,
  [PlanFields],
);

export const DEACTIVATE_PLAN = graphql(
  `
  mutation DeactivateMonitoringPlan($id: ID!) { deactivateMonitoringPlan(id: $id) { ...PlanFields } }
`,
  [PlanFields],
);

export const RECORD_INSPECTION = graphql(
  `
  mutation RecordInspection($input: RecordInspectionInput!) {
    recordInspection(input: $input) { id findings { id severity } plan { ...PlanFields } }
  }
`,
  [PlanFields],
);
