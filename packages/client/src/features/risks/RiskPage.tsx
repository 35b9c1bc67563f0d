import { useState } from "react";
import { useMutation } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { Link, navigate, useLocation } from "../../app/router";
import { useSession } from "../../app/session";
import { RiskLevelBadge, StatusBadge } from "../../app/ui/Badges";
import { Freshness } from "../../app/ui/Freshness";
import { ErrorNote, Loading, Panel } from "../../app/ui/States";
import { useLiveQuery } from "../../app/useLiveQuery";
import { AssessmentChart } from "./components/AssessmentChart";
import { APPROVE_PLAN, ASSESS_RISK, OPEN_INCIDENT, RISK_PAGE_QUERY, SUBMIT_PLAN, type RiskPageData } from "./loopQueries";

/**
 * One risk after its assessment (§5.1.2 – §5.4): assessment history, responses, the contingency
 * plan with its status and approval, the key indicators live, incidents; re-assess from a key
 * indicator's alert, open an incident (by hand, or from the alert named in `?alert=`), and, for
 * management, approve a submitted plan.
 */
export function RiskPage({ id }: { id: string }) {
  const { t, tEnum, name, locale } = useI18n();
  const { search } = useLocation();
  const res = useLiveQuery({ query: RISK_PAGE_QUERY, variables: { id }, pollMs: 15_000 });
  const risk = res.data?.node?.__typename === "Risk" ? (res.data.node as RiskPageData) : null;
  const [error, setError] = useState<string | null>(null);
  const session = useSession();
  const isManagement = session?.user.roles.includes("MANAGEMENT") ?? false;
  const [, submitPlan] = useMutation(SUBMIT_PLAN);
  const [, approvePlan] = useMutation(APPROVE_PLAN);
  const [, assess] = useMutation(ASSESS_RISK);
  const [, openIncident] = useMutation(OPEN_INCIDENT);
  const fromAlert = search.get("alert");

  // The mutation's own result type (gql.tada) passes through, so its data is read as the schema says.
  const run = async <R extends { error?: { graphQLErrors: { message: string }[]; message: string } }>(p: Promise<R>): Promise<R> => {
    const r = await p;
    if (r.error) setError(r.error.graphQLErrors[0]?.message ?? r.error.message);
    else setError(null);
    res.refetch();
    return r;
  };

  if (res.error && !res.data) return <ErrorNote message={res.error.message} onRetry={res.refetch} />;
  if (!res.data) return <Loading />;
  if (!risk) return <p className="muted">{t("risk.notFound")}</p>;
  const latest = risk.assessments[0];
  const title = locale === "en" && risk.titleEn ? risk.titleEn : risk.title;

  return (
    <div className="page" data-risk={risk.code}>
      <header className="page__head page__head--row">
        <div>
          <h1>
            <span className="code">{risk.code}</span> {title}
          </h1>
          <p className="muted">
            {tEnum("riskCategory", risk.category)} · {name(risk.ownerUnit)} · {risk.currentLevel && <RiskLevelBadge level={risk.currentLevel} />}
          </p>
        </div>
        <div className="page__tools">
          <Link to="/risks/register">{t("register.title")}</Link>
          <Freshness at={res.fetchedAt} />
        </div>
      </header>
      {error && (
        <p role="alert" className="text-bad">
          {error}
        </p>
      )}
      <div className="flags small">
        <span className={risk.reviewOverdue ? "text-bad" : ""}>
          {t("register.nextReview")}: {risk.nextReviewAt ? new Date(risk.nextReviewAt).toLocaleDateString(locale) : "–"}
          {risk.reviewOverdue && ` (${t("register.overdue")})`}
        </span>
        {risk.acceptedUntil && <span> · {t("risk.acceptedUntil", { date: new Date(risk.acceptedUntil).toLocaleDateString(locale) })}</span>}
      </div>

      {risk.needsReassessment && (
        <Panel id="reassess" title={t("risk.reassess")} className="panel--warn">
          <ul>
            {risk.reassessmentAlerts.map((a) => (
              <li key={a.id} data-alert={a.id}>
                {name(a.indicator ?? { name: "", nameEn: "" })}: {a.message}{" "}
                <button
                  type="button"
                  onClick={() =>
                    latest &&
                    run(assess({ input: { riskId: risk.id, likelihood: latest.likelihood, impact: latest.impact, rationale: t("risk.reassessRationale"), reasonAlertId: a.id } }))
                  }
                >
                  {t("risk.reassessSame")}
                </button>{" "}
                <button type="button" onClick={() => navigate(`/risks/${encodeURIComponent(risk.id)}?alert=${encodeURIComponent(a.id)}`)}>
                  {t("incident.openFromAlert")}
                </button>
              </li>
            ))}
          </ul>
        </Panel>
      )}

      <div className="grid-2">
        <Panel id="history" title={t("risk.history")}>
          <AssessmentChart assessments={risk.assessments} />
        </Panel>
        <Panel id="kri" title={t("risk.keyIndicators")}>
          {risk.keyIndicators.length === 0 ? (
            <p className="muted">{t("risk.noKeyIndicators")}</p>
          ) : (
            <ul className="kri-list">
              {risk.keyIndicators.map((k) => (
                <li key={k.id} data-indicator={k.code}>
                  <Link to={`/indicators/${encodeURIComponent(k.id)}`}>{name(k)}</Link> <StatusBadge status={k.status} /> {k.lastValue ?? "–"} {k.unit}
                  {k.alerts.totalCount > 0 && <span className="text-bad"> · {t("risk.openAlerts", { n: k.alerts.totalCount })}</span>}
                </li>
              ))}
            </ul>
          )}
        </Panel>
      </div>

      <Panel id="responses" title={t("risk.responses")}>
        {risk.responses.length === 0 ? (
          <p className="muted">{t("risk.noResponses")}</p>
        ) : (
          <ul>
            {risk.responses.map((r) => (
              <li key={r.id}>
                <strong>{tEnum("responseStrategy", r.strategy)}</strong> · {r.measures} · {name(r.ownerUnit)} · {tEnum("responseStatus", r.status)}
                {r.strategy === "ACCEPT" && (
                  <span className={r.inEffect ? "text-good" : "text-bad"}>
                    {" "}
                    · {r.inEffect ? t("risk.acceptedUntil", { date: new Date(r.acceptanceExpiresAt!).toLocaleDateString(locale) }) : t("risk.acceptancePending")}
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </Panel>

      <Panel id="plans" title={t("risk.plans")}>
        {risk.contingencyPlans.length === 0 ? (
          <p className="muted text-bad">{t("risks.noPlan")}</p>
        ) : (
          risk.contingencyPlans.map((p) => (
            <article key={p.id} className="plan" data-plan-status={p.status}>
              <h3>
                {p.title} <span className="badge">{tEnum("planStatus", p.status)}</span>
              </h3>
              {p.approvedAt && <p className="small muted">{t("plan.approvedBy", { name: p.approvedBy?.name ?? "", date: new Date(p.approvedAt).toLocaleDateString(locale) })}</p>}
              <p className="small">
                {t("plan.activation")}: {p.activationCriteria || "–"}
              </p>
              <ol>
                {p.steps.map((s) => (
                  <li key={s.position}>
                    {s.title} — {s.unit ? name(s.unit) : tEnum("role", s.role)}
                  </li>
                ))}
              </ol>
              {p.status === "DRAFT" && (
                <button type="button" onClick={() => run(submitPlan({ id: p.id }))}>
                  {t("plan.submit")}
                </button>
              )}
              {p.status === "SUBMITTED" && isManagement && (
                <button type="button" onClick={() => run(approvePlan({ id: p.id }))}>
                  {t("plan.approve")}
                </button>
              )}
            </article>
          ))
        )}
      </Panel>

      <Panel id="incidents" title={t("risk.incidents")}>
        <OpenIncidentForm
          alertId={fromAlert}
          onOpen={async (title) => {
            const r = await run(openIncident({ input: { riskId: risk.id, title, ...(fromAlert ? { alertId: fromAlert } : {}) } }));
            const opened = r.data?.openIncident;
            if (opened) navigate(`/incidents/${encodeURIComponent(opened.id)}`);
          }}
        />
        <ul>
          {risk.incidents.map((i) => (
            <li key={i.id}>
              <Link to={`/incidents/${encodeURIComponent(i.id)}`}>{i.title}</Link> · {tEnum("incidentStatus", i.status)} · {new Date(i.occurredAt).toLocaleString(locale)}
            </li>
          ))}
        </ul>
      </Panel>
    </div>
  );
}

function OpenIncidentForm({ alertId, onOpen }: { alertId: string | null; onOpen(title: string): void }) {
  const { t } = useI18n();
  const [title, setTitle] = useState("");
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (title.trim()) onOpen(title.trim());
      }}
    >
      <label>
        {alertId ? t("incident.openFromAlert") : t("incident.open")}
        <input name="incidentTitle" value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t("incident.titlePlaceholder")} />
      </label>
      <button type="submit">{t("incident.open")}</button>
    </form>
  );
}
