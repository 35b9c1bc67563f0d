/**
 * The analysts' daily nested query (issue 13): processes → steps → indicators → last 100
 * readings; risks → latest assessment. One definition for the benchmarks and for the test that
 * pins it within the §6.4 cost budget (packages/server/test/access/limits.test.ts).
 */
export const ANALYST_QUERY = `{
  processes(first: 10) { edges { node { code name
    steps { position name indicators { code readings(last: 100) { value observedAt } } } } } }
  risks(first: 100) { edges { node { code title latestAssessment { score level } } } }
}`;
