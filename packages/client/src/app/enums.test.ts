import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildSchema, isEnumType } from "graphql";
import { describe, expect, it } from "vitest";

// Issue 9 item 6: no hand-written result types or enums in the dashboard. An enum's values come from
// the schema (`Enum<"AlertLevel">`, or `enumValues<"RiskLevel">({ … })` for a list the page shows,
// checked both ways by the type-check); a string union or a literal list of an enum's values, as
// `"WARNING" | "CRITICAL"` or `["OPEN", "MONITORING", "CLOSED"] as const`, is a copy that a schema
// change leaves stale without failing anything. Pins the copies the dashboard had (ChartLevel, the
// risk register's and the plans' filters, the people page's roles, …).
const root = fileURLToPath(new URL("../../", import.meta.url));
const schema = buildSchema(readFileSync(fileURLToPath(new URL("../../../server/schema.graphql", import.meta.url)), "utf8"));
const enums = Object.values(schema.getTypeMap())
  .filter(isEnumType)
  .filter((e) => !e.name.startsWith("__"))
  .map((e) => ({ name: e.name, values: new Set(e.getValues().map((v) => v.name)) }));

const files = execFileSync("git", ["ls-files", "src"], { cwd: root, encoding: "utf8" })
  .split("\n")
  .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) && !f.endsWith(".d.ts"));

/**
 * Two or more string literals written as a type union (`"A" | "B"`), or as a named list
 * (`const LEVELS = ["A", "B"]`, with or without a type or `as const`). A list inside a value (a
 * query's variables, a nav entry) is data, not a declaration of the enum.
 */
const LITERALS = /(?:"[A-Z][A-Z_]*"\s*\|\s*)+"[A-Z][A-Z_]*"|\bconst\s+\w+(?:\s*:[^=\n]+)?\s*=\s*\[\s*(?:"[A-Z][A-Z_]*"\s*,\s*)+"[A-Z][A-Z_]*"\s*,?\s*\]/g;

describe("the dashboard's enums come from the schema (issue 9 item 6)", () => {
  it("reads the dashboard's sources and the schema's enums", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(enums.find((e) => e.name === "AlertLevel")?.values).toEqual(new Set(["CRITICAL", "WARNING"]));
  });

  it("no source spells out two or more values of one schema enum as a union or a list", () => {
    const copies: string[] = [];
    for (const file of files) {
      const text = readFileSync(`${root}${file}`, "utf8");
      for (const m of text.matchAll(LITERALS)) {
        const values = [...m[0].matchAll(/"([A-Z_]+)"/g)].map((x) => x[1]);
        const of = enums.find((e) => values.every((v) => e.values.has(v)));
        if (of) copies.push(`${file}: ${m[0].replace(/\s+/g, " ")} (enum ${of.name})`);
      }
    }
    expect(copies).toEqual([]);
  });
});
