import { useEffect, useRef, useState } from "react";
import { useMutation, useSubscription } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { Link } from "../../app/router";
import { errorText } from "../../app/ui/errorText";
import { ErrorNote, Loading } from "../../app/ui/States";
import { useLiveQuery } from "../../app/useLiveQuery";
import { INBOX_QUERY, MARK_READ, NOTIFICATION_ADDED, type InboxItem } from "./queries";

/** The viewer's inbox (§4.4.1): results fed back, newest first; mark one or all as read. */
export function InboxPage() {
  const { t } = useI18n();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const res = useLiveQuery({ query: INBOX_QUERY, variables: { unread: unreadOnly ? true : null } });
  const [mark, runMark] = useMutation(MARK_READ);
  // A new notification (live, §4.4.1) shows up without a reload.
  const [added] = useSubscription({ query: NOTIFICATION_ADDED });
  const lastAdded = added.data?.notificationAdded.id;
  const refetch = useRef(res.refetch);
  refetch.current = res.refetch;
  useEffect(() => {
    if (lastAdded) refetch.current();
  }, [lastAdded]);
  const items = res.data?.notifications.edges.map((e) => e.node) ?? [];
  const unread = items.filter((n) => !n.readAt).map((n) => n.id);
  const markRead = async (ids: string[]) => {
    await runMark({ ids });
    res.refetch();
  };
  return (
    <div className="page">
      <header className="page__head page__head--row">
        <div>
          <h1>{t("inbox.title")}</h1>
          <p className="muted">{t("inbox.subtitle")}</p>
        </div>
        <div className="page__tools">
          <label className="check">
            <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} /> {t("inbox.unreadOnly")}
          </label>
          <button type="button" className="btn btn--small" disabled={!unread.length || mark.fetching} onClick={() => markRead(unread)}>
            {t("inbox.markAllRead")}
          </button>
        </div>
      </header>
      {mark.error && <ErrorNote message={errorText(mark.error) ?? ""} />}
      {res.error && !res.data && <ErrorNote message={res.error.message} onRetry={res.refetch} />}
      {!res.data && !res.error && <Loading />}
      {res.data && !items.length && <p className="muted empty">{t("loop.empty")}</p>}
      <ul className="inbox">
        {items.map((n) => (
          <InboxRow key={n.id} item={n} onRead={() => markRead([n.id])} />
        ))}
      </ul>
    </div>
  );
}

/** Where a notification leads in the dashboard: its evaluation, feedback (its tracker entry), action, warning (the one linked, as in its message) or incident. */
export function inboxLink(item: InboxItem): string | null {
  if (item.evaluation) return `/evaluations/${encodeURIComponent(item.evaluation.id)}`;
  if (item.feedback) return `/feedback?feedback=${encodeURIComponent(item.feedback.id)}`;
  if (item.action) return `/actions?action=${encodeURIComponent(item.action.id)}`;
  if (item.alert) return `/alerts?alert=${encodeURIComponent(item.alert.id)}`;
  if (item.incident) return `/incidents/${encodeURIComponent(item.incident.id)}`;
  return null;
}

export function InboxRow({ item, onRead }: { item: InboxItem; onRead(): void }) {
  const { t, date } = useI18n();
  const to = inboxLink(item);
  return (
    <li className={`inbox__item ${item.readAt ? "" : "is-unread"}`} data-unread={item.readAt ? undefined : "true"}>
      <div className="inbox__main">
        <strong className="inbox__subject">
          {!item.readAt && <span className="pill pill--warning">{t("inbox.unread")}</span>} {item.subject}
        </strong>
        <p className="inbox__body">{item.body}</p>
        <time className="muted" dateTime={item.createdAt}>
          {date(item.createdAt, "medium")}
        </time>
      </div>
      <div className="inbox__actions">
        {to && (
          <Link to={to} className="btn btn--small" onClick={() => !item.readAt && onRead()}>
            {t("inbox.open")}
          </Link>
        )}
        {!item.readAt && (
          <button type="button" className="btn btn--small" onClick={onRead} aria-label={`${t("inbox.markRead")}: ${item.subject}`}>
            {t("inbox.markRead")}
          </button>
        )}
      </div>
    </li>
  );
}
