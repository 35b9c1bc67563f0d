import { describe, expect, it } from "vitest";
import { localLoginEnabled, mapGroups, oidcSettings } from "./oidc-config.js";
import { isQuiet } from "./settings.js";

const settings = oidcSettings({
  OIDC_ISSUER: "https://id.example",
  OIDC_CLIENT_ID: "cr",
  OIDC_GROUP_MAP: JSON.stringify({ heads: { roles: ["DEPARTMENT_HEAD"], unit: "FIN" }, analysts: { roles: ["ANALYST"] } }),
})!;

describe("issue 15 §6.4 directory groups to roles and unit", () => {
  it("grants the union of the mapped groups' roles and the first unit named; unmapped groups grant nothing", () => {
    expect(mapGroups(settings, ["staff", "analysts", "heads"])).toEqual({ roles: ["ANALYST", "DEPARTMENT_HEAD"], unitCode: "FIN" });
    expect(mapGroups(settings, "analysts")).toEqual({ roles: ["ANALYST"], unitCode: null });
    expect(mapGroups(settings, ["staff"])).toBeNull();
    expect(mapGroups(settings, undefined)).toBeNull();
  });

  it("refuses to start with a group map naming an unknown role, and without a client id", () => {
    expect(() => oidcSettings({ OIDC_ISSUER: "https://id.example", OIDC_CLIENT_ID: "cr", OIDC_GROUP_MAP: '{"x": {"roles": ["ROOT"]}}' })).toThrow(/roles must list/);
    expect(() => oidcSettings({ OIDC_ISSUER: "https://id.example" })).toThrow(/OIDC_CLIENT_ID/);
    expect(oidcSettings({})).toBeNull();
  });

  it("LOCAL_LOGIN is on unless switched off", () => {
    expect(localLoginEnabled({})).toBe(true);
    expect(localLoginEnabled({ LOCAL_LOGIN: "off" })).toBe(false);
  });
});

describe("issue 15 quiet hours, in the person's time zone", () => {
  const prefs = { levels: [], channels: [], quietHours: { start: "22:00", end: "07:00" } };
  it("a span past midnight covers late evening and early morning only", () => {
    expect(isQuiet(prefs, "Asia/Taipei", new Date("2026-11-30T15:30:00Z"))).toBe(true); // 23:30 in Taipei
    expect(isQuiet(prefs, "Asia/Taipei", new Date("2026-11-30T22:59:00Z"))).toBe(true); // 06:59
    expect(isQuiet(prefs, "Asia/Taipei", new Date("2026-11-30T23:00:00Z"))).toBe(false); // 07:00
    expect(isQuiet(prefs, "UTC", new Date("2026-11-30T15:30:00Z"))).toBe(false);
    expect(isQuiet({ ...prefs, quietHours: null }, "UTC", new Date())).toBe(false);
  });
});
