import { useEffect, useState } from "react";
import { useI18n } from "../../app/i18n/I18nProvider";
import { Link, useLocation } from "../../app/router";
import { holdsScope, useSession } from "../../app/session";
import { Freshness } from "../../app/ui/Freshness";
import { ErrorNote, Loading, Panel } from "../../app/ui/States";
import { useLiveQuery } from "../../app/useLiveQuery";
import { AnswerDialog, ToActionDialog } from "./FeedbackDialogs";
import { FEEDBACK_QUERY, type FeedbackItem } from "./queries";

/** Who answers feedback (§2.4.3): the owning unit's head, the process office, management (the server checks each). */

/** §2.4.3 the viewer's own feedback with its answers, and for unit heads and the process office the feedback to answer or turn into an action. */
export function FeedbackPage() {
  const { t } = useI18n();
  const session = useSession();
  const res = useLiveQuery({ query: FEEDBACK_QUERY, variables: {}, pollMs: 60_000 });
  const [target, setTarget] = useState<{ kind: "answer" | "action"; item: FeedbackItem } | null>(null);
  const me = session?.user.id;
  const all = res.data?.feedback.edges.map((e) => e.node) ?? [];
  const mine = all.filter((f) => f.author.id === me);
  const toAnswer = all.filter((f) => f.author.id !== me);
  const canAnswer = holdsScope(session, "EDITOR");
  // An inbox entry's link (`?feedback=<id>`) shows that entry, wherever it is on the page.
  const focus = useLocation().search.get("feedback");
  const loaded = !!res.data;
  useEffect(() => {
    if (loaded && focus) document.querySelector(`[data-feedback="${CSS.escape(focus)}"]`)?.scrollIntoView?.({ block: "center" });
  }, [loaded, focus]);
  return (
    <div className="page">
      <header className="page__head page__head--row">
        <div>
          <h1>{t("feedback.title")}</h1>
          <p className="muted">{t("feedback.subtitle")}</p>
        </div>
        <div className="page__tools">
          <Freshness at={res.fetchedAt} />
        </div>
      </header>
      {res.error && !res.data && <ErrorNote message={res.error.message} onRetry={res.refetch} />}
      {!res.data && !res.error && <Loading />}
      {res.data && canAnswer && (
        <Panel title={t("feedback.tracker")} id="feedback-tracker">
          <FeedbackList items={toAnswer} focus={focus} onAnswer={(item) => setTarget({ kind: "answer", item })} onAction={(item) => setTarget({ kind: "action", item })} />
        </Panel>
      )}
      {res.data && (
        <Panel title={t("feedback.mine")} id="feedback-mine">
          {mine.length === 0 ? <p className="muted empty">{t("feedback.hint")}</p> : <FeedbackList items={mine} focus={focus} />}
        </Panel>
      )}
      {target?.kind === "answer" && <AnswerDialog item={target.item} onClose={() => setTarget(null)} />}
      {target?.kind === "action" && <ToActionDialog item={target.item} onClose={() => setTarget(null)} />}
    </div>
  );
}

const STATUS_PILL = { OPEN: "pill--warning", ANSWERED: "pill--ok", CLOSED: "" } as const;

export function FeedbackList({
  items,
  focus,
  onAnswer,
  onAction,
}: {
  items: FeedbackItem[];
  /** The entry an inbox link points at: highlighted. */
  focus?: string | null;
  onAnswer?(f: FeedbackItem): void;
  onAction?(f: FeedbackItem): void;
}) {
  const { t, tEnum, name, date } = useI18n();
  if (!items.length) return <p className="muted empty">{t("loop.empty")}</p>;
  return (
    <ul className="feedback-list">
      {items.map((f) => (
        <li
          key={f.id}
          className={f.id === focus ? "feedback is-highlighted" : "feedback"}
          aria-current={f.id === focus ? "true" : undefined}
          data-feedback={f.id}
          data-status={f.status}
        >
          <div className="feedback__head">
            <span className={`pill pill--small ${STATUS_PILL[f.status]}`}>{tEnum("feedbackStatus", f.status)}</span>
            {f.process && (
              <Link to={`/processes/${encodeURIComponent(f.process.code)}`}>
                {f.process.code} · {name(f.process)}
              </Link>
            )}
            {f.step && <span className="muted"> › {name(f.step)}</span>}
            <span className="muted small feedback__meta">
              {t("feedback.from", { name: f.author.name, date: date(f.createdAt, "medium") })} · {t("feedback.to", { unit: name(f.recipientUnit) })}
            </span>
          </div>
          <p className="feedback__message">{f.message}</p>
          {f.answer ? (
            <blockquote className="feedback__answer">
              {f.answer}
              {f.answeredBy && f.answeredAt && <footer className="muted small">{t("feedback.answeredBy", { name: f.answeredBy.name, date: date(f.answeredAt, "medium") })}</footer>}
            </blockquote>
          ) : (
            <p className="muted small">{t("feedback.noAnswer")}</p>
          )}
          {f.action && (
            <Link to={`/actions?action=${encodeURIComponent(f.action.id)}`} className="small">
              {t("feedback.action", { title: f.action.title })}
            </Link>
          )}
          {f.status !== "CLOSED" && (onAnswer || onAction) && (
            <div className="feedback__actions">
              {onAnswer && (
                <button type="button" className="btn btn--small btn--primary" onClick={() => onAnswer(f)}>
                  {t("feedback.answer")}
                </button>
              )}
              {onAction && f.process && (
                <button type="button" className="btn btn--small" onClick={() => onAction(f)}>
                  {t("feedback.toAction")}
                </button>
              )}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
