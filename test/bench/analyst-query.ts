/**
 * The analysts' nested query (issue 13): processes → steps (by position) → indicators → last 100
 * readings (newest first); risks → latest assessment. Shared by the query and peers benchmarks.
 */
export const ANALYST_QUERY = `{
  processes(first: 10) { edges { node { code name
    steps { position name indicators { code readings(last: 100) { value observedAt } } } } } }
  risks(first: 100) { edges { node { code title latestAssessment { score level } } } }
}`;
