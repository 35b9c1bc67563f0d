// @vitest-environment happy-dom
import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { conditionAlert, feedAlert } from "../../../testing/fixtures";
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

  // §2.3.2 (issue 10): a condition's warning shows its source and its subject, linked to the subject's page.
  it("shows an overdue plan's warning by its process and source, linked to the process's plans", () => {
    const a = conditionAlert("8", "MONITORING_PLAN_OVERDUE", { __typename: "Process", id: "p1", code: "P-FIN", name: "財務管理", nameEn: "Finance" });
    renderItem({ ...entry(), alert: a }, { actions: actions() });
    const li = within(item());
    expect(li.getByText("Monitoring plan overdue")).toBeTruthy();
    expect(li.getByRole("link", { name: "Finance" }).getAttribute("href")).toBe("/monitoring?process=p1");
    expect(li.getByText("condition 8")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Acknowledge: Finance" })).toBeTruthy();
    expect(item().getAttribute("data-source")).toBe("MONITORING_PLAN_OVERDUE");
  });

  it("shows an overdue action's warning by the action's title, linked to the tracker, under its process", () => {
    const a = conditionAlert("9", "ACTION_OVERDUE", { __typename: "Action", id: "a1", title: "增派審核人員", process: { id: "p2", code: "P-HR", name: "人力資源", nameEn: "HR" } });
    renderItem({ ...entry(), alert: a });
    const li = within(item());
    expect(li.getByText("Action overdue")).toBeTruthy();
    expect(li.getByText("HR")).toBeTruthy();
    expect(li.getByRole("link", { name: "增派審核人員" }).getAttribute("href")).toBe("/actions?action=a1");
  });

  it("shows a risk's warning by the risk in the screen's language, in Traditional Chinese too", () => {
    const a = conditionAlert("10", "RISK_WITHOUT_PLAN", { __typename: "Risk", id: "r1", code: "R-FIN-01", title: "資金短缺", titleEn: "Funding shortfall" });
    renderInLanguage(
      <ul>
        <AlertFeedItem entry={{ ...entry(), alert: a }} now={NOW} variant="wall" />
      </ul>,
      "zh-Hant",
    );
    expect(within(item()).getByText("資金短缺")).toBeTruthy();
    expect(within(item()).getByText("高風險未有核准的應急計劃")).toBeTruthy();
    expect(screen.queryByRole("link")).toBeNull();
  });

  // Issue 12 item 2 (§2.1.2, §6.2.2): the critical says it inhibits its indicator's warning, in both languages.
  it("names on a CRITICAL the WARNING of the same indicator it inhibits, in English and Traditional Chinese", () => {
    const critical: FeedEntry = {
      ...entry({ level: "CRITICAL", ruleLevel: "CRITICAL" }),
      inhibiting: [{ id: "w1", level: "WARNING", startedAt: "2026-11-27T10:00:00Z" }],
    };
    const { unmount } = renderItem(critical, { variant: "wall" });
    expect(item().getAttribute("data-inhibits")).toBe("w1");
    expect(within(item()).getByText(/^Escalated: inhibits the Warning of this indicator, which started 30 min/)).toBeTruthy();
    unmount();
    renderInLanguage(
      <ul>
        <AlertFeedItem entry={critical} now={NOW} variant="wall" />
      </ul>,
      "zh-Hant",
    );
    expect(within(item()).getByText(/^已升級：抑制此指標的警告（始於30 分鐘前）$/)).toBeTruthy();
  });

  it("has no such note on an alert that inhibits nothing", () => {
    renderItem(entry({ level: "CRITICAL" }));
    expect(item().getAttribute("data-inhibits")).toBeNull();
    expect(screen.queryByText(/inhibits/)).toBeNull();
  });
});
