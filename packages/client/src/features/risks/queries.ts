import { gql } from "urql";
import type { MatrixCell } from "../../lib/riskMatrix";
import type { ProcessRisk } from "../processes/queries";

export interface RegisterRisk extends ProcessRisk {
  previousAssessment: { likelihood: number; impact: number } | null;
  latestAssessment: { likelihood: number; impact: number; assessedAt: string } | null;
  processes: { id: string; code: string; name: string; nameEn: string }[];
}

export const RISK_MATRIX_QUERY = gql<{ riskMatrix: MatrixCell[]; risks: { totalCount: number; edges: { node: RegisterRisk }[] } }, Record<string, never>>(`
  query RiskHeatMap {
    riskMatrix { likelihood impact count movedIn riskIds }
    risks(first: 100) {
      totalCount
      edges {
        node {
          id code title titleEn category currentLevel currentScore hasApprovedPlan
          ownerUnit { id name nameEn }
          latestAssessment { likelihood impact assessedAt }
          previousAssessment { likelihood impact }
          processes { id code name nameEn }
        }
      }
    }
  }
`);
