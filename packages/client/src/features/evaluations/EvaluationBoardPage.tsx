import { lazy, Suspense, useMemo, useState } from "react";
import { useMutation } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { navigate } from "../../app/router";
import { useSession } from "../../app/session";
import { errorText } from "../../app/ui/errorText";
import { Freshness } from "../../app/ui/Freshness";
import { ErrorNote, Loading, Panel } from "../../app/ui/States";
import { useLiveQuery } from "../../app/useLiveQuery";
import { EvaluationGrid } from "./components/EvaluationGrid";
import { boardModel, COMPUTE_EVALUATION, EVALUATION_BOARD_QUERY, PERIOD_PATTERN } from "./queries";

const ScoreTrend = lazy(() => import("./components/ScoreTrend").then((m) => ({ default: m.ScoreTrend })));

/** The evaluation board (§4.3): grades per process per period, the trend of total scores, and computing a period. */
export function EvaluationBoardPage() {
  const { t } = useI18n();
  const session = useSession();
  const res = useLiveQuery({ query: EVALUATION_BOARD_QUERY, variables: {}, pollMs: 5 * 60_000 });
  const model = useMemo(() => boardModel(res.data?.evaluations.edges.map((e) => e.node) ?? []), [res.data]);
  const office = !!session?.user.roles.some((r) => r === "PROCESS_OFFICE" || r === "ADMIN");
  return (
    <div className="page">
      <header className="page__head page__head--row">
        <div>
          <h1>{t("evaluations.title")}</h1>
          <p className="muted">{t("evaluations.subtitle")}</p>
        </div>
        <div className="page__tools">
          <Freshness at={res.fetchedAt} />
        </div>
      </header>
      {office && res.data && <ComputeForm processes={res.data.processes.edges.map((e) => e.node)} />}
      {res.error && !res.data && <ErrorNote message={res.error.message} onRetry={res.refetch} />}
      {!res.data && !res.error && <Loading />}
      {res.data && (
        <div className="eval-board">
          <Panel title={t("evaluations.grid")}>
            <EvaluationGrid model={model} />
          </Panel>
          <Panel title={t("evaluations.trend")}>
            <Suspense fallback={<Loading />}>
              <ScoreTrend model={model} />
            </Suspense>
          </Panel>
        </div>
      )}
    </div>
  );
}

/** The process office computes a period's draft from the data (§4.3.2) and goes to it. */
export function ComputeForm({ processes }: { processes: readonly { id: string; code: string; name: string; nameEn: string }[] }) {
  const { t, name } = useI18n();
  const [processId, setProcessId] = useState("");
  const [period, setPeriod] = useState(() => new Date().toISOString().slice(0, 7));
  const [problem, setProblem] = useState<string | null>(null);
  const [res, run] = useMutation(COMPUTE_EVALUATION);
  return (
    <form
      className="inline-form"
      aria-label={t("evaluations.compute")}
      onSubmit={async (ev) => {
        ev.preventDefault();
        if (!processId) return setProblem(t("evaluations.chooseProcess"));
        if (!PERIOD_PATTERN.test(period.trim())) return setProblem(t("evaluations.badPeriod"));
        setProblem(null);
        const r = await run({ processId, period: period.trim() });
        if (r.error || !r.data) return setProblem(t("loop.failed", { message: errorText(r.error) ?? "?" }));
        navigate(`/evaluations/${encodeURIComponent(r.data.computeEvaluation.id)}`);
      }}
    >
      <strong className="inline-form__title">{t("evaluations.compute")}</strong>
      <label className="field field--inline">
        <span>{t("loop.process")}</span>
        <select value={processId} onChange={(e) => setProcessId(e.target.value)}>
          <option value="">{t("evaluation.choose")}</option>
          {processes.map((p) => (
            <option key={p.id} value={p.id}>
              {p.code} {name(p)}
            </option>
          ))}
        </select>
      </label>
      <label className="field field--inline">
        <span>{t("evaluations.period")}</span>
        <input value={period} onChange={(e) => setPeriod(e.target.value)} size={8} />
      </label>
      <button type="submit" className="btn btn--primary" disabled={res.fetching}>
        {t("evaluations.computeSubmit")}
      </button>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
