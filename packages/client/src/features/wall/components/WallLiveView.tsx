import { useMemo } from "react";
import { useI18n } from "../../../app/i18n/I18nProvider";
import { Freshness } from "../../../app/ui/Freshness";
import { ErrorNote, Loading } from "../../../app/ui/States";
import type { ResultOf } from "../../../app/graphql";
import type { LiveQueryResult } from "../../../app/useLiveQuery";
import { feedEntries } from "../../alerts/feedState";
import { AlertFeedList } from "../../alerts/components/AlertFeedList";
import type { AlertFeed } from "../../alerts/useAlertFeed";
import { IndicatorGrid } from "../../indicators/components/IndicatorGrid";
import type { INDICATORS_QUERY } from "../../indicators/queries";

/** Warning feed beside a grid of the indicators most worth watching. */
export function WallLiveView({ feed, indicators }: { feed: AlertFeed; indicators: LiveQueryResult<ResultOf<typeof INDICATORS_QUERY>> }) {
  const { t } = useI18n();
  const list = useMemo(() => indicators.data?.indicators.edges.map((e) => e.node) ?? [], [indicators.data]);
  const entries = useMemo(() => (feed.state ? feedEntries(feed.state) : []), [feed.state]);
  return (
    <div className="wall-live">
      <section className="wall-panel wall-live__feed" aria-labelledby="wall-feed-title">
        <header className="wall-panel__head">
          <h2 id="wall-feed-title">{t("feed.title")}</h2>
          <Freshness at={feed.lastEventAt ?? feed.loadedAt} live={feed.stream === "live"} />
        </header>
        {feed.streamError && <p className="stream-error">{feed.streamError}</p>}
        {feed.state ? <AlertFeedList entries={entries} variant="wall" limit={14} cursor={feed.state.cursor} /> : feed.error ? <ErrorNote message={feed.error} /> : <Loading />}
      </section>
      <section className="wall-live__charts" aria-labelledby="wall-charts-title">
        <header className="wall-panel__head">
          <h2 id="wall-charts-title">{t("live.charts")}</h2>
          <Freshness at={indicators.fetchedAt} />
        </header>
        {indicators.error && !indicators.data && <ErrorNote message={indicators.error.message} />}
        {!indicators.data && !indicators.error && <Loading />}
        {list.length > 0 && <IndicatorGrid indicators={list} theme="dark" count={6} link={false} className="tile-grid--wall" />}
      </section>
    </div>
  );
}
