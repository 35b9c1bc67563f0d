import { useMemo, useState } from "react";
import { useI18n } from "../../../app/i18n/I18nProvider";
import { holdsScope, useSession } from "../../../app/session";
import { CsvButton } from "../../../app/ui/CsvButton";
import { Freshness } from "../../../app/ui/Freshness";
import { ErrorNote, Loading, Panel } from "../../../app/ui/States";
import { alertProcess, feedEntries, openCounts, type FeedEntry } from "../feedState";
import type { CsvColumn } from "../../../lib/csv";
import type { AlertScope } from "../queries";
import { useAlertFeed } from "../useAlertFeed";
import { AlertActionDialogs, type AlertAction } from "./AlertActionDialogs";
import { AlertFeedList } from "./AlertFeedList";

/** The live warning feed in a panel: freshness, open counts, CSV, and the managers' actions. */
export function AlertFeedPanel({
  scope,
  includeResolved = true,
  limit,
  title,
  className,
}: {
  scope?: AlertScope;
  includeResolved?: boolean;
  limit?: number;
  title?: string;
  className?: string;
}) {
  const { t, tEnum, name } = useI18n();
  const session = useSession();
  const feed = useAlertFeed(scope ?? {});
  const [target, setTarget] = useState<{ action: AlertAction; entry: FeedEntry } | null>(null);
  // The editors handle warnings (§2.1.2, §2.2.2, §2.3): the server's scope; it checks each action.
  const canHandle = holdsScope(session, "EDITOR");
  // The stream filters by the level of each event (an escalation to CRITICAL is a CRITICAL event, even
  // on a WARNING rule's alert); the list shows alerts of the chosen levels, as the list query does.
  const levels = scope?.levels ?? undefined;
  const entries = useMemo(() => (feed.state ? feedEntries(feed.state, { includeResolved, levels }) : []), [feed.state, includeResolved, levels]);
  const counts = feed.state ? openCounts(feed.state) : null;
  const open = (action: AlertAction) => (entry: FeedEntry) => setTarget({ action, entry });

  const columns = useMemo<CsvColumn<FeedEntry>[]>(
    () => [
      { header: "id", value: (e) => e.alert.id },
      { header: t("feed.time"), value: (e) => e.lastAt },
      { header: t("feed.level"), value: (e) => tEnum("level", e.alert.level) },
      { header: t("feed.state"), value: (e) => tEnum("state", e.alert.state) },
      {
        header: t("feed.process"),
        value: (e) => {
          const p = alertProcess(e.alert);
          return p ? name(p) : "";
        },
      },
      { header: t("feed.indicator"), value: (e) => (e.alert.indicator ? `${e.alert.indicator.code} ${name(e.alert.indicator)}` : tEnum("source", e.alert.source)) },
      { header: t("chart.value"), value: (e) => e.alert.value },
      { header: "unit", value: (e) => e.alert.indicator?.unit ?? "" },
      { header: t("feed.message"), value: (e) => e.alert.message },
      { header: t("feed.assignee"), value: (e) => e.alert.assignee?.name },
      { header: "startedAt", value: (e) => e.alert.startedAt },
    ],
    [t, tEnum, name],
  );

  return (
    <Panel
      id="feed"
      className={`feed-panel ${className ?? ""}`}
      title={
        <>
          {title ?? t("feed.title")}
          {counts && (counts.CRITICAL > 0 || counts.WARNING > 0) && (
            <span className="feed-counts">
              {counts.CRITICAL > 0 && (
                <span className="count count--critical">
                  {counts.CRITICAL} {t("level.CRITICAL")}
                </span>
              )}
              {counts.WARNING > 0 && (
                <span className="count count--warning">
                  {counts.WARNING} {t("level.WARNING")}
                </span>
              )}
            </span>
          )}
        </>
      }
      meta={<Freshness at={feed.lastEventAt ?? feed.loadedAt} live={feed.stream === "live"} />}
      actions={<CsvButton rows={entries} columns={columns} filename="warnings" />}
    >
      {feed.streamError && (
        <p className="stream-error" role="status">
          {feed.streamError}
        </p>
      )}
      {feed.error && !feed.state ? (
        <ErrorNote message={feed.error} />
      ) : !feed.state ? (
        <Loading />
      ) : (
        <AlertFeedList
          entries={entries}
          limit={limit}
          cursor={feed.state.cursor}
          actions={canHandle ? { onAcknowledge: open("acknowledge"), onAssign: open("assign"), onResolve: open("resolve") } : null}
        />
      )}
      <AlertActionDialogs target={target} onClose={() => setTarget(null)} onDone={feed.replace} />
    </Panel>
  );
}
