import type { MessageKey } from "../../app/i18n/en";

export interface ExampleQuery {
  title: MessageKey;
  query: string;
  variables?: Record<string, unknown>;
}

/** Saved examples for analysts (§2.3.3 collect and analyse run data). */
export const EXAMPLE_QUERIES: readonly ExampleQuery[] = [
  {
    title: "explorer.ex.processes",
    query: `query Catalogue {
  processes(first: 10) {
    edges {
      node {
        code name nameEn category
        owner { name }
        latestEvaluation { period grade totalScore }
      }
    }
  }
}`,
  },
  {
    title: "explorer.ex.alerts",
    query: `query OpenWarnings($levels: [AlertLevel!]) {
  alerts(first: 50, filter: { levels: $levels }) {
    totalCount
    edges {
      node {
        id level state value startedAt message
        indicator { code name unit process { code name } }
        assignee { name }
      }
    }
  }
}`,
    variables: { levels: ["CRITICAL", "WARNING"] },
  },
  {
    title: "explorer.ex.indicators",
    query: `query IndicatorsByStatus($statuses: [IndicatorStatus!]) {
  indicators(first: 100, filter: { statuses: $statuses }) {
    edges { node { code name status lastValue unit target lastObservedAt process { code } } }
  }
}`,
    variables: { statuses: ["WARNING", "CRITICAL", "NO_DATA"] },
  },
  {
    title: "explorer.ex.series",
    query: `query HourlySeries($search: String!, $from: DateTime!, $to: DateTime!) {
  indicators(first: 1, filter: { search: $search }) {
    edges {
      node {
        code name unit
        series(from: $from, to: $to, buckets: 24) { start end min max avg last count }
      }
    }
  }
}`,
    variables: { search: "MKT-01", from: "{{now-24h}}", to: "{{now}}" },
  },
  {
    // Issue 14 item 5: re-sent over the live connection whenever an alert or a reading of the
    // indicator changes what it reads; the workbench shows each new answer as it arrives.
    title: "workbench.ex.liveAlerts",
    query: `query LiveWatch($search: String!) @live {
  alerts(first: 10) {
    totalCount
    edges { node { level state value startedAt indicator { code name } } }
  }
  indicators(first: 1, filter: { search: $search }) {
    edges { node { code name status lastValue unit lastObservedAt } }
  }
}`,
    variables: { search: "MKT-01" },
  },
  {
    // Issue 14 item 3: the aggregates; a time column and numbers, so it draws as a line or bar chart.
    title: "workbench.ex.alertStats",
    query: `query AlertWeeks($from: DateTime!) {
  alertStats(groupBy: [WEEK], filter: { from: $from }) {
    period count firingSeconds
    meanSecondsToAcknowledge p90SecondsToAcknowledge
    meanSecondsToResolve p90SecondsToResolve
  }
}`,
    variables: { from: "{{now-90d}}" },
  },
  {
    title: "workbench.ex.readingStats",
    query: `query DailyReadings($from: DateTime!) {
  readingStats(period: DAY, from: $from) {
    start count min max mean attainment indicator { code }
  }
}`,
    variables: { from: "{{now-7d}}" },
  },
  {
    title: "explorer.ex.risks",
    query: `query RisksByScore {
  risks(first: 50, orderBy: { field: SCORE, direction: DESC }) {
    edges {
      node {
        code title category currentLevel currentScore hasApprovedPlan
        latestAssessment { likelihood impact assessedAt }
        previousAssessment { likelihood impact }
      }
    }
  }
}`,
  },
  {
    title: "explorer.ex.actions",
    query: `query OverdueRectifications {
  actions(first: 50, filter: { overdue: true, kinds: [RECTIFICATION] }) {
    totalCount
    edges { node { title deadline progress status ownerUnit { name } evaluation { period grade process { code } } } }
  }
}`,
  },
];

/** Fills "{{now}}" and "{{now-24h}}" style placeholders in example variables with ISO times. */
export function fillTimePlaceholders(json: string, now = Date.now()): string {
  return json.replace(/\{\{now(?:-(\d+)([hd]))?\}\}/g, (_m, n: string | undefined, unit: string | undefined) => {
    const offset = n ? Number(n) * (unit === "d" ? 86_400_000 : 3_600_000) : 0;
    return new Date(now - offset).toISOString();
  });
}
