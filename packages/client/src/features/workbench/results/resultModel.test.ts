import { describe, expect, it } from "vitest";
import { chartChoice, chartData, columnKind, resultTable, resultTables, sortRows } from "./resultModel";

// Issue 14 item 4 (§2.3.3 collect and analyse run data): any result as a sortable table, and as
// a chart when it has a time (or text) column and numeric columns.

const series = {
  indicators: {
    edges: [
      {
        node: {
          code: "MKT-01",
          series: null,
        },
      },
    ],
  },
};

const buckets = {
  alertStats: [
    { key: "2026-11-03T00:00:00.000Z", count: 4, meanSecondsToResolve: 120.5 },
    { key: "2026-11-01T00:00:00.000Z", count: 7, meanSecondsToResolve: null },
    { key: "2026-11-02T00:00:00.000Z", count: 2, meanSecondsToResolve: 60 },
  ],
};

describe("resultTable: the first list of any result, flattened, with typed columns", () => {
  it("types columns from their values (fails if a time column is taken for text, or numbers for text)", () => {
    const t = resultTable(buckets)!;
    expect(t.rows).toHaveLength(3);
    expect(t.columns).toEqual([
      { key: "key", kind: "time" },
      { key: "count", kind: "number" },
      { key: "meanSecondsToResolve", kind: "number" },
    ]);
  });

  it("flattens a connection's nodes into dotted columns", () => {
    const t = resultTable({ processes: { edges: [{ node: { code: "P-FIN", owner: { name: "財務部" }, latestEvaluation: { totalScore: 91 } } }] } })!;
    expect(t.columns.map((c) => `${c.key}:${c.kind}`)).toEqual(["code:text", "owner.name:text", "latestEvaluation.totalScore:number"]);
  });

  it("says there is no list when there is none", () => {
    expect(resultTable({ me: { name: "王俊傑" } })).toBeNull();
    expect(resultTable(series)!.columns.find((c) => c.key === "series")!.kind).toBe("empty");
  });

  it("finds the series of a single indicator as its own list, to be drawn (fails if only the one-row indicator list is offered)", () => {
    const one = {
      indicators: {
        edges: [
          {
            node: {
              code: "MKT-01",
              series: [
                { start: "2026-11-01T00:00:00Z", avg: 1.5 },
                { start: "2026-11-01T01:00:00Z", avg: 2 },
              ],
            },
          },
        ],
      },
    };
    const tables = resultTables(one);
    expect(tables.map((x) => x.path)).toEqual(["indicators", "indicators.series"]);
    expect(chartChoice(tables[1].table.columns)).not.toBeNull();
    expect(chartChoice(tables[0].table.columns)).toBeNull();
  });

  it("does not take codes or numbers in text for times", () => {
    expect(columnKind(["P-FIN", "2026"])).toBe("text");
    expect(columnKind(["2026-11-01", "2026-11-02T08:00:00Z"])).toBe("time");
    expect(columnKind([1, "2"])).toBe("text");
  });
});

describe("sortRows: a table sorted by any column", () => {
  const t = resultTable(buckets)!;
  const by = (key: string) => t.columns.find((c) => c.key === key)!;

  it("sorts times as instants and numbers as numbers, both ways (fails on a text sort: 10 < 9)", () => {
    expect(sortRows(t.rows, by("key"), "asc").map((r) => r.count)).toEqual([7, 2, 4]);
    expect(sortRows([{ n: 9 }, { n: 10 }, { n: 1 }], { key: "n", kind: "number" }, "asc").map((r) => r.n)).toEqual([1, 9, 10]);
    expect(sortRows(t.rows, by("count"), "desc").map((r) => r.count)).toEqual([7, 4, 2]);
  });

  it("puts empty cells last in either direction", () => {
    expect(sortRows(t.rows, by("meanSecondsToResolve"), "asc").map((r) => r.meanSecondsToResolve)).toEqual([60, 120.5, null]);
    expect(sortRows(t.rows, by("meanSecondsToResolve"), "desc").map((r) => r.meanSecondsToResolve)).toEqual([120.5, 60, null]);
  });
});

describe("chartChoice / chartData: what can be drawn, and its points", () => {
  it("offers time columns first as x and numeric columns as values; nothing without a number", () => {
    const t = resultTable(buckets)!;
    expect(chartChoice(t.columns)).toEqual({ xs: [{ key: "key", kind: "time" }], ys: t.columns.slice(1) });
    expect(chartChoice([{ key: "code", kind: "text" }])).toBeNull();
  });

  it("draws over time in time order, a missing value as a gap (fails if rows are drawn in result order)", () => {
    const t = resultTable(buckets)!;
    const d = chartData(t.rows, t.columns[0], [t.columns[1], t.columns[2]]);
    expect(d.axis).toBe("time");
    expect(d.series[0].data).toEqual([
      [Date.parse("2026-11-01T00:00:00.000Z"), 7],
      [Date.parse("2026-11-02T00:00:00.000Z"), 2],
      [Date.parse("2026-11-03T00:00:00.000Z"), 4],
    ]);
    expect(d.series[1].data.map(([, v]) => v)).toEqual([null, 60, 120.5]);
  });

  it("draws over text as categories in row order", () => {
    const d = chartData(
      [
        { code: "A", n: 1 },
        { code: "B", n: 2 },
      ],
      { key: "code", kind: "text" },
      [{ key: "n", kind: "number" }],
    );
    expect(d).toEqual({
      axis: "category",
      categories: ["A", "B"],
      series: [
        {
          name: "n",
          data: [
            ["A", 1],
            ["B", 2],
          ],
        },
      ],
    });
  });
});
