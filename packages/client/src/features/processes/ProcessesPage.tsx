import { useMemo } from "react";
import { useI18n } from "../../app/i18n/I18nProvider";
import { CsvButton } from "../../app/ui/CsvButton";
import { Freshness } from "../../app/ui/Freshness";
import { ErrorNote, Loading } from "../../app/ui/States";
import { useLiveQuery } from "../../app/useLiveQuery";
import { useStatusChanges } from "../indicators/useLiveReadings";
import { ProcessCard } from "./components/ProcessCard";
import { byPolicyOrder, PROCESSES_QUERY, type ProcessSummary } from "./queries";

/** The process catalogue (§3): the five processes with goals, steps, owners, indicator status and grade. */
export function ProcessesPage() {
  const { t, tEnum, name } = useI18n();
  const res = useLiveQuery({ query: PROCESSES_QUERY, variables: {}, pollMs: 5 * 60_000 });
  const statuses = useStatusChanges(null);
  const processes = useMemo(() => [...(res.data?.processes.edges.map((e) => e.node) ?? [])].sort(byPolicyOrder), [res.data]);
  return (
    <div className="page">
      <header className="page__head page__head--row">
        <div>
          <h1>{t("processes.title")}</h1>
          <p className="muted">{t("processes.subtitle")}</p>
        </div>
        <div className="page__tools">
          <Freshness at={res.fetchedAt} />
          <CsvButton<ProcessSummary>
            rows={processes}
            filename="processes"
            columns={[
              { header: t("processes.code"), value: (p) => p.code },
              { header: t("processes.name"), value: (p) => name(p) },
              { header: t("processes.category"), value: (p) => tEnum("category", p.category) },
              { header: t("processes.goal"), value: (p) => p.goal },
              { header: t("processes.owner"), value: (p) => name(p.owner) },
              {
                header: t("processes.steps"),
                value: (p) =>
                  [...p.steps]
                    .sort((a, b) => a.position - b.position)
                    .map((s) => name(s))
                    .join(" → "),
              },
              {
                header: t("processes.evaluation"),
                value: (p) => (p.latestEvaluation ? `${p.latestEvaluation.period} ${tEnum("grade", p.latestEvaluation.grade)} ${p.latestEvaluation.totalScore}` : ""),
              },
              { header: t("processes.indicators"), value: (p) => p.indicators.edges.map((e) => `${e.node.code}:${e.node.status}`).join("; ") },
            ]}
          />
        </div>
      </header>
      {res.error && !res.data && <ErrorNote message={res.error.message} onRetry={res.refetch} />}
      {!res.data && !res.error && <Loading />}
      <div className="process-grid">
        {processes.map((p) => (
          <ProcessCard key={p.id} process={p} statuses={statuses} />
        ))}
      </div>
    </div>
  );
}
