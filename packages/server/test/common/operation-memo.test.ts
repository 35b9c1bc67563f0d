import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { MAX_KEYED_VALUES, operationMemo } from "../../src/lib/operation-memo.js";

/**
 * §6.4 cost limit and the direct response (issue 13) are computed once per operation and
 * variables (lib/operation-memo.ts). A large batch's variables (1,000 readings: ~5,000 values)
 * are not made a key: stringifying them cost ~2 ms per ingest request and kept 100 KB per batch.
 */
describe("operationMemo", () => {
  const document = parse(`mutation($r: [ReadingInput!]!) { recordReadings(input: { readings: $r }) { accepted } }`);
  const rows = (n: number, value = 1) => Array.from({ length: n }, (_, i) => ({ indicatorId: `I${i}`, value }));

  it("computes once per operation and (few) variables, anew when they differ", () => {
    let calls = 0;
    const memo = operationMemo((a: { document: typeof document; variableValues?: Record<string, unknown> }) => (calls++, (a.variableValues!.r as unknown[]).length));
    expect(memo({ document, variableValues: { r: rows(3) } })).toBe(3);
    expect(memo({ document, variableValues: { r: rows(3) } })).toBe(3);
    expect(calls).toBe(1);
    // failure: a cached value answered for other variables.
    expect(memo({ document, variableValues: { r: rows(4) } })).toBe(4);
    expect(calls).toBe(2);
  });

  it("computes afresh, never from a key, for variables of more values than MAX_KEYED_VALUES", () => {
    const seen: unknown[] = [];
    const memo = operationMemo((a: { document: typeof document; variableValues?: Record<string, unknown> }) => (seen.push(a.variableValues), seen.length));
    const big = { r: rows(MAX_KEYED_VALUES) };
    expect(memo({ document, variableValues: big })).toBe(1);
    // failure: a second batch of the same size with other values answered from the first one's entry.
    const other = { r: rows(MAX_KEYED_VALUES, 2) };
    expect(memo({ document, variableValues: other })).toBe(2);
    expect(memo({ document, variableValues: big })).toBe(3);
    expect(seen).toEqual([big, other, big]);
    // Just under the bound (the list, its objects and their fields are values): kept as before.
    const small = { r: rows(Math.floor((MAX_KEYED_VALUES - 2) / 3)) };
    expect(memo({ document, variableValues: small })).toBe(4);
    expect(memo({ document, variableValues: small })).toBe(4);
  });
});
