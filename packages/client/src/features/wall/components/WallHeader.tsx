import { useI18n } from "../../../app/i18n/I18nProvider";
import { ConnectionBadge } from "../../../app/ui/ConnectionBadge";
import { useNow } from "../../../app/useNow";
import { openCounts } from "../../alerts/feedState";
import type { AlertFeed } from "../../alerts/useAlertFeed";
import type { WallView } from "../wallParams";
import { WallViewNav } from "./WallViewNav";

/** The wall's top strip: name, the views (current one marked), countdown, counts, connection, clock. */
export function WallHeader({
  views,
  index,
  remaining,
  rotating,
  onGo,
  feed,
}: {
  views: WallView[];
  index: number;
  remaining: number;
  rotating: boolean;
  onGo(i: number): void;
  feed: AlertFeed;
}) {
  const { t, date } = useI18n();
  const now = useNow(1000);
  const counts = feed.state ? openCounts(feed.state) : null;
  return (
    <header className="wall__header">
      <div className="wall__brand">
        <img src="/favicon.svg" alt="" width="34" height="34" />
        <span>{t("app.name")}</span>
      </div>
      <WallViewNav views={views} index={index} remaining={remaining} rotating={rotating} onGo={onGo} />
      <div className="wall__status">
        {counts && (
          <span className="wall__counts" aria-live="polite">
            {counts.CRITICAL + counts.WARNING === 0 ? (
              <span className="count count--ok">{t("wall.allClear")}</span>
            ) : (
              <>
                <span className="count count--critical">
                  {counts.CRITICAL} {t("level.CRITICAL")}
                </span>
                <span className="count count--warning">
                  {counts.WARNING} {t("level.WARNING")}
                </span>
              </>
            )}
          </span>
        )}
        <ConnectionBadge />
        <time className="wall__clock" dateTime={new Date(now).toISOString()}>
          <span className="wall__time">{date(now, "time")}</span>
          <span className="wall__date">{date(now, "date")}</span>
        </time>
      </div>
    </header>
  );
}
