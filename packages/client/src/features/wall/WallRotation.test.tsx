// @vitest-environment happy-dom
import { act, fireEvent, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderInLanguage } from "../../testing/render";
import { WallViewNav } from "./components/WallViewNav";
import { RotatingViews } from "./components/RotatingViews";
import type { WallView } from "./wallParams";

// §5.3.1 real-time monitoring on an unattended wall: the views take turns by themselves, the one
// showing is marked, the countdown says when the next comes, and a touch jumps to a view. The
// wall's own frame (RotatingViews, as WallPage renders it) with its view buttons; each view's body
// here is its name.
function RotatingWall({ views, seconds, start = 0 }: { views: WallView[]; seconds: number; start?: number }) {
  return (
    <RotatingViews views={views} rotate={seconds} start={start} header={(nav) => <WallViewNav {...nav} />}>
      {(view) => view}
    </RotatingViews>
  );
}

const current = () => screen.getByRole("navigation", { name: "Views" }).querySelector("[aria-current=page]")?.textContent;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("wall rotation", () => {
  it("shows the first view, counts down, and moves to the next view when its time is up, wrapping around", () => {
    renderInLanguage(<RotatingWall views={["live", "risks", "processes"]} seconds={20} />);
    expect(current()).toBe("Warnings and indicators");
    expect(screen.getByRole("main")).toHaveProperty("textContent", "live");
    expect(screen.getByText("Next view in 20 s")).toBeTruthy();

    act(() => vi.advanceTimersByTime(5_000));
    expect(screen.getByText("Next view in 15 s")).toBeTruthy();
    expect(current()).toBe("Warnings and indicators");

    act(() => vi.advanceTimersByTime(15_000));
    expect(current()).toBe("Risk heat map");
    expect(screen.getByRole("main")).toHaveProperty("textContent", "risks");

    act(() => vi.advanceTimersByTime(40_000));
    expect(current()).toBe("Warnings and indicators");
  });

  it("jumps to the view a person picks, and gives it the full time", () => {
    renderInLanguage(<RotatingWall views={["live", "risks", "processes"]} seconds={30} />);
    act(() => vi.advanceTimersByTime(25_000));
    fireEvent.click(screen.getByRole("button", { name: "Process overview" }));
    expect(current()).toBe("Process overview");
    act(() => vi.advanceTimersByTime(1_000));
    expect(screen.getByText("Next view in 29 s")).toBeTruthy();
    act(() => vi.advanceTimersByTime(29_000));
    expect(current()).toBe("Warnings and indicators");
  });

  it("stays on the start view and shows no countdown with rotation off (rotate=0)", () => {
    renderInLanguage(<RotatingWall views={["live", "risks"]} seconds={0} start={1} />);
    act(() => vi.advanceTimersByTime(600_000));
    expect(current()).toBe("Risk heat map");
    expect(screen.queryByText(/Next view in/)).toBeNull();
  });

  it("does not rotate or count down with a single view", () => {
    renderInLanguage(<RotatingWall views={["risks"]} seconds={20} />);
    act(() => vi.advanceTimersByTime(60_000));
    expect(current()).toBe("Risk heat map");
    expect(screen.queryByText(/Next view in/)).toBeNull();
  });
});
