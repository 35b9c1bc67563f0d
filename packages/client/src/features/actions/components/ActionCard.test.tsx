// @vitest-environment happy-dom
import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInLanguage } from "../../../testing/render";
import { trackerOrder, type ActionItem } from "../queries";
import { ActionCard, nextSteps } from "./ActionCard";

// §4.4.2: the tracker shows overdue work first; progress, complete, verify (process office) and reopen.
const action = (over: Partial<ActionItem> = {}): ActionItem => ({
  id: "a1",
  kind: "RECTIFICATION",
  title: "增派審核人員",
  description: "",
  status: "DONE",
  progress: 100,
  deadline: "2026-12-14T00:00:00Z",
  overdue: false,
  completedAt: null,
  verifiedAt: null,
  verificationNote: null,
  owner: { id: "u1", name: "林淑芬" },
  ownerUnit: { id: "fin", code: "FIN", name: "財務部", nameEn: "Finance Department" },
  process: { id: "p1", code: "P-FIN", name: "財務管理", nameEn: "Finance" },
  indicator: { id: "i1", code: "FIN-03", name: "成本收入比", nameEn: "Cost-to-revenue ratio", status: "CRITICAL" },
  updates: [{ id: "u", kind: "COMPLETED", note: "人員已到位", progress: 100, createdAt: "2026-11-30T10:00:00Z", author: { id: "u1", name: "林淑芬" } }],
  ...over,
});

describe("action card", () => {
  it("shows the owner, deadline, progress, the indicator that must recover with its status, and the last note", () => {
    renderInLanguage(
      <ul>
        <ActionCard action={action()} canVerify />
      </ul>,
    );
    const card = within(screen.getByRole("listitem"));
    expect(card.getByText("Finance Department · 林淑芬")).toBeTruthy();
    expect(card.getByRole("link", { name: "Indicator to recover: FIN-03 Cost-to-revenue ratio" }).getAttribute("href")).toBe("/indicators/i1");
    expect(card.getByText("Critical")).toBeTruthy();
    expect(card.getByText(/人員已到位/)).toBeTruthy();
  });

  it("marks an overdue action", () => {
    renderInLanguage(
      <ul>
        <ActionCard action={action({ status: "IN_PROGRESS", overdue: true })} canVerify={false} />
      </ul>,
    );
    expect(within(screen.getByRole("listitem")).getByText("Overdue")).toBeTruthy();
  });

  it("offers verify only to the process office, and hands the step to the page", () => {
    const onStep = vi.fn();
    const { unmount } = renderInLanguage(
      <ul>
        <ActionCard action={action()} canVerify={false} onStep={onStep} />
      </ul>,
    );
    expect(screen.queryByRole("button", { name: /^Verify/ })).toBeNull();
    unmount();
    renderInLanguage(
      <ul>
        <ActionCard action={action()} canVerify onStep={onStep} />
      </ul>,
    );
    fireEvent.click(screen.getByRole("button", { name: "Verify: 增派審核人員" }));
    expect(onStep).toHaveBeenCalledWith("verify", expect.objectContaining({ id: "a1" }));
    expect(nextSteps("IN_PROGRESS", true)).toEqual(["progress", "complete"]);
    expect(nextSteps("VERIFIED", true)).toEqual(["reopen"]);
    expect(nextSteps("CANCELLED", true)).toEqual([]);
  });

  it("orders the tracker overdue first, then open before done, then by deadline", () => {
    const list = [
      action({ id: "done", status: "DONE", deadline: "2026-12-01T00:00:00Z" }),
      action({ id: "later", status: "OPEN", deadline: "2026-12-20T00:00:00Z" }),
      action({ id: "late", status: "IN_PROGRESS", overdue: true, deadline: "2026-11-01T00:00:00Z" }),
      action({ id: "sooner", status: "OPEN", deadline: "2026-12-05T00:00:00Z" }),
      action({ id: "none", status: "OPEN", deadline: null }),
    ];
    expect([...list].sort(trackerOrder).map((a) => a.id)).toEqual(["late", "sooner", "later", "none", "done"]);
  });

  it("speaks Traditional Chinese", () => {
    renderInLanguage(
      <ul>
        <ActionCard action={action()} canVerify onStep={() => {}} />
      </ul>,
      "zh-Hant",
    );
    expect(screen.getByRole("button", { name: "驗證：增派審核人員" })).toBeTruthy();
    expect(screen.getByText("已完成")).toBeTruthy();
  });
});
