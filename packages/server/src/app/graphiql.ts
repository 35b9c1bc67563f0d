/** What GraphiQL at /graphql opens with: how to sign in, then the questions analysts ask first. */
export const GRAPHIQL_DEFAULT_QUERY = `# Control Room API. Sign in first (development logins are in the README):
#
#   mutation { login(email: "analyst@example.com", password: "controlroom-dev") { accessToken } }
#
# then add a header below:  { "Authorization": "Bearer <accessToken>" }

# The process catalogue (§3) with owners, steps, indicators and risks
query Catalogue {
  processes(first: 10) {
    totalCount
    edges { node {
      id code name nameEn category goal major
      owner { name }
      steps { position name }
      indicators { totalCount }
      risks { totalCount }
    } }
  }
}

# Open warnings, newest first (§5.3.2)
query OpenWarnings {
  alerts(first: 20, filter: { levels: [CRITICAL, WARNING] }) {
    totalCount
    edges { node { id level state value startedAt indicator { code name unit process { code name } } } }
  }
}

# High and extreme risks with their latest assessment (§5.1.2)
query HighRisks {
  risks(first: 20, filter: { levels: [HIGH, EXTREME] }, orderBy: { field: SCORE, direction: DESC }) {
    edges { node { code title category currentLevel hasApprovedPlan latestAssessment { likelihood impact score assessedAt } } }
  }
}

# Last quarter's evaluations and the rectifications a FAIL requires (§4.3.3)
query Evaluations {
  evaluations(first: 10) {
    edges { node { period grade totalScore process { code name } actions { kind title deadline status overdue } } }
  }
}
`;
