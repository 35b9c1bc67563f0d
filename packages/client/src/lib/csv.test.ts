import { describe, expect, it } from "vitest";
import { csvCell, findRecordList, flattenRecord, recordsToCsv, toCsv } from "./csv";

// §6.1.2: information kept for query can leave the dashboard as CSV of any list view.
describe("toCsv", () => {
  it("writes a header and one line per row, CRLF-separated", () => {
    const csv = toCsv(
      [
        { code: "P-FIN", n: 3 },
        { code: "P-HR", n: 0 },
      ],
      [
        { header: "code", value: (r) => r.code },
        { header: "count", value: (r) => r.n },
      ],
    );
    expect(csv).toBe("code,count\r\nP-FIN,3\r\nP-HR,0");
  });

  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell("line1\nline2")).toBe('"line1\nline2"');
    expect(csvCell(" padded ")).toBe('" padded "');
  });

  it("keeps Chinese text as it is", () => {
    expect(csvCell("財務管理")).toBe("財務管理");
  });

  it("writes empty cells for null, undefined and non-finite numbers", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell(Number.NaN)).toBe("");
  });

  it("neutralises text a spreadsheet would run as a formula, but not negative numbers", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("-12.5")).toBe("-12.5");
    expect(csvCell(-3)).toBe("-3");
  });

  it("writes dates as ISO 8601 and objects as JSON", () => {
    expect(csvCell(new Date("2026-01-02T03:04:05Z"))).toBe("2026-01-02T03:04:05.000Z");
    expect(csvCell({ a: 1 })).toBe('"{""a"":1}"');
  });
});

describe("flattenRecord and recordsToCsv", () => {
  it("flattens nested objects to dotted keys and drops __typename", () => {
    expect(flattenRecord({ __typename: "Alert", id: "1", indicator: { code: "FIN-04", process: { code: "P-FIN" } }, tags: ["a", "b"] })).toEqual({
      id: "1",
      "indicator.code": "FIN-04",
      "indicator.process.code": "P-FIN",
      tags: "a; b",
    });
  });

  it("uses the union of keys as columns, in first-seen order", () => {
    expect(recordsToCsv([{ a: 1 }, { b: 2, a: 3 }])).toBe("a,b\r\n1,\r\n3,2");
  });
});

describe("findRecordList", () => {
  it("unwraps a connection's edges to nodes", () => {
    expect(findRecordList({ processes: { totalCount: 2, edges: [{ node: { id: 1 } }, { node: { id: 2 } }] } })).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("finds a plain list of objects and returns null when there is none", () => {
    expect(findRecordList({ riskMatrix: [{ impact: 1 }] })).toEqual([{ impact: 1 }]);
    expect(findRecordList({ me: { kind: "user" } })).toBeNull();
  });
});
