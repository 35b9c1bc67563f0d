import { graphql, type ResultOf } from "../../app/graphql";

/** An action as the tracker and the evaluation page show it (§4.4.2). */
export const ActionFields = graphql(`
  fragment ActionFields on Action {
    id kind title description status progress deadline overdue completedAt verifiedAt verificationNote
    owner { id name }
    ownerUnit { id code name nameEn }
    process { id code name nameEn }
    indicator { id code name nameEn status }
    updates { id kind note progress createdAt author { id name } }
  }
`);
export type ActionItem = ResultOf<typeof ActionFields>;
export type ActionStatus = ActionItem["status"];

export const ACTIONS_QUERY = graphql(
  `
  query Actions($unitIds: [ID!], $statuses: [ActionStatus!]) {
    actions(first: 100, filter: { unitIds: $unitIds, statuses: $statuses }) { totalCount edges { node { ...ActionFields } } }
    orgUnits(first: 100) { edges { node { id code name nameEn } } }
  }
`,
  [ActionFields],
);

export const UPDATE_ACTION_PROGRESS = graphql(
  `
  mutation UpdateActionProgress($actionId: ID!, $progress: Int!, $note: String!, $evidence: String) {
    updateActionProgress(input: { actionId: $actionId, progress: $progress, note: $note, evidence: $evidence }) { ...ActionFields }
  }
`,
  [ActionFields],
);

export const COMPLETE_ACTION = graphql(
  `
  mutation CompleteAction($actionId: ID!, $note: String!, $evidence: String) {
    completeAction(input: { actionId: $actionId, note: $note, evidence: $evidence }) { ...ActionFields }
  }
`,
  [ActionFields],
);

export const VERIFY_ACTION = graphql(
  `
  mutation VerifyAction($actionId: ID!, $note: String!) { verifyAction(input: { actionId: $actionId, note: $note }) { ...ActionFields } }
`,
  [ActionFields],
);

export const REOPEN_ACTION = graphql(
  `
  mutation ReopenAction($actionId: ID!, $note: String!) { reopenAction(input: { actionId: $actionId, note: $note }) { ...ActionFields } }
`,
  [ActionFields],
);

/** Open work first: overdue, then by deadline (none last), then done and verified. */
export function trackerOrder(a: Pick<ActionItem, "overdue" | "deadline" | "status">, b: Pick<ActionItem, "overdue" | "deadline" | "status">): number {
  const closed = (x: typeof a) => (x.status === "VERIFIED" || x.status === "CANCELLED" ? 2 : x.status === "DONE" ? 1 : 0);
  const due = (x: typeof a) => (x.deadline ? Date.parse(x.deadline) : Number.POSITIVE_INFINITY);
  return Number(b.overdue) - Number(a.overdue) || closed(a) - closed(b) || due(a) - due(b);
}
