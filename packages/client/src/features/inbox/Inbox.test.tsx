// @vitest-environment happy-dom
import { fireEvent, screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";
import { renderInLanguage } from "../../testing/render";
import { BellLink } from "./InboxBell";
import { InboxRow } from "./InboxPage";
import type { InboxItem } from "./queries";

// §4.4.1: results are fed back to an inbox with an unread count in the shell.
const item = (over: Partial<InboxItem> = {}): InboxItem => ({
  id: "n1",
  subject: "P-FIN 2026-11 評價定稿：不合格",
  body: "總分 43.8",
  createdAt: "2026-11-30T10:00:00Z",
  readAt: null,
  evaluation: { id: "e1", period: "2026-11", grade: "FAIL", process: { code: "P-FIN" } },
  action: null,
  alert: null,
  incident: null,
  feedback: null,
  ...over,
});

describe("inbox", () => {
  it("the bell names the unread count and shows it, hiding a zero", () => {
    const { unmount } = renderInLanguage(<BellLink count={3} label="Inbox, 3 unread" />);
    const bell = screen.getByRole("link", { name: "Inbox, 3 unread" });
    expect(bell.getAttribute("href")).toBe("/inbox");
    expect(bell.textContent).toBe("3");
    unmount();
    renderInLanguage(<BellLink count={0} label="Inbox, 0 unread" />);
    expect(screen.getByRole("link", { name: "Inbox, 0 unread" }).textContent).toBe("");
  });

  it("an unread notification links to its evaluation and can be marked read", () => {
    const onRead = vi.fn();
    renderInLanguage(
      <ul>
        <InboxRow item={item()} onRead={onRead} />
      </ul>,
    );
    expect(screen.getByText("Unread")).toBeTruthy();
    expect(screen.getByRole("link", { name: "Open" }).getAttribute("href")).toBe("/evaluations/e1");
    fireEvent.click(screen.getByRole("button", { name: "Mark as read: P-FIN 2026-11 評價定稿：不合格" }));
    expect(onRead).toHaveBeenCalled();
  });

  it("§2.4.3 failure pinned: a feedback message led nowhere — it opens its entry in the feedback tracker", () => {
    renderInLanguage(
      <ul>
        <InboxRow item={item({ subject: "收到回饋", evaluation: null, action: { id: "a9", title: "合併簽核" }, feedback: { id: "f1" } })} onRead={() => {}} />
      </ul>,
    );
    expect(screen.getByRole("link", { name: "Open" }).getAttribute("href")).toBe("/feedback?feedback=f1");
  });

  it("a read one offers no mark-as-read; in Traditional Chinese too", () => {
    renderInLanguage(
      <ul>
        <InboxRow item={item({ readAt: "2026-11-30T11:00:00Z" })} onRead={() => {}} />
      </ul>,
      "zh-Hant",
    );
    expect(screen.queryByRole("button")).toBeNull();
    expect(screen.getByRole("link", { name: "開啟" })).toBeTruthy();
  });
});
