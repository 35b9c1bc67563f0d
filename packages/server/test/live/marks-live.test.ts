import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { marksLive } from "../../src/app/live-queries.js";

/**
 * Issue 13 item 7 / issue 14 item 5 (§5.3.1 live queries): the live-query store and the
 * credential watch are asked only about operations marked `@live` (every other request skipped
 * their per-request work). Pinned: a check that missed the directive on the operation that runs
 * (a named one among several, or `@live(if: false)`, which the store itself must still read) would
 * turn a live query into a one-off answer; one that saw it on an operation that does not run would
 * hand an ordinary query to the store.
 */
describe("marksLive", () => {
  it("§5.3.1 sees @live on the operation that runs, and only there", () => {
    expect(marksLive(parse("query @live { me { name } }"))).toBe(true);
    expect(marksLive(parse("query Q @live(throttle: 5000) { me { name } }"), "Q")).toBe(true);
    expect(marksLive(parse("query @live(if: false) { me { name } }"))).toBe(true);
    expect(marksLive(parse("{ processes(first: 10) { edges { node { code name } } } }"))).toBe(false);
    expect(marksLive(parse("query Q { me { name @include(if: true) } }"))).toBe(false);
    const two = parse("query A @live { me { name } } query B { me { name } }");
    expect(marksLive(two, "A")).toBe(true);
    expect(marksLive(two, "B")).toBe(false);
    // Several operations and no name: no operation runs (yoga refuses it), none is live.
    expect(marksLive(two)).toBe(false);
  });

  it("§5.3.1 a subscription or a mutation is never a live query", () => {
    expect(marksLive(parse("subscription @live { alertEvents { id } }"))).toBe(false);
    expect(marksLive(parse("mutation @live { logout }"))).toBe(false);
  });
});
