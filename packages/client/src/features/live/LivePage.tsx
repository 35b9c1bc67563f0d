import { useMemo } from "react";
import { useI18n } from "../../app/i18n/I18nProvider";
import { Link } from "../../app/router";
import { Freshness } from "../../app/ui/Freshness";
import { ErrorNote, Loading } from "../../app/ui/States";
import { useLiveQuery } from "../../app/useLiveQuery";
import { AlertFeedPanel } from "../alerts/components/AlertFeedPanel";
import { IndicatorGrid } from "../indicators/components/IndicatorGrid";
import { INDICATORS_QUERY } from "../indicators/queries";
import { useStatusChanges } from "../indicators/useLiveReadings";

/** The desk overview: indicator health, the live warning feed and the indicators to watch. */
export function LivePage() {
  const { t } = useI18n();
  const res = useLiveQuery({ query: INDICATORS_QUERY, variables: {}, pollMs: 5 * 60_000 });
  const statuses = useStatusChanges(null);
  const indicators = useMemo(() => res.data?.indicators.edges.map((e) => e.node) ?? [], [res.data]);
  const counts = useMemo(() => {
    const c = { OK: 0, WARNING: 0, CRITICAL: 0, NO_DATA: 0, UNKNOWN: 0 };
    for (const i of indicators) c[(statuses[i.id] ?? i.status) as keyof typeof c] += 1;
    return c;
  }, [indicators, statuses]);
  return (
    <div className="page page--wide">
      <header className="page__head page__head--row">
        <h1>{t("live.title")}</h1>
        <div className="page__tools">
          <Freshness at={res.fetchedAt} />
        </div>
      </header>
      <div className="kpis">
        <div className="kpi kpi--critical">
          <span className="kpi__label">{t("live.kpiCritical")}</span>
          <span className="kpi__value">{counts.CRITICAL}</span>
        </div>
        <div className="kpi kpi--warning">
          <span className="kpi__label">{t("live.kpiWarning")}</span>
          <span className="kpi__value">{counts.WARNING}</span>
        </div>
        <div className="kpi kpi--nodata">
          <span className="kpi__label">{t("live.kpiNoData")}</span>
          <span className="kpi__value">{counts.NO_DATA}</span>
        </div>
        <div className="kpi kpi--ok">
          <span className="kpi__label">{t("live.indicatorsOk")}</span>
          <span className="kpi__value">
            {counts.OK} / {indicators.length}
          </span>
        </div>
      </div>
      <div className="live-layout">
        <AlertFeedPanel className="live-layout__feed" limit={40} />
        <section className="live-layout__charts" aria-labelledby="charts-title">
          <div className="section__head">
            <h2 id="charts-title" className="section__title">
              {t("live.charts")}
            </h2>
            <Link to="/processes">{t("nav.processes")} →</Link>
          </div>
          {res.error && !res.data && <ErrorNote message={res.error.message} onRetry={res.refetch} />}
          {!res.data && !res.error && <Loading />}
          {indicators.length > 0 && <IndicatorGrid indicators={indicators} theme="light" count={6} />}
        </section>
      </div>
    </div>
  );
}
