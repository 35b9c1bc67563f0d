import { describe, expect, it } from "vitest";
import { tokenExpired } from "./connection";

describe("§6.4 the live connection after the server closes it", () => {
  it("reconnects (not 'denied') when the server closed the socket because its access token expired", () => {
    expect(tokenExpired({ code: 4401, reason: "Unauthorized: access token expired" })).toBe(true);
    expect(tokenExpired({ code: 4401, reason: "Unauthorized" })).toBe(false);
    expect(tokenExpired({ code: 4403, reason: "Forbidden: credential revoked" })).toBe(false);
    expect(tokenExpired(undefined)).toBe(false);
  });
});
