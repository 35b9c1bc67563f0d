// @vitest-environment happy-dom
import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { feedAlert } from "../../../testing/fixtures";
import { renderInLanguage } from "../../../testing/render";
import type { FeedEntry } from "../feedState";
import type { FeedAlert } from "../queries";
import { AlertFeedItem, type AlertActions } from "./AlertFeedItem";

// §5.3.2: a warning in the feed says how bad it is, where, the value, its state, and (for a
// trend) which threshold is predicted when; the people who handle warnings act on it from there.
const NOW = Date.parse("2026-11-27T10:30:00Z");
const entry = (over: Partial<FeedAlert> = {}): FeedEntry => ({
  alert: feedAlert("7", { value: 12.5, ...over }) as FeedEntry["alert"],
  lastAt: "2026-11-27T10:20:00Z",
  lastEventId: "41",
  lastEventType: "FIRED",
  lastNote: null,
});
const actions = (): AlertActions => ({ onAcknowledge: vi.fn(), onAssign: vi.fn(), onResolve: vi.fn() });
const item = () => screen.getByRole("listitem");

function renderItem(e: FeedEntry, props: { actions?: AlertActions | null; variant?: "app" | "wall" } = {}) {
  return renderInLanguage(
    <ul>
      <AlertFeedItem entry={e} now={NOW} actions={props.actions} variant={props.variant ?? "app"} />
    </ul>,
  );
}

describe("alert feed item", () => {
  it("shows level, process › indicator (a link in the app), value with unit, state, last event and age", () => {
    renderItem(entry({ level: "CRITICAL", ruleLevel: "CRITICAL" }));
    const li = within(item());
    expect(li.getByText("Critical")).toBeTruthy();
    expect(li.getByText("Finance")).toBeTruthy();
    expect(li.getByRole("link", { name: "Indicator" }).getAttribute("href")).toBe("/indicators/i7");
    expect(li.getByText("12.5%")).toBeTruthy();
    expect(li.getByText("Firing")).toBeTruthy();
    expect(li.getByText("fired")).toBeTruthy();
    expect(li.getByText(/10 min/)).toBeTruthy();
  });

  it("names the threshold a trend alert predicts at its rule's level, not CRITICAL for every rule", () => {
    renderItem(entry({ ruleKind: "TREND", ruleLevel: "WARNING", predictedAt: "2026-11-27T12:00:00Z" }));
    expect(within(item()).getByText(/^Warning threshold expected /)).toBeTruthy();
    expect(within(item()).queryByText(/Critical threshold/)).toBeNull();
  });

  it("offers acknowledge, assign and resolve to a handler, each naming the indicator, and hands over the entry", () => {
    const a = actions();
    const e = entry();
    renderItem(e, { actions: a });
    fireEvent.click(screen.getByRole("button", { name: "Acknowledge: Indicator" }));
    fireEvent.click(screen.getByRole("button", { name: "Assign: Indicator" }));
    fireEvent.click(screen.getByRole("button", { name: "Resolve: Indicator" }));
    expect(a.onAcknowledge).toHaveBeenCalledWith(e);
    expect(a.onAssign).toHaveBeenCalledWith(e);
    expect(a.onResolve).toHaveBeenCalledWith(e);
  });

  it("offers no acknowledge once acknowledged, no action at all once resolved or without the right to act", () => {
    const { unmount } = renderItem(entry({ state: "ACKNOWLEDGED" }), { actions: actions() });
    expect(screen.queryByRole("button", { name: /Acknowledge/ })).toBeNull();
    expect(screen.getByRole("button", { name: "Resolve: Indicator" })).toBeTruthy();
    unmount();
    renderItem(entry({ state: "RESOLVED" }), { actions: actions() }).unmount();
    expect(screen.queryAllByRole("button")).toHaveLength(0);
    renderItem(entry(), { actions: null });
    expect(screen.queryAllByRole("button")).toHaveLength(0);
  });

  it("on the wall: no link, and the assignee is named", () => {
    renderItem(entry({ assignee: { id: "u1", name: "Chen" } }), { variant: "wall" });
    expect(screen.queryByRole("link")).toBeNull();
    expect(within(item()).getByText("Indicator")).toBeTruthy();
    expect(within(item()).getByText("Assigned to Chen")).toBeTruthy();
  });

  it("speaks Traditional Chinese on a zh-Hant screen", () => {
    renderInLanguage(
      <ul>
        <AlertFeedItem entry={entry({ level: "CRITICAL" })} now={NOW} variant="wall" />
      </ul>,
      "zh-Hant",
    );
    expect(within(item()).getByText("財務管理")).toBeTruthy();
    expect(within(item()).getByText("指標")).toBeTruthy();
  });
});
