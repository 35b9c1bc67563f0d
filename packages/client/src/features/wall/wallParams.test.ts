import { describe, expect, it } from "vitest";
import { parseWallParams } from "./wallParams";

const p = (q: string) => parseWallParams(new URLSearchParams(q));

// The wall display is configured only by its address and must come up with defaults.
describe("parseWallParams", () => {
  it("reads the token, rotation and views", () => {
    expect(p("token=crd_x&rotate=45&views=risks,live&view=live")).toEqual({ token: "crd_x", rotate: 45, views: ["risks", "live"], start: 1 });
  });

  it("defaults to every view, 30 s each", () => {
    expect(p("token=t")).toEqual({ token: "t", rotate: 30, views: ["live", "risks", "processes"], start: 0 });
  });

  it("keeps one view with rotate=0 and clamps silly values", () => {
    expect(p("rotate=0").rotate).toBe(0);
    expect(p("rotate=1").rotate).toBe(5);
    expect(p("rotate=-3").rotate).toBe(30);
    expect(p("rotate=abc").rotate).toBe(30);
    expect(p("views=nope").views).toEqual(["live", "risks", "processes"]);
    expect(p("").token).toBeNull();
  });
});
