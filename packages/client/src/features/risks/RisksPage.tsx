import { useMemo } from "react";
import { useI18n } from "../../app/i18n/I18nProvider";
import { Link, navigate, useLocation } from "../../app/router";
import { RiskLevelBadge } from "../../app/ui/Badges";
import { CsvButton } from "../../app/ui/CsvButton";
import { Freshness } from "../../app/ui/Freshness";
import { ErrorNote, Loading, Panel } from "../../app/ui/States";
import { useLiveQuery } from "../../app/useLiveQuery";
import type { CsvColumn } from "../../lib/csv";
import { movement, parseCellKey } from "./matrixLayout";
import { RiskHeatMap, RiskLegend } from "./components/RiskHeatMap";
import { RISK_MATRIX_QUERY, type RegisterRisk } from "./queries";

/** The risk heat map (§5.1.2) with click-through to the risks of a cell (kept in the address). */
export function RisksPage() {
  const { t } = useI18n();
  const { search } = useLocation();
  const res = useLiveQuery({ query: RISK_MATRIX_QUERY, variables: {}, pollMs: 60_000 });
  const selected = parseCellKey(search.get("cell"));
  const risks = useMemo(() => res.data?.risks.edges.map((e) => e.node) ?? [], [res.data]);
  const cell = selected && res.data?.riskMatrix.find((c) => c.likelihood === selected.likelihood && c.impact === selected.impact);
  const inCell = useMemo(() => (cell ? risks.filter((r) => cell.riskIds.includes(r.id)) : []), [cell, risks]);
  const assessed = res.data?.riskMatrix.reduce((s, c) => s + c.count, 0) ?? 0;
  const columns = useRegisterColumns();

  return (
    <div className="page">
      <header className="page__head page__head--row">
        <div>
          <h1>{t("risks.title")}</h1>
          <p className="muted">{t("risks.subtitle")}</p>
        </div>
        <div className="page__tools">
          <Freshness at={res.fetchedAt} />
          <CsvButton<RegisterRisk> rows={risks} filename="risks" columns={columns} />
        </div>
      </header>
      {res.error && !res.data && <ErrorNote message={res.error.message} onRetry={res.refetch} />}
      {!res.data && !res.error && <Loading />}
      {res.data && (
        <div className="risk-layout">
          <Panel id="heatmap" title={t("risks.total", { n: assessed })} className="risk-layout__map">
            <RiskHeatMap cells={res.data.riskMatrix} selected={selected} onSelect={(c) => navigate(`/risks?cell=${c.likelihood}-${c.impact}`, { replace: true })} />
            <RiskLegend />
          </Panel>
          <Panel id="cell" className="risk-layout__cell" title={selected ? t("risks.cellTitle", { l: selected.likelihood, i: selected.impact }) : t("risks.title")}>
            {!selected ? (
              <p className="muted">{t("risks.selectCell")}</p>
            ) : inCell.length === 0 ? (
              <p className="muted">{t("risks.emptyCell")}</p>
            ) : (
              <ul className="risk-list" aria-live="polite">
                {inCell.map((r) => (
                  <RiskItem key={r.id} risk={r} />
                ))}
              </ul>
            )}
          </Panel>
        </div>
      )}
    </div>
  );
}

/** The title in the current language. */
function useRiskTitle() {
  const { locale } = useI18n();
  return (r: RegisterRisk) => (locale === "en" && r.titleEn ? r.titleEn : r.title);
}

/** The register's CSV columns. */
function useRegisterColumns(): CsvColumn<RegisterRisk>[] {
  const { t, tEnum, name } = useI18n();
  const title = useRiskTitle();
  return [
    { header: t("risks.code"), value: (r) => r.code },
    { header: t("risks.titleCol"), value: title },
    { header: t("risks.category"), value: (r) => tEnum("riskCategory", r.category) },
    { header: t("risks.level"), value: (r) => tEnum("riskLevel", r.currentLevel) },
    { header: "score", value: (r) => r.currentScore },
    { header: t("risks.likelihood"), value: (r) => r.latestAssessment?.likelihood },
    { header: t("risks.impact"), value: (r) => r.latestAssessment?.impact },
    { header: "previous", value: (r) => (r.previousAssessment ? `${r.previousAssessment.likelihood}x${r.previousAssessment.impact}` : "") },
    { header: t("risks.owner"), value: (r) => name(r.ownerUnit) },
    { header: t("processes.title"), value: (r) => r.processes.map((p) => p.code).join("; ") },
  ];
}

/** One risk of the selected cell: level, title, how it moved, owner, processes, and whether a high risk has its plan (§5.2.2). */
function RiskItem({ risk: r }: { risk: RegisterRisk }) {
  const { t, tEnum, name } = useI18n();
  const title = useRiskTitle();
  const moved = movement(r.latestAssessment, r.previousAssessment);
  return (
    <li className="risk-item" data-risk={r.code}>
      <div className="risk-item__head">
        <span className="code">{r.code}</span>
        {r.currentLevel && <RiskLevelBadge level={r.currentLevel} />}
        <span className="muted small">{tEnum("riskCategory", r.category)}</span>
      </div>
      <strong className="risk-item__title">{title(r)}</strong>
      <div className="risk-item__meta small">
        {moved ? (
          <span className={moved.worse ? "text-bad" : "text-good"}>
            {moved.worse ? "▲" : "▼"} {t("risks.movedFrom", { l: moved.from[0], i: moved.from[1] })}
          </span>
        ) : !r.previousAssessment ? (
          <span className="muted">{t("risks.new")}</span>
        ) : null}
        <span>{name(r.ownerUnit)}</span>
        {r.processes.map((p) => (
          <Link key={p.id} to={`/processes/${encodeURIComponent(p.code)}`}>
            {name(p)}
          </Link>
        ))}
        {r.planRequired && <span className={r.needsPlan ? "text-bad" : "text-good"}>{r.needsPlan ? t("risks.noPlan") : t("risks.hasPlan")}</span>}
      </div>
    </li>
  );
}
