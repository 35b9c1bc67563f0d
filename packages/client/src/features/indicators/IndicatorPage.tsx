import { useMemo, useState } from "react";
import { useQuery } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { digitsFor } from "../../app/i18n/format";
import { Link } from "../../app/router";
import { StatusBadge } from "../../app/ui/Badges";
import { CsvButton } from "../../app/ui/CsvButton";
import { Freshness } from "../../app/ui/Freshness";
import { ErrorNote, Loading, Panel } from "../../app/ui/States";
import { useLiveQuery } from "../../app/useLiveQuery";
import { IndicatorChart } from "../../components/charts/IndicatorChart";
import type { MessageKey } from "../../app/i18n/en";
import { asIndicator, INDICATOR_QUERY, LATEST_READINGS } from "./queries";
import type { IndicatorStatus, IndicatorSummary } from "./types";
import { chartRules } from "./chartInputs";
import { useChartLabels } from "./useChartLabels";
import { useFoldedHistory, useIndicatorHistory } from "./useIndicatorHistory";
import { useTrendProjection } from "./useTrendProjection";
import { lastReading, useLiveReadings, useStatusChanges } from "./useLiveReadings";

const DAY = 86_400_000;
const RANGES: { key: MessageKey; ms: number }[] = [
  { key: "chart.range.1d", ms: DAY },
  { key: "chart.range.7d", ms: 7 * DAY },
  { key: "chart.range.30d", ms: 30 * DAY },
  { key: "chart.range.90d", ms: 90 * DAY },
];

/** One indicator (§4.1): its live chart with zoom and brush over history, rules and readings. */
export function IndicatorPage({ id }: { id: string }) {
  const { t, name, tEnum } = useI18n();
  const [res, refetch] = useQuery({ query: INDICATOR_QUERY, variables: { id } });
  const indicator = asIndicator(res.data?.node);
  if (res.error && !indicator)
    return (
      <div className="page">
        <ErrorNote message={res.error.message} onRetry={() => refetch({ requestPolicy: "network-only" })} />
      </div>
    );
  if (!indicator) return <div className="page">{res.fetching ? <Loading /> : <p>{t("common.notFound")}</p>}</div>;
  return (
    <div className="page">
      <nav className="crumbs" aria-label="breadcrumb">
        <Link to="/processes">{t("nav.processes")}</Link> › <Link to={`/processes/${encodeURIComponent(indicator.process.code)}`}>{name(indicator.process)}</Link>
      </nav>
      <header className="page__head">
        <h1>
          {name(indicator)} <span className="code">{indicator.code}</span>
        </h1>
        <p className="muted">
          {tEnum("indicator.direction", indicator.direction)}
          {indicator.expectedIntervalMinutes ? ` · ${t("indicator.interval", { minutes: indicator.expectedIntervalMinutes })}` : ""}
        </p>
      </header>
      <IndicatorDetail indicator={indicator} />
    </div>
  );
}

function IndicatorDetail({ indicator }: { indicator: IndicatorSummary }) {
  const { t } = useI18n();
  const [range, setRange] = useState(1);
  const interval = indicator.expectedIntervalMinutes ?? 60;
  const w = useMemo(() => ({ spanMs: Math.max(RANGES[range].ms, interval * 60_000 * 4), intervalMinutes: interval, maxBuckets: 500 }), [range, interval]);
  const history = useIndicatorHistory(indicator.id, w);
  const ids = useMemo(() => [indicator.id], [indicator.id]);
  const live = useLiveReadings(ids);
  const status = useStatusChanges(ids)[indicator.id] ?? indicator.status;
  const feed = live.byId[indicator.id];
  const folded = useFoldedHistory(history, feed);
  const lastLive = lastReading(feed);
  const projection = useTrendProjection(indicator, lastLive?.[0] ?? null);
  const { labels, formatValue, formatTime } = useChartLabels(indicator.unit);
  const last = lastLive?.[1] ?? indicator.lastValue;

  return (
    <>
      <Kpis indicator={indicator} last={last} status={status} />
      <Panel
        id="chart"
        title={t("chart.value")}
        meta={<Freshness at={live.lastAt ?? history.fetchedAt} />}
        actions={
          // biome-ignore lint/a11y/useSemanticElements: a segmented button group, not a form fieldset
          <div className="segmented" role="group" aria-label={t("chart.rangeLabel")}>
            {RANGES.map((r, i) => (
              <button key={r.key} type="button" className={`segmented__btn ${i === range ? "is-active" : ""}`} aria-pressed={i === range} onClick={() => setRange(i)}>
                {t(r.key)}
              </button>
            ))}
          </div>
        }
      >
        {history.error && <ErrorNote message={history.error} />}
        <IndicatorChart
          key={range}
          className="chart--large"
          history={folded.buckets}
          frame={folded.frame}
          rules={chartRules(indicator.rules)}
          projection={projection}
          target={indicator.target}
          targetLow={indicator.targetLow}
          targetHigh={indicator.targetHigh}
          theme="light"
          interactive
          labels={labels}
          formatValue={formatValue}
          formatTime={formatTime}
          ariaLabel={`${indicator.code}: ${labels.value}`}
        />
        <p className="muted small">
          {t("chart.brushHint")}
          {feed?.seq ? ` · ${t("chart.live", { n: feed.seq })}` : ""}
        </p>
      </Panel>
      <div className="two-col">
        <RulesPanel indicator={indicator} />
        <ReadingsPanel indicator={indicator} />
      </div>
    </>
  );
}

function Kpis({ indicator, last, status }: { indicator: IndicatorSummary; last: number | null; status: IndicatorStatus }) {
  const { t, value, number } = useI18n();
  return (
    <div className="kpis">
      <div className="kpi">
        <span className="kpi__label">{t("chart.lastValue")}</span>
        <span className="kpi__value">{value(last, indicator.unit, last != null ? digitsFor(last) : 2)}</span>
      </div>
      <div className="kpi">
        <span className="kpi__label">{t("processes.status")}</span>
        <span className="kpi__value">
          <StatusBadge status={status} />
        </span>
      </div>
      {indicator.target != null && (
        <div className="kpi">
          <span className="kpi__label">{t("chart.target")}</span>
          <span className="kpi__value">{value(indicator.target, indicator.unit, digitsFor(indicator.target))}</span>
        </div>
      )}
      {indicator.targetLow != null && indicator.targetHigh != null && (
        <div className="kpi">
          <span className="kpi__label">{t("chart.targetBand")}</span>
          <span className="kpi__value">
            {number(indicator.targetLow)} – {number(indicator.targetHigh)}
          </span>
        </div>
      )}
    </div>
  );
}

/** The indicator's warning rules (§5.3.2), in words. */
function RulesPanel({ indicator }: { indicator: IndicatorSummary }) {
  const { t, value, tEnum } = useI18n();
  return (
    <Panel id="rules" title={t("indicator.rules")}>
      <ul className="rules">
        {indicator.rules.map((r) => (
          <li key={r.id} className={`rule rule--${r.level.toLowerCase()} ${r.enabled ? "" : "rule--off"}`}>
            <span className={`pill pill--${r.level.toLowerCase()}`}>{tEnum("level", r.level)}</span>
            <span className="rule__kind">{tEnum("indicator.rule", r.kind)}</span>
            <span>
              {r.kind === "THRESHOLD" && r.comparator
                ? t(`indicator.comparator.${r.comparator}` as MessageKey, { value: value(r.value, indicator.unit), upper: value(r.upperValue, indicator.unit) })
                : r.kind === "TREND"
                  ? t("indicator.ruleTrend", { hours: Math.round((r.trendHorizonMinutes ?? 0) / 60), n: r.trendWindow ?? 0 })
                  : t("indicator.ruleNoData", { factor: r.noDataFactor ?? 2 })}
            </span>
            {r.kind === "THRESHOLD" && (r.consecutive ?? 1) > 1 && <span className="muted">{t("indicator.consecutive", { n: r.consecutive ?? 1 })}</span>}
          </li>
        ))}
      </ul>
    </Panel>
  );
}

/** The latest raw readings, polled, with CSV. */
function ReadingsPanel({ indicator }: { indicator: IndicatorSummary }) {
  const { t, value, date } = useI18n();
  const latest = useLiveQuery({ query: LATEST_READINGS, variables: { id: indicator.id }, pollMs: 60_000 });
  const readings = asIndicator(latest.data?.node)?.readings ?? [];
  return (
    <Panel
      id="readings"
      title={t("indicator.readings")}
      actions={
        <CsvButton
          rows={readings}
          filename={`readings-${indicator.code}`}
          columns={[
            { header: "observedAt", value: (r) => r.observedAt },
            { header: "value", value: (r) => r.value },
            { header: "key", value: (r) => r.key },
          ]}
        />
      }
    >
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("indicator.observedAt")}</th>
              <th scope="col" className="num">
                {t("chart.value")}
              </th>
            </tr>
          </thead>
          <tbody>
            {readings.slice(0, 12).map((r) => (
              <tr key={r.id}>
                <td>{date(r.observedAt, "medium")}</td>
                <td className="num">{value(r.value, indicator.unit, digitsFor(r.value))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}
