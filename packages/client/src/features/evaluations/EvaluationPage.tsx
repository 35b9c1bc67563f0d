import { useState } from "react";
import { useI18n } from "../../app/i18n/I18nProvider";
import { Link } from "../../app/router";
import { useSession } from "../../app/session";
import { GradeBadge } from "../../app/ui/Badges";
import { ErrorNote, Loading, Panel } from "../../app/ui/States";
import { useLiveQuery } from "../../app/useLiveQuery";
import { ActionCard } from "../actions/components/ActionCard";
import { CriteriaTable } from "./components/CriteriaTable";
import { AdjustDialog, FinalizeDialog } from "./components/EvaluationDialogs";
import { EVALUATION_QUERY, type Criterion } from "./queries";

/** One evaluation (§4.3): its figures and their working; the process office adjusts and finalises a draft. */
export function EvaluationPage({ id }: { id: string }) {
  const { t, tEnum, name, number, date } = useI18n();
  const session = useSession();
  const res = useLiveQuery({ query: EVALUATION_QUERY, variables: { id } });
  const [adjusting, setAdjusting] = useState<Criterion | null>(null);
  const [finalizing, setFinalizing] = useState(false);
  const node = res.data?.node;
  const e = node?.__typename === "Evaluation" ? node : null;
  const office = !!session?.user.roles.some((r) => r === "PROCESS_OFFICE" || r === "ADMIN");
  const editable = !!e && e.status === "DRAFT" && office;
  if (res.error && !res.data) return <ErrorNote message={res.error.message} onRetry={res.refetch} />;
  if (!res.data) return <Loading />;
  if (!e) return <p className="page">{t("common.notFound")}</p>;
  return (
    <div className="page">
      <header className="page__head page__head--row">
        <div>
          <Link to="/evaluations" className="back">
            ← {t("evaluation.back")}
          </Link>
          <h1>
            {name(e.process)} · {t("evaluation.title", { period: e.period })}
          </h1>
        </div>
        {editable && (
          <div className="page__tools">
            <button type="button" className="btn btn--primary" onClick={() => setFinalizing(true)}>
              {t("evaluation.finalize")}
            </button>
          </div>
        )}
      </header>
      <dl className="facts" data-evaluation-status={e.status} data-grade={e.grade}>
        <div>
          <dt>{t("evaluation.status")}</dt>
          <dd>
            <span className={`pill pill--eval-${e.status.toLowerCase()}`}>{tEnum("evalStatus", e.status)}</span>
          </dd>
        </div>
        <div>
          <dt>{t("evaluation.grade")}</dt>
          <dd>
            <GradeBadge grade={e.grade} />
          </dd>
        </div>
        <div>
          <dt>{t("evaluation.total")}</dt>
          <dd>
            <strong>{number(e.totalScore, 1)}</strong>
          </dd>
        </div>
        <div>
          <dt>{t("evaluation.maturity")}</dt>
          <dd>{e.maturityLevel ?? "—"}</dd>
        </div>
      </dl>
      {e.finalizedAt && <p className="muted">{t("evaluation.finalized", { time: date(e.finalizedAt), name: e.finalizedBy?.name ?? "?" })}</p>}
      {e.causeAnalysis && <p>{t("evaluation.cause", { text: e.causeAnalysis })}</p>}
      <Panel title={t("evaluation.working")}>
        <CriteriaTable criteria={e.criteria} total={e.totalScore} onAdjust={editable ? setAdjusting : undefined} />
      </Panel>
      {e.actions.length > 0 && (
        <Panel title={t("evaluation.actions")}>
          <ul className="action-list">
            {e.actions.map((a) => (
              <ActionCard key={a.id} action={a} canVerify={office} />
            ))}
          </ul>
        </Panel>
      )}
      {adjusting && <AdjustDialog evaluationId={e.id} criterion={adjusting} onClose={() => setAdjusting(null)} />}
      {finalizing && <FinalizeDialog evaluation={e} onClose={() => setFinalizing(false)} />}
    </div>
  );
}
