import { Link } from "../../../app/router";
import { useI18n } from "../../../app/i18n/I18nProvider";
import { LevelBadge } from "../../../app/ui/Badges";
import type { FeedEntry } from "../feedState";

export interface AlertActions {
  onAcknowledge(entry: FeedEntry): void;
  onAssign(entry: FeedEntry): void;
  onResolve(entry: FeedEntry): void;
}

/** One warning: level colour, process › indicator, value, state, ticking age, and actions. */
export function AlertFeedItem({ entry, now, actions, variant }: { entry: FeedEntry; now: number; actions?: AlertActions | null; variant: "app" | "wall" }) {
  const { t, tEnum, name, value, age, date, locale } = useI18n();
  const a = entry.alert;
  const resolved = a.state === "RESOLVED";
  const indicatorName = name(a.indicator);
  const processName = name(a.indicator.process);
  return (
    <li
      className={`feed-item feed-item--${a.level.toLowerCase()} feed-item--${a.state.toLowerCase()}`}
      data-alert-id={a.id}
      data-state={a.state}
      data-level={a.level}
      data-indicator={a.indicator.code}
    >
      <div className="feed-item__main">
        <div className="feed-item__head">
          <LevelBadge level={a.level} />
          <span className="feed-item__where">
            <span className="feed-item__process">{processName}</span>
            <span aria-hidden="true"> › </span>
            {variant === "app" ? (
              <Link to={`/indicators/${encodeURIComponent(a.indicator.id)}`} className="feed-item__indicator">
                {indicatorName}
              </Link>
            ) : (
              <span className="feed-item__indicator">{indicatorName}</span>
            )}
            <span className="feed-item__code"> {a.indicator.code}</span>
          </span>
          <time className="feed-item__age" dateTime={entry.lastAt} title={date(entry.lastAt, "medium")}>
            {age(entry.lastAt, now)}
          </time>
        </div>
        <div className="feed-item__body">
          <strong className="feed-item__value">{value(a.value, a.indicator.unit)}</strong>
          <span className={`state state--${a.state.toLowerCase()}`}>{tEnum("state", a.state)}</span>
          {entry.lastEventType && <span className="feed-item__event">{tEnum("event", entry.lastEventType)}</span>}
          {a.assignee && <span className="feed-item__assignee">{t("feed.assignedTo", { name: a.assignee.name })}</span>}
          {a.predictedAt && !resolved && <span className="feed-item__predicted">{t("feed.predicted", { level: tEnum("level", a.ruleLevel), time: date(a.predictedAt) })}</span>}
          {!resolved && entry.lastAt !== a.startedAt && <span className="feed-item__started">{t("feed.ageStarted", { age: age(a.startedAt, now) })}</span>}
        </div>
        {(a.ackNote || (locale === "en" && a.message)) && variant === "app" && <p className="feed-item__note">{a.ackNote ?? a.message}</p>}
      </div>
      {actions && !resolved && (
        <div className="feed-item__actions">
          {a.state === "FIRING" && (
            <button type="button" className="btn btn--small btn--primary" onClick={() => actions.onAcknowledge(entry)} aria-label={`${t("feed.acknowledge")}: ${indicatorName}`}>
              {t("feed.acknowledge")}
            </button>
          )}
          <button type="button" className="btn btn--small" onClick={() => actions.onAssign(entry)} aria-label={`${t("feed.assign")}: ${indicatorName}`}>
            {t("feed.assign")}
          </button>
          <button type="button" className="btn btn--small" onClick={() => actions.onResolve(entry)} aria-label={`${t("feed.resolve")}: ${indicatorName}`}>
            {t("feed.resolve")}
          </button>
          {/* §5.4.1 an incident on a risk watching this indicator, opened from the warning. */}
          {a.incident ? (
            <Link to={`/incidents/${encodeURIComponent(a.incident.id)}`} className="btn btn--small">
              {t("incident.title")}
            </Link>
          ) : (
            a.risks.map((r) => (
              <Link
                key={r.id}
                to={`/risks/${encodeURIComponent(r.id)}?alert=${encodeURIComponent(a.id)}`}
                className="btn btn--small"
                aria-label={`${t("incident.openFromAlert")}: ${r.code}`}
              >
                {t("incident.open")} · {r.code}
              </Link>
            ))
          )}
        </div>
      )}
    </li>
  );
}
