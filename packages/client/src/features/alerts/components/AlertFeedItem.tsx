import { Link } from "../../../app/router";
import { useI18n } from "../../../app/i18n/I18nProvider";
import { LevelBadge } from "../../../app/ui/Badges";
import { alertProcess, type FeedEntry } from "../feedState";
import type { FeedAlert } from "../queries";

/** What an alert is about, as a label, a code and a page: the indicator, or a condition's subject. */
export function alertTarget(a: FeedAlert, name: (t: { name: string; nameEn?: string | null }) => string, locale: string): { label: string; code: string; to: string | null } {
  if (a.indicator) return { label: name(a.indicator), code: a.indicator.code, to: `/indicators/${encodeURIComponent(a.indicator.id)}` };
  const s = a.subject;
  if (s?.__typename === "Action") return { label: s.title, code: "", to: `/actions?action=${encodeURIComponent(s.id)}` };
  if (s?.__typename === "Risk") return { label: locale === "en" ? s.titleEn : s.title, code: s.code, to: `/risks` };
  const p = alertProcess(a);
  if (p)
    return {
      label: name(p),
      code: p.code,
      to: a.source === "MONITORING_PLAN_OVERDUE" ? `/monitoring?process=${encodeURIComponent(p.id)}` : `/processes/${encodeURIComponent(p.code)}`,
    };
  return { label: a.message, code: "", to: null };
}

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
  const target = alertTarget(a, name, locale);
  const indicatorName = target.label;
  const process = alertProcess(a);
  const processName = process ? name(process) : "";
  const condition = !a.indicator;
  return (
    <li
      className={`feed-item feed-item--${a.level.toLowerCase()} feed-item--${a.state.toLowerCase()}`}
      data-alert-id={a.id}
      data-state={a.state}
      data-level={a.level}
      data-indicator={a.indicator?.code}
      data-source={a.source}
      data-inhibits={entry.inhibiting?.length ? entry.inhibiting.map((w) => w.id).join(" ") : undefined}
    >
      <div className="feed-item__main">
        <div className="feed-item__head">
          <LevelBadge level={a.level} />
          <span className="feed-item__where">
            {processName && (
              <>
                <span className="feed-item__process">{processName}</span>
                <span aria-hidden="true"> › </span>
              </>
            )}
            {variant === "app" && target.to ? (
              <Link to={target.to} className="feed-item__indicator">
                {indicatorName}
              </Link>
            ) : (
              <span className="feed-item__indicator">{indicatorName}</span>
            )}
            {target.code && <span className="feed-item__code"> {target.code}</span>}
          </span>
          <time className="feed-item__age" dateTime={entry.lastAt} title={date(entry.lastAt, "medium")}>
            {age(entry.lastAt, now)}
          </time>
        </div>
        <div className="feed-item__body">
          {condition ? (
            <strong className="feed-item__value feed-item__source">{tEnum("source", a.source)}</strong>
          ) : (
            <strong className="feed-item__value">{value(a.value, a.indicator?.unit)}</strong>
          )}
          <span className={`state state--${a.state.toLowerCase()}`}>{tEnum("state", a.state)}</span>
          {entry.lastEventType && <span className="feed-item__event">{tEnum("event", entry.lastEventType)}</span>}
          {a.assignee && <span className="feed-item__assignee">{t("feed.assignedTo", { name: a.assignee.name })}</span>}
          {a.predictedAt && !resolved && <span className="feed-item__predicted">{t("feed.predicted", { level: tEnum("level", a.ruleLevel), time: date(a.predictedAt) })}</span>}
          {!resolved && entry.lastAt !== a.startedAt && <span className="feed-item__started">{t("feed.ageStarted", { age: age(a.startedAt, now) })}</span>}
        </div>
        {/* §2.1.2 / §6.2.2: one alert per indicator, the escalation named on the critical. */}
        {entry.inhibiting?.map((w) => (
          <p key={w.id} className="feed-item__inhibits">
            {t("feed.inhibits", { level: tEnum("level", w.level), age: age(w.startedAt, now) })}
          </p>
        ))}
        {(a.ackNote || ((locale === "en" || condition) && a.message)) && variant === "app" && <p className="feed-item__note">{a.ackNote ?? a.message}</p>}
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
