// @vitest-environment happy-dom
import { screen } from "@testing-library/react";
import { Client, fetchExchange, Provider, subscriptionExchange } from "urql";
import { describe, expect, it } from "vitest";
import { renderInLanguage } from "../../testing/render";
import { InboxBell } from "./InboxBell";

/**
 * The API as the bell meets it: `unreadNotificationCount` answered over HTTP from `unread`, and
 * `notificationAdded` pushed over the subscription transport when the test says so.
 */
function fakeApi() {
  const state = { unread: 2, countQueries: 0 };
  const sinks: { next(value: unknown): void }[] = [];
  const client = new Client({
    url: "http://api.test/graphql",
    requestPolicy: "cache-and-network",
    fetch: async () => {
      state.countQueries++;
      return new Response(JSON.stringify({ data: { unreadNotificationCount: state.unread } }), { headers: { "content-type": "application/json" } });
    },
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: () => ({
          subscribe(sink) {
            sinks.push(sink);
            return { unsubscribe() {} };
          },
        }),
      }),
    ],
  });
  const notify = (id: string) => {
    state.unread++;
    const notification = {
      id,
      subject: "FIN-03 嚴重",
      body: "",
      createdAt: "2026-11-30T10:00:00Z",
      readAt: null,
      evaluation: null,
      action: null,
      alert: { id: "a1" },
      incident: null,
    };
    for (const s of sinks) s.next({ data: { notificationAdded: { __typename: "Notification", ...notification } } });
  };
  return { client, state, notify, sinks };
}

// §4.4.1 §6.2.2: the shell's bell shows the unread count and it rises live when a notification arrives.
describe("the inbox bell", () => {
  it("shows the unread count and re-reads it when notificationAdded delivers one", async () => {
    const api = fakeApi();
    renderInLanguage(
      <Provider value={api.client}>
        <InboxBell />
      </Provider>,
    );
    const bell = await screen.findByRole("link", { name: "Inbox, 2 unread" });
    expect(bell.getAttribute("href")).toBe("/inbox");
    expect(bell.textContent).toBe("2");
    expect(api.sinks.length).toBe(1);
    // Failure pinned: a count read once at sign-in and never again (a reload needed to see new warnings).
    api.notify("n9");
    expect((await screen.findByRole("link", { name: "Inbox, 3 unread" })).textContent).toBe("3");
    api.notify("n10");
    expect((await screen.findByRole("link", { name: "Inbox, 4 unread" })).textContent).toBe("4");
  });

  it("names the count in Traditional Chinese", async () => {
    const api = fakeApi();
    renderInLanguage(
      <Provider value={api.client}>
        <InboxBell />
      </Provider>,
      "zh-Hant",
    );
    expect((await screen.findByRole("link", { name: "收件匣，2 則未讀" })).textContent).toBe("2");
  });
});
