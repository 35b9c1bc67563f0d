import { graphql, type ResultOf } from "../../app/graphql";
import { ActionFields } from "../actions/queries";

/** Every visible evaluation (draft and final), for the board's grid and trend (§4.3). */
export const EVALUATION_BOARD_QUERY = graphql(`
  query EvaluationBoard {
    evaluations(first: 100) {
      edges { node { id period status grade totalScore process { id code name nameEn } } }
    }
    processes(first: 50) { edges { node { id code name nameEn } } }
  }
`);
export type BoardEvaluation = ResultOf<typeof EVALUATION_BOARD_QUERY>["evaluations"]["edges"][number]["node"];

export const EvaluationFields = graphql(
  `
  fragment EvaluationFields on Evaluation {
    id period status grade totalScore maturityLevel method causeAnalysis finalizedAt
    finalizedBy { id name }
    process { id code name nameEn owner { id } }
    criteria {
      key criterion label working count direction target targetLow targetHigh actual attainment computedAttainment weight points
      indicator { id code name nameEn unit }
      adjustment { at attainment reason by { id name } }
    }
    actions { ...ActionFields }
  }
`,
  [ActionFields],
);
export type EvaluationDetail = ResultOf<typeof EvaluationFields>;
export type Criterion = EvaluationDetail["criteria"][number];

export const EVALUATION_QUERY = graphql(
  `
  query Evaluation($id: ID!) { node(id: $id) { __typename ... on Evaluation { ...EvaluationFields } } }
`,
  [EvaluationFields],
);

export const COMPUTE_EVALUATION = graphql(`
  mutation ComputeEvaluation($processId: ID!, $period: String!) {
    computeEvaluation(input: { processId: $processId, period: $period }) { id }
  }
`);

export const ADJUST_EVALUATION = graphql(
  `
  mutation AdjustEvaluation($evaluationId: ID!, $key: String!, $attainment: Float!, $reason: String!) {
    adjustEvaluation(input: { evaluationId: $evaluationId, key: $key, attainment: $attainment, reason: $reason }) { ...EvaluationFields }
  }
`,
  [EvaluationFields],
);

export const FINALIZE_EVALUATION = graphql(
  `
  mutation FinalizeEvaluation($evaluationId: ID!, $rectification: RectificationInput) {
    finalizeEvaluation(input: { evaluationId: $evaluationId, rectification: $rectification }) { ...EvaluationFields }
  }
`,
  [EvaluationFields],
);

/** Units and people for the rectification's owner. */
export const OWNER_OPTIONS_QUERY = graphql(`
  query OwnerOptions {
    orgUnits(first: 100) { edges { node { id code name nameEn } } }
    users(first: 100) { edges { node { id name unit { id } } } }
  }
`);

/** "2026-11" or "2026-Q4". */
export const PERIOD_PATTERN = /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/;

/** A period's start (epoch ms), to order months and quarters together; a quarter sorts just after its first month. */
export function periodStart(period: string): number {
  const [y, rest = "01"] = period.split("-");
  const quarter = rest.startsWith("Q");
  const month = quarter ? (Number(rest.slice(1)) - 1) * 3 : Number(rest) - 1;
  return Date.UTC(Number(y), month, 1) + (quarter ? 1 : 0);
}

export interface BoardModel {
  periods: string[];
  rows: { process: BoardEvaluation["process"]; cells: Record<string, BoardEvaluation> }[];
}

/** The grid: one row per process, one column per period, the final evaluation of each (else the draft). */
export function boardModel(evaluations: readonly BoardEvaluation[]): BoardModel {
  const periods = [...new Set(evaluations.map((e) => e.period))].sort((a, b) => periodStart(a) - periodStart(b));
  const rows = new Map<string, BoardModel["rows"][number]>();
  for (const e of evaluations) {
    const row = rows.get(e.process.id) ?? { process: e.process, cells: {} };
    rows.set(e.process.id, row);
    const had = row.cells[e.period];
    if (!had || (had.status !== "FINAL" && e.status === "FINAL")) row.cells[e.period] = e;
  }
  return { periods, rows: [...rows.values()].sort((a, b) => a.process.code.localeCompare(b.process.code)) };
}
