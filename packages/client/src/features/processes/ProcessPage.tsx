import { useMemo } from "react";
import { useI18n } from "../../app/i18n/I18nProvider";
import { Link } from "../../app/router";
import { GradeBadge, RiskLevelBadge } from "../../app/ui/Badges";
import { CsvButton } from "../../app/ui/CsvButton";
import { Freshness } from "../../app/ui/Freshness";
import { ErrorNote, Loading, Panel } from "../../app/ui/States";
import { useLiveQuery } from "../../app/useLiveQuery";
import { AlertFeedPanel } from "../alerts/components/AlertFeedPanel";
import { FeedbackButton } from "../feedback/FeedbackButton";
import { IndicatorGrid } from "../indicators/components/IndicatorGrid";
import { PROCESS_QUERY, type ProcessDetail, type ProcessRisk } from "./queries";

/** One process (§3): goal, ordered steps with responsible units, indicators live, risks and open warnings. */
export function ProcessPage({ code }: { code: string }) {
  const { t } = useI18n();
  const res = useLiveQuery({ query: PROCESS_QUERY, variables: { code }, pollMs: 5 * 60_000 });
  const process = res.data?.process;
  if (res.error && !res.data)
    return (
      <div className="page">
        <ErrorNote message={res.error.message} onRetry={res.refetch} />
      </div>
    );
  if (!res.data)
    return (
      <div className="page">
        <Loading />
      </div>
    );
  if (!process)
    return (
      <div className="page">
        <h1>{t("common.notFound")}</h1>
        <p>{t("processes.notFound", { code })}</p>
      </div>
    );
  return <ProcessView process={process} fetchedAt={res.fetchedAt} />;
}

function ProcessView({ process, fetchedAt }: { process: ProcessDetail; fetchedAt: number | null }) {
  const { t, tEnum, name, locale, number } = useI18n();
  const indicators = useMemo(() => process.indicators.edges.map((e) => e.node), [process]);
  const risks = useMemo(() => process.risks.edges.map((e) => e.node).sort((a, b) => (b.currentScore ?? 0) - (a.currentScore ?? 0)), [process]);
  const steps = useMemo(() => [...process.steps].sort((a, b) => a.position - b.position), [process]);
  const scope = useMemo(() => ({ processIds: [process.id] }), [process.id]);
  const ev = process.latestEvaluation;
  const goal = locale === "en" && process.goalEn ? process.goalEn : process.goal;
  return (
    <div className="page">
      <nav className="crumbs" aria-label="breadcrumb">
        <Link to="/processes">{t("nav.processes")}</Link>
      </nav>
      <header className="page__head page__head--row">
        <div>
          <p className="eyebrow">
            {tEnum("category", process.category)} · {process.code} · {t("processes.version", { n: process.version })}
          </p>
          <h1>
            {name(process)} {process.major && <span className="pill pill--major">{t("processes.major")}</span>}
          </h1>
          <p className="lead">
            <span className="label">{t("processes.goal")}</span>
            {goal}
          </p>
        </div>
        <div className="page__tools">
          <FeedbackButton process={process} steps={steps} />
          <Freshness at={fetchedAt} />
        </div>
      </header>

      <div className="kpis">
        <div className="kpi">
          <span className="kpi__label">{t("processes.owner")}</span>
          <span className="kpi__value kpi__value--text">{name(process.owner)}</span>
        </div>
        <div className="kpi">
          <span className="kpi__label">{t("processes.indicators")}</span>
          <span className="kpi__value">{indicators.length}</span>
        </div>
        <div className="kpi">
          <span className="kpi__label">{t("processes.risks")}</span>
          <span className="kpi__value">{risks.length}</span>
        </div>
        <div className="kpi">
          <span className="kpi__label">{t("processes.evaluation")}</span>
          <span className="kpi__value">
            {ev ? (
              <>
                <GradeBadge grade={ev.grade} />{" "}
                <span className="kpi__sub">
                  {ev.period} · {t("processes.score", { score: number(ev.totalScore, 1) })}
                </span>
              </>
            ) : (
              <span className="muted">{t("processes.noEvaluation")}</span>
            )}
          </span>
        </div>
      </div>

      <div className="process-layout">
        <Panel id="steps" title={t("processes.steps")} className="process-layout__steps">
          <ol className="steps">
            {steps.map((s) => (
              <li key={s.id} className="step">
                <span className="step__n" aria-hidden="true">
                  {s.position}
                </span>
                <div>
                  <strong>{name(s)}</strong>
                  {s.responsibleUnit && (
                    <span className="muted small">
                      {" "}
                      · {t("processes.responsible")}: {name(s.responsibleUnit)}
                    </span>
                  )}
                </div>
              </li>
            ))}
          </ol>
        </Panel>
        <AlertFeedPanel className="process-layout__alerts" scope={scope} includeResolved={false} title={t("processes.openAlerts")} />
      </div>

      <section aria-labelledby="ind-title" className="section">
        <h2 id="ind-title" className="section__title">
          {t("processes.indicators")}
        </h2>
        <IndicatorGrid indicators={indicators} theme="light" count={indicators.length} />
      </section>

      <Panel
        id="risks"
        title={t("processes.risks")}
        actions={
          <CsvButton<ProcessRisk>
            rows={risks}
            filename={`risks-${process.code}`}
            columns={[
              { header: t("risks.code"), value: (r) => r.code },
              { header: t("risks.titleCol"), value: (r) => (locale === "en" && r.titleEn ? r.titleEn : r.title) },
              { header: t("risks.category"), value: (r) => tEnum("riskCategory", r.category) },
              { header: t("risks.level"), value: (r) => tEnum("riskLevel", r.currentLevel) },
              { header: "score", value: (r) => r.currentScore },
              { header: t("risks.likelihood"), value: (r) => r.latestAssessment?.likelihood },
              { header: t("risks.impact"), value: (r) => r.latestAssessment?.impact },
              { header: t("risks.owner"), value: (r) => name(r.ownerUnit) },
            ]}
          />
        }
      >
        {risks.length === 0 ? <p className="muted">{t("processes.noRisks")}</p> : <RiskTable risks={risks} />}
      </Panel>
    </div>
  );
}

/** Risks as a table: code, title, category, level, L × I, plan. */
export function RiskTable({ risks }: { risks: readonly ProcessRisk[] }) {
  const { t, tEnum, name, locale } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t("risks.code")}</th>
            <th scope="col">{t("risks.titleCol")}</th>
            <th scope="col">{t("risks.category")}</th>
            <th scope="col">{t("risks.level")}</th>
            <th scope="col" className="num">
              {t("risks.likelihood")} × {t("risks.impact")}
            </th>
            <th scope="col">{t("risks.owner")}</th>
          </tr>
        </thead>
        <tbody>
          {risks.map((r) => (
            <tr key={r.id}>
              <td className="code">{r.code}</td>
              <td>
                {locale === "en" && r.titleEn ? r.titleEn : r.title}
                {r.needsPlan && <span className="pill pill--critical pill--small">{t("risks.noPlan")}</span>}
              </td>
              <td>{tEnum("riskCategory", r.category)}</td>
              <td>{r.currentLevel ? <RiskLevelBadge level={r.currentLevel} /> : "–"}</td>
              <td className="num">{r.latestAssessment ? `${r.latestAssessment.likelihood} × ${r.latestAssessment.impact}` : "–"}</td>
              <td>{name(r.ownerUnit)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
