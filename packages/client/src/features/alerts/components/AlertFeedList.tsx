import { useI18n } from "../../../app/i18n/I18nProvider";
import { useNow } from "../../../app/useNow";
import type { FeedEntry } from "../feedState";
import { AlertFeedItem, type AlertActions } from "./AlertFeedItem";

/** The feed, newest first; the list is a live region so new warnings are announced. */
export function AlertFeedList({
  entries,
  actions,
  variant = "app",
  limit,
  cursor,
}: {
  entries: readonly FeedEntry[];
  actions?: AlertActions | null;
  variant?: "app" | "wall";
  limit?: number;
  cursor?: string | null;
}) {
  const { t } = useI18n();
  const now = useNow(1000);
  const shown = limit ? entries.slice(0, limit) : entries;
  if (entries.length === 0) {
    return (
      <p className="feed-empty" data-feed-cursor={cursor ?? ""}>
        {t("feed.empty")}
      </p>
    );
  }
  return (
    <ol className={`feed feed--${variant}`} aria-live="polite" aria-relevant="additions" data-feed-cursor={cursor ?? ""} data-count={entries.length}>
      {shown.map((e) => (
        <AlertFeedItem key={e.alert.id} entry={e} now={now} actions={actions} variant={variant} />
      ))}
    </ol>
  );
}
