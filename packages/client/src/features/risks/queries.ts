import { graphql, type ResultOf } from "../../app/graphql";
import { RiskRowFields } from "../processes/queries";

export const RISK_MATRIX_QUERY = graphql(
  `
  query RiskHeatMap {
    riskMatrix { likelihood impact score level count movedIn riskIds }
    risks(first: 100) {
      totalCount
      edges {
        node {
          ...RiskRowFields
          latestAssessment { likelihood impact score level assessedAt }
          previousAssessment { likelihood impact score }
          processes { id code name nameEn }
        }
      }
    }
  }
`,
  [RiskRowFields],
);

export type RiskMatrixData = ResultOf<typeof RISK_MATRIX_QUERY>;
/** One cell of the heat map, with the level the server's matrix gives it (§5.1.2). */
export type MatrixCell = RiskMatrixData["riskMatrix"][number];
export type RegisterRisk = RiskMatrixData["risks"]["edges"][number]["node"];
