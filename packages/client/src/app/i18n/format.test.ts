import { describe, expect, it } from "vitest";
import { detectLocale, digitsFor, formatAge, formatDateTime, formatDuration, formatNumber, interpolate, localName } from "./format";

const NOW = Date.parse("2026-11-27T12:00:00Z");

// The dashboard speaks the policy's language (Traditional Chinese) and English.
describe("detectLocale", () => {
  it("chooses Traditional Chinese for any Chinese browser language, English otherwise", () => {
    expect(detectLocale(["zh-TW", "en"])).toBe("zh-Hant");
    expect(detectLocale(["zh-CN"])).toBe("zh-Hant");
    expect(detectLocale(["en-GB", "zh-TW"])).toBe("en");
    expect(detectLocale(["de-DE"])).toBe("en");
    expect(detectLocale([])).toBe("zh-Hant");
  });
});

describe("formatNumber", () => {
  it("groups and rounds per locale", () => {
    expect(formatNumber("en", 12345.678, 1)).toBe("12,345.7");
    expect(formatNumber("zh-Hant", 12345.678, 0)).toBe("12,346");
    expect(formatNumber("en", null)).toBe("–");
    expect(formatNumber("en", Number.NaN)).toBe("–");
  });

  it("picks decimals by magnitude", () => {
    expect(digitsFor(5230)).toBe(0);
    expect(digitsFor(12.3)).toBe(2);
    expect(digitsFor(0.012)).toBe(4);
  });
});

describe("formatDateTime", () => {
  // ICU puts narrow or non-breaking spaces in some patterns; compare with plain spaces.
  const plain = (s: string) => s.replace(/\s/g, " ");
  it("formats per locale in a given time zone", () => {
    expect(formatDateTime("en", "2026-11-27T13:05:00Z", "time", "UTC")).toBe("13:05:00");
    expect(plain(formatDateTime("zh-Hant", "2026-11-27T13:05:00Z", "short", "UTC"))).toBe("11/27 13:05");
    expect(plain(formatDateTime("en", "2026-11-27T13:05:00Z", "short", "UTC"))).toBe("11/27, 13:05");
    expect(formatDateTime("en", "not a date")).toBe("–");
  });
});

describe("formatAge", () => {
  it("says how long ago in the largest whole unit", () => {
    expect(formatAge("en", NOW - 12_000, NOW)).toBe("12 sec. ago");
    expect(formatAge("en", NOW - 5 * 60_000, NOW)).toBe("5 min. ago");
    expect(formatAge("zh-Hant", NOW - 5 * 60_000, NOW)).toBe("5 分鐘前");
    expect(formatAge("zh-Hant", NOW - 3 * 3_600_000, NOW)).toBe("3 小時前");
    expect(formatAge("en", NOW + 2 * 86_400_000, NOW)).toBe("in 2 days");
  });

  it("formats compact durations", () => {
    expect(formatDuration(4_000)).toBe("4s");
    expect(formatDuration(245_000)).toBe("4m 05s");
    expect(formatDuration(2 * 3_600_000 + 600_000)).toBe("2h 10m");
  });
});

describe("interpolate and localName", () => {
  it("fills placeholders and leaves unknown ones", () => {
    expect(interpolate("{n} open, {x}", { n: 3 })).toBe("3 open, {x}");
  });

  it("uses the English name in English when there is one", () => {
    expect(localName("en", { name: "財務管理", nameEn: "Finance" })).toBe("Finance");
    expect(localName("zh-Hant", { name: "財務管理", nameEn: "Finance" })).toBe("財務管理");
    expect(localName("en", { name: "財務管理", nameEn: "" })).toBe("財務管理");
  });
});
