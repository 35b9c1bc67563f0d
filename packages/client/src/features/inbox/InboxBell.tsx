import { useEffect } from "react";

/** The count holds no Notification, so the document cache is told: a mark-as-read refetches it. */
const COUNT_CONTEXT = { additionalTypenames: ["Notification"] };
import { useQuery, useSubscription } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { Link } from "../../app/router";
import { NOTIFICATION_ADDED, UNREAD_COUNT_QUERY } from "./queries";

/** The shell's bell: the viewer's unread count, refetched whenever `notificationAdded` delivers one (§4.4.1). */
export function InboxBell() {
  const { t } = useI18n();
  const [count, refetch] = useQuery({ query: UNREAD_COUNT_QUERY, context: COUNT_CONTEXT });
  const [added] = useSubscription({ query: NOTIFICATION_ADDED });
  const lastId = added.data?.notificationAdded.id;
  useEffect(() => {
    if (lastId) refetch({ requestPolicy: "network-only" });
  }, [lastId, refetch]);
  return <BellLink count={count.data?.unreadNotificationCount ?? 0} label={t("inbox.bell", { n: count.data?.unreadNotificationCount ?? 0 })} />;
}

/** The bell as a link to the inbox, with its count as a badge (hidden at zero). */
export function BellLink({ count, label }: { count: number; label: string }) {
  return (
    <Link to="/inbox" className="bell" aria-label={label} title={label} data-unread={count}>
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
        <path
          fill="currentColor"
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
        />
      </svg>
      {count > 0 && <span className="bell__count">{count > 99 ? "99+" : count}</span>}
    </Link>
  );
}
