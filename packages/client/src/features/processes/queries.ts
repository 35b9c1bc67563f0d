import { enumValues, graphql, type ResultOf } from "../../app/graphql";
import { IndicatorFields } from "../indicators/queries";

export const PROCESSES_QUERY = graphql(`
  query ProcessCatalogue {
    processes(first: 50) {
      edges {
        node {
          id code name nameEn category goal goalEn major status version
          owner { id name nameEn }
          steps { id position name nameEn responsibleUnit { id name nameEn } }
          latestEvaluation { id period grade totalScore }
          indicators(first: 50) { totalCount edges { node { id code name nameEn status unit lastValue } } }
        }
      }
    }
  }
`);

/** A process as the catalogue (and the wall) shows it. */
export type ProcessSummary = ResultOf<typeof PROCESSES_QUERY>["processes"]["edges"][number]["node"];

/** A risk as the process page and the register list it. */
export const RiskRowFields = graphql(`
  fragment RiskRowFields on Risk {
    id code title titleEn category currentLevel currentScore planRequired needsPlan
    ownerUnit { id name nameEn }
    latestAssessment { likelihood impact score level }
  }
`);

export type ProcessRisk = ResultOf<typeof RiskRowFields>;

export const PROCESS_QUERY = graphql(
  `
  query ProcessPage($code: String!) {
    process(code: $code) {
      id code name nameEn category goal goalEn major status version updatedAt
      owner { id name nameEn }
      steps { id position name nameEn description responsibleUnit { id name nameEn } }
      latestEvaluation { id period grade totalScore method maturityLevel attainmentScore complianceScore efficiencyScore effectivenessScore }
      indicators(first: 50) { totalCount edges { node { ...IndicatorFields } } }
      risks(first: 50) { totalCount edges { node { ...RiskRowFields } } }
    }
  }
`,
  [IndicatorFields, RiskRowFields],
);

export type ProcessDetail = NonNullable<ResultOf<typeof PROCESS_QUERY>["process"]>;

/** The catalogue in the policy's order (§3.1 to §3.5). */
export const CATEGORY_ORDER: readonly string[] = enumValues<"ProcessCategory">({ STRATEGY: true, MARKETING: true, FINANCE: true, HR: true, ADMINISTRATION: true });

export const byPolicyOrder = <T extends { category: string; code: string }>(a: T, b: T) =>
  CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) || a.code.localeCompare(b.code);
