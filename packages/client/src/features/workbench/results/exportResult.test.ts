// @vitest-environment node
/**
 * Issue 14 item 4 (§2.3.3 collect and analyse run data): any result as a CSV or XLSX download.
 * Pinned: the XLSX is opened with another library (ExcelJS) and must hold the table as shown:
 * the header row, numbers as numbers, times as dates, text as text and empty cells empty (fails
 * if the file is not a workbook, a number is written as text, or a time as a string); the CSV has
 * the same header and cells, quoted where needed.
 */
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { resultCsv, resultXlsx } from "./exportResult";
import { resultTable } from "./resultModel";

const answer = {
  alertStats: [
    { key: "2026-11-01T00:00:00.000Z", process: { code: "P-FIN" }, count: 7, meanSecondsToResolve: null, note: "含, 逗號" },
    { key: "2026-11-02T00:00:00.000Z", process: { code: "P-HR" }, count: 2, meanSecondsToResolve: 60.5, note: "plain" },
  ],
};

describe("results as files", () => {
  it("XLSX: a workbook ExcelJS opens, with the header and typed cells of the table", async () => {
    const table = resultTable(answer)!;
    const blob = await (await resultXlsx(table.columns, table.rows)).toBlob();
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await blob.arrayBuffer());
    const sheet = book.worksheets[0];
    expect(sheet.rowCount).toBe(3);
    const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(row(1)).toEqual(["key", "process.code", "count", "meanSecondsToResolve", "note"]);
    const [first, second] = [row(2), row(3)];
    expect(first[0]).toBeInstanceOf(Date);
    expect((first[0] as Date).toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(first.slice(1)).toEqual(["P-FIN", 7, undefined, "含, 逗號"]);
    expect(second.slice(1)).toEqual(["P-HR", 2, 60.5, "plain"]);
  });

  it("CSV: the same header and cells, a comma quoted", () => {
    const table = resultTable(answer)!;
    expect(resultCsv(table.columns, table.rows).split("\r\n")).toEqual([
      "key,process.code,count,meanSecondsToResolve,note",
      '2026-11-01T00:00:00.000Z,P-FIN,7,,"含, 逗號"',
      "2026-11-02T00:00:00.000Z,P-HR,2,60.5,plain",
    ]);
  });
});
