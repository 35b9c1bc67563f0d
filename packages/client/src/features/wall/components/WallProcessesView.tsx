import { useMemo } from "react";
import { ErrorNote, Loading } from "../../../app/ui/States";
import { useI18n } from "../../../app/i18n/I18nProvider";
import { Freshness } from "../../../app/ui/Freshness";
import type { ResultOf } from "../../../app/graphql";
import type { LiveQueryResult } from "../../../app/useLiveQuery";
import { alertProcess, feedEntries } from "../../alerts/feedState";
import type { AlertFeed } from "../../alerts/useAlertFeed";
import { useStatusChanges } from "../../indicators/useLiveReadings";
import { ProcessCard } from "../../processes/components/ProcessCard";
import { byPolicyOrder, type PROCESSES_QUERY } from "../../processes/queries";

/** The five processes: indicator status, open warnings and latest grade at a glance. */
export function WallProcessesView({ processes, feed }: { processes: LiveQueryResult<ResultOf<typeof PROCESSES_QUERY>>; feed: AlertFeed }) {
  const { t } = useI18n();
  const statuses = useStatusChanges(null);
  const list = useMemo(() => [...(processes.data?.processes.edges.map((e) => e.node) ?? [])].sort(byPolicyOrder), [processes.data]);
  const open = useMemo(() => {
    const counts: Record<string, number> = {};
    // One alert per indicator: a WARNING its CRITICAL inhibits is not counted twice (§6.2.2).
    for (const e of feed.state ? feedEntries(feed.state, { includeResolved: false }) : []) {
      const p = alertProcess(e.alert);
      if (e.alert.state !== "RESOLVED" && p) counts[p.id] = (counts[p.id] ?? 0) + 1;
    }
    return counts;
  }, [feed.state]);
  if (!processes.data) return processes.error ? <ErrorNote message={processes.error.message} /> : <Loading />;
  return (
    <section className="wall-processes" aria-labelledby="wall-proc-title">
      <header className="wall-panel__head">
        <h2 id="wall-proc-title">{t("wall.view.processes")}</h2>
        <Freshness at={processes.fetchedAt} />
      </header>
      <div className="wall-processes__grid">
        {list.map((p) => (
          <ProcessCard key={p.id} process={p} statuses={statuses} openAlerts={open[p.id] ?? 0} variant="wall" />
        ))}
      </div>
    </section>
  );
}
