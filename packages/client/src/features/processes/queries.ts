import { gql } from "urql";
import { INDICATOR_FIELDS } from "../indicators/queries";
import type { IndicatorStatus, IndicatorSummary } from "../indicators/types";

export interface NamedUnit {
  id: string;
  name: string;
  nameEn: string;
}

export interface ProcessSummary {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  category: string;
  goal: string;
  goalEn: string;
  major: boolean;
  status: string;
  version: number;
  owner: NamedUnit;
  steps: { id: string; position: number; name: string; nameEn: string; responsibleUnit: NamedUnit | null }[];
  latestEvaluation: { id: string; period: string; grade: string; totalScore: number } | null;
  indicators: { totalCount: number; edges: { node: { id: string; code: string; name: string; nameEn: string; status: IndicatorStatus; unit: string; lastValue: number | null } }[] };
}

const PROCESS_SUMMARY_FIELDS = `
  id code name nameEn category goal goalEn major status version
  owner { id name nameEn }
  steps { id position name nameEn responsibleUnit { id name nameEn } }
  latestEvaluation { id period grade totalScore }
  indicators(first: 50) { totalCount edges { node { id code name nameEn status unit lastValue } } }
`;

export const PROCESSES_QUERY = gql<{ processes: { edges: { node: ProcessSummary }[] } }, Record<string, never>>(`
  query ProcessCatalogue { processes(first: 50) { edges { node { ${PROCESS_SUMMARY_FIELDS} } } } }
`);

export interface ProcessRisk {
  id: string;
  code: string;
  title: string;
  titleEn: string;
  category: string;
  currentLevel: string | null;
  currentScore: number | null;
  hasApprovedPlan: boolean;
  ownerUnit: NamedUnit;
  latestAssessment: { likelihood: number; impact: number } | null;
}

export interface ProcessDetail extends Omit<ProcessSummary, "indicators" | "latestEvaluation" | "steps"> {
  updatedAt: string;
  steps: (ProcessSummary["steps"][number] & { description: string })[];
  latestEvaluation: (NonNullable<ProcessSummary["latestEvaluation"]> & { method: string; maturityLevel: number | null; attainmentScore: number; complianceScore: number; efficiencyScore: number; effectivenessScore: number }) | null;
  indicators: { totalCount: number; edges: { node: IndicatorSummary }[] };
  risks: { totalCount: number; edges: { node: ProcessRisk }[] };
}

export const PROCESS_QUERY = gql<{ process: ProcessDetail | null }, { code: string }>(`
  query ProcessPage($code: String!) {
    process(code: $code) {
      id code name nameEn category goal goalEn major status version updatedAt
      owner { id name nameEn }
      steps { id position name nameEn description responsibleUnit { id name nameEn } }
      latestEvaluation { id period grade totalScore method maturityLevel attainmentScore complianceScore efficiencyScore effectivenessScore }
      indicators(first: 50) { totalCount edges { node { ${INDICATOR_FIELDS} } } }
      risks(first: 50) {
        totalCount
        edges { node { id code title titleEn category currentLevel currentScore hasApprovedPlan ownerUnit { id name nameEn } latestAssessment { likelihood impact } } }
      }
    }
  }
`);

/** The catalogue in the policy's order (§3.1 to §3.5). */
export const CATEGORY_ORDER = ["STRATEGY", "MARKETING", "FINANCE", "HR", "ADMINISTRATION"];

export const byPolicyOrder = <T extends { category: string; code: string }>(a: T, b: T) =>
  CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) || a.code.localeCompare(b.code);
