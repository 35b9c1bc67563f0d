import { describe, expect, it } from "vitest";
import { EN } from "./en";
import { ZH_HANT } from "./zhHant";

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

// Every visible string exists in both languages, with the same placeholders.
describe("dictionaries", () => {
  it("define the same keys", () => {
    expect(Object.keys(ZH_HANT).sort()).toEqual(Object.keys(EN).sort());
  });

  it("use the same placeholders in each message", () => {
    for (const key of Object.keys(EN) as (keyof typeof EN)[]) {
      expect([key, placeholders(ZH_HANT[key])]).toEqual([key, placeholders(EN[key])]);
    }
  });

  it("leave no message empty except unit labels that have none", () => {
    const empty = Object.entries(ZH_HANT)
      .filter(([k, v]) => v === "" && !k.startsWith("unit."))
      .map(([k]) => k);
    expect(empty).toEqual([]);
  });
});
