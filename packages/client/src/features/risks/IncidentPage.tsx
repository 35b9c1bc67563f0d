import { useState } from "react";
import { useMutation } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { Link } from "../../app/router";
import { Freshness } from "../../app/ui/Freshness";
import { ErrorNote, Loading, Panel } from "../../app/ui/States";
import { useLiveQuery } from "../../app/useLiveQuery";
import { ADD_ENTRY, CLOSE_INCIDENT, COMPLETE_TASK, INCIDENT_QUERY, type IncidentData, REVIEW_INCIDENT, UPDATE_INCIDENT } from "./loopQueries";

/** An incident handled by its plan (§5.4.1): tasks, typed timeline, containment, review and closing (§5.4.2). */
export function IncidentPage({ id }: { id: string }) {
  const { t, tEnum, name, locale } = useI18n();
  const res = useLiveQuery({ query: INCIDENT_QUERY, variables: { id }, pollMs: 15_000 });
  const incident = res.data?.node?.__typename === "RiskIncident" ? (res.data.node as IncidentData) : null;
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState("");
  const [lessons, setLessons] = useState("");
  const [effectiveness, setEffectiveness] = useState(4);
  const [, complete] = useMutation(COMPLETE_TASK);
  const [, addEntry] = useMutation(ADD_ENTRY);
  const [, update] = useMutation(UPDATE_INCIDENT);
  const [, review] = useMutation(REVIEW_INCIDENT);
  const [, close] = useMutation(CLOSE_INCIDENT);
  const run = async (p: Promise<{ error?: { graphQLErrors: { message: string }[]; message: string } }>) => {
    const r = await p;
    setError(r.error ? (r.error.graphQLErrors[0]?.message ?? r.error.message) : null);
    res.refetch();
  };

  if (res.error && !res.data) return <ErrorNote message={res.error.message} onRetry={res.refetch} />;
  if (!res.data) return <Loading />;
  if (!incident) return <p className="muted">{t("incident.notFound")}</p>;
  const closed = incident.status === "CLOSED";

  return (
    <div className="page" data-incident-status={incident.status}>
      <header className="page__head page__head--row">
        <div>
          <h1>{incident.title}</h1>
          <p className="muted">
            <Link to={`/risks/${encodeURIComponent(incident.risk.id)}`}>{incident.risk.code}</Link> ·{" "}
            <span data-testid="incident-status">{tEnum("incidentStatus", incident.status)}</span>
            {incident.plan && <> · {t("incident.plan", { title: incident.plan.title })}</>}
            {incident.lossAmount && (
              <>
                {" "}
                · {t("incident.loss")}: {incident.lossAmount.amount} {incident.lossAmount.currency}
              </>
            )}
          </p>
        </div>
        <Freshness at={res.fetchedAt} />
      </header>
      {error && (
        <p role="alert" className="text-bad">
          {error}
        </p>
      )}
      <div className="grid-2">
        <Panel id="tasks" title={t("incident.tasks")}>
          {incident.tasks.length === 0 ? (
            <p className="muted">{t("incident.noTasks")}</p>
          ) : (
            <ul className="task-list">
              {incident.tasks.map((task) => (
                <li key={task.id} data-done={task.done}>
                  <label>
                    <input type="checkbox" checked={task.done} disabled={task.done || closed} onChange={() => run(complete({ id: task.id }))} /> {task.title}
                  </label>{" "}
                  <span className="muted small">
                    {task.unit ? name(task.unit) : tEnum("role", task.role)}
                    {task.doneBy && ` · ${task.doneBy.name}`}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {incident.status === "OPEN" && (
            <button type="button" onClick={() => run(update({ input: { incidentId: incident.id, status: "CONTAINED" } }))}>
              {t("incident.contain")}
            </button>
          )}
        </Panel>
        <Panel id="timeline" title={t("incident.timeline")}>
          <ol className="timeline">
            {incident.timeline.map((e) => (
              <li key={`${e.at}-${e.kind}-${e.note}`} data-kind={e.kind}>
                <time dateTime={e.at}>{new Date(e.at).toLocaleString(locale)}</time> <strong>{tEnum("entryKind", e.kind)}</strong> {e.note}{" "}
                <span className="muted small">{e.author?.name ?? e.authorName}</span>
              </li>
            ))}
          </ol>
          {!closed && (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                if (note.trim()) run(addEntry({ id: incident.id, note })).then(() => setNote(""));
              }}
            >
              <input name="note" value={note} onChange={(e) => setNote(e.target.value)} placeholder={t("incident.notePlaceholder")} aria-label={t("incident.addNote")} />
              <button type="submit">{t("incident.addNote")}</button>
            </form>
          )}
        </Panel>
      </div>
      <Panel id="review" title={t("incident.review")}>
        {incident.review ? (
          <div>
            <p>
              {t("incident.effectiveness")}: {incident.review.effectiveness}/5
            </p>
            <p>{incident.review.lessons}</p>
            <ul>
              {incident.review.actions.map((a) => (
                <li key={a.id}>
                  {a.title} · {a.status}
                </li>
              ))}
            </ul>
            <ul>
              {incident.review.processChanges.map((c) => (
                <li key={c.id}>
                  {c.title} · {c.status}
                </li>
              ))}
            </ul>
          </div>
        ) : incident.status === "CONTAINED" ? (
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              run(review({ input: { incidentId: incident.id, effectiveness, lessons } }));
            }}
          >
            <label>
              {t("incident.effectiveness")}{" "}
              <input name="effectiveness" type="number" min={1} max={5} value={effectiveness} onChange={(e) => setEffectiveness(Number(e.target.value))} />
            </label>
            <label>
              {t("incident.lessons")} <textarea name="lessons" value={lessons} onChange={(e) => setLessons(e.target.value)} />
            </label>
            <button type="submit">{t("incident.saveReview")}</button>
          </form>
        ) : (
          <p className="muted">{closed ? "" : t("incident.reviewAfterContained")}</p>
        )}
        {incident.review && !closed && (
          <button type="button" onClick={() => run(close({ id: incident.id }))}>
            {t("incident.close")}
          </button>
        )}
      </Panel>
    </div>
  );
}
