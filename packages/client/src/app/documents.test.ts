import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildSchema, parse, print, validate, type DocumentNode } from "graphql";
import { describe, expect, it } from "vitest";
import * as alerts from "../features/alerts/queries";
import { EXAMPLE_QUERIES } from "../features/workbench/examples";
import * as indicators from "../features/indicators/queries";
import * as processes from "../features/processes/queries";
import * as risks from "../features/risks/queries";
import { RENEW, SIGN_IN, SIGN_OUT } from "./session";

// Every operation the dashboard sends is valid against the API's committed schema, so a
// renamed field fails here rather than on a wall screen. The typed documents' result types are
// checked by the type-check (gql.tada, `typecheck`); this also covers the explorer's examples,
// which are text.
const schema = buildSchema(readFileSync(fileURLToPath(new URL("../../../server/schema.graphql", import.meta.url)), "utf8"));

const isOperation = (value: unknown): value is DocumentNode =>
  !!value && typeof value === "object" && (value as DocumentNode).kind === "Document" && (value as DocumentNode).definitions.some((d) => d.kind === "OperationDefinition");

// Every feature's queries module (issue 9 item 6: the check covered four of them), found by name.
const featureQueries = Object.values(import.meta.glob<Record<string, unknown>>("../features/**/*{queries,Queries}.ts", { eager: true }));

const documents: [string, string][] = [];
for (const mod of new Set([alerts, indicators, processes, risks, ...featureQueries])) {
  for (const [name, value] of Object.entries(mod)) {
    if (typeof value === "string" && /^\s*(query|mutation|subscription)\b/.test(value)) documents.push([name, value]);
    // Fragments on their own are checked where an operation spreads them.
    else if (isOperation(value)) documents.push([name, print(value)]);
  }
}
for (const [name, doc] of Object.entries({ SIGN_IN, RENEW, SIGN_OUT })) documents.push([name, print(doc)]);
for (const ex of EXAMPLE_QUERIES) documents.push([`example ${ex.title}`, ex.query]);

describe("GraphQL documents", () => {
  it("found the documents", () => {
    expect(documents.length).toBeGreaterThan(15);
    expect(featureQueries.length).toBeGreaterThanOrEqual(15);
  });

  it.each(documents)("%s is valid against schema.graphql", (_name, source) => {
    expect(validate(schema, parse(source)).map((e) => e.message)).toEqual([]);
  });
});
