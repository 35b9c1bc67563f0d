import { useMemo, type ReactNode } from "react";
import { useI18n } from "../../../app/i18n/I18nProvider";
import { digitsFor } from "../../../app/i18n/format";
import { Link } from "../../../app/router";
import { StatusBadge } from "../../../app/ui/Badges";
import { Freshness } from "../../../app/ui/Freshness";
import { IndicatorChart } from "../../../components/charts/IndicatorChart";
import type { ChartTheme } from "../../../components/charts/chartTheme";
import type { ChartProjection, HistoryBucket } from "../../../components/charts/IndicatorChart";
import type { IndicatorStatus, IndicatorSummary } from "../types";
import { chartRules } from "../chartInputs";
import { useChartLabels } from "../useChartLabels";
import { useFoldedHistory, useIndicatorHistory } from "../useIndicatorHistory";
import { lastReading, type LiveFeed } from "../useLiveReadings";
import { useTrendProjection } from "../useTrendProjection";

const HOUR = 3_600_000;

/** How much history a tile shows: three days of an hourly indicator, two months of a daily one. */
export function tileWindow(intervalMinutes: number | null): { spanMs: number; intervalMinutes: number; maxBuckets: number } {
  const interval = intervalMinutes ?? 60;
  return interval <= 60 ? { spanMs: 72 * HOUR, intervalMinutes: interval, maxBuckets: 144 } : { spanMs: 60 * 24 * HOUR, intervalMinutes: interval, maxBuckets: 120 };
}

interface TileProps {
  indicator: IndicatorSummary;
  /** The indicator's live readings (folded into the chart's buckets; the last is the tile's value). */
  live: LiveFeed | undefined;
  status?: IndicatorStatus;
  theme: ChartTheme;
  link?: boolean;
}

/** An indicator's tile, with its history loaded for the tile's window. */
export function IndicatorTile(props: TileProps) {
  const w = useMemo(() => tileWindow(props.indicator.expectedIntervalMinutes), [props.indicator.expectedIntervalMinutes]);
  const history = useIndicatorHistory(props.indicator.id, w);
  const { live, indicator } = props;
  const folded = useFoldedHistory(history, live);
  const lastAt = lastReading(live)?.[0] ?? history.fetchedAt;
  const footer = history.error ? (
    <span className="fresh fresh--stale">{history.error}</span>
  ) : (
    <Freshness at={lastAt} staleAfterMs={Math.max(15, (indicator.expectedIntervalMinutes ?? 60) * 3) * 60_000} />
  );
  const projection = useTrendProjection(indicator, lastReading(live)?.[0] ?? null);
  return <IndicatorTileView {...props} buckets={folded.buckets} frame={folded.frame} projection={projection} footer={footer} />;
}

/**
 * An indicator's tile: name, status, last value, target and a compact live chart; `footer` says
 * how fresh it is (it depends on the live connection, which the container knows).
 */
export function IndicatorTileView({
  indicator,
  live,
  status,
  theme,
  link = true,
  buckets,
  frame,
  projection,
  footer,
}: TileProps & { buckets: readonly HistoryBucket[]; frame?: unknown; projection: ChartProjection | null; footer?: ReactNode }) {
  const { t, name, value, number, unit } = useI18n();
  const { labels, formatValue, formatTime } = useChartLabels(indicator.unit);
  const last = lastReading(live)?.[1] ?? indicator.lastValue;
  const current = status ?? indicator.status;
  const title = name(indicator);
  return (
    <article className={`tile tile--${current.toLowerCase()}`} data-indicator={indicator.code} aria-label={title}>
      <header className="tile__head">
        <div className="tile__names">
          <h3 className="tile__title">{link ? <Link to={`/indicators/${encodeURIComponent(indicator.id)}`}>{title}</Link> : title}</h3>
          <span className="tile__sub">
            {indicator.code} · {name(indicator.process)}
          </span>
        </div>
        <StatusBadge status={current} />
      </header>
      <div className="tile__figures">
        <span className="tile__value">
          {number(last, last != null ? digitsFor(last) : 2)}
          {unit(indicator.unit) && <span className={indicator.unit === "%" ? "tile__unit tile__unit--tight" : "tile__unit"}>{unit(indicator.unit)}</span>}
        </span>
        {indicator.target != null && (
          <span className="tile__target">
            {t("chart.target")} {value(indicator.target, indicator.unit, digitsFor(indicator.target))}
          </span>
        )}
      </div>
      <IndicatorChart
        className="tile__chart"
        history={buckets}
        frame={frame}
        rules={chartRules(indicator.rules)}
        projection={projection}
        target={indicator.target}
        targetLow={indicator.targetLow}
        targetHigh={indicator.targetHigh}
        theme={theme}
        labels={labels}
        formatValue={formatValue}
        formatTime={formatTime}
        ariaLabel={`${title}: ${labels.value} ${value(last, indicator.unit)}`}
      />
      <footer className="tile__foot">{footer}</footer>
    </article>
  );
}
