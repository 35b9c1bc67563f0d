import { useMemo } from "react";
import { useI18n } from "../../../app/i18n/I18nProvider";
import { RiskLevelBadge } from "../../../app/ui/Badges";
import { Freshness } from "../../../app/ui/Freshness";
import { ErrorNote, Loading } from "../../../app/ui/States";
import type { LiveQueryResult } from "../../../app/useLiveQuery";
import { movement } from "../../risks/matrixLayout";
import { RiskHeatMap, RiskLegend } from "../../risks/components/RiskHeatMap";
import type { RiskMatrixData } from "../../risks/queries";

/** The heat map, large, beside the highest risks and how they moved. */
export function WallRisksView({ risks }: { risks: LiveQueryResult<RiskMatrixData> }) {
  const { t, tEnum, locale } = useI18n();
  const top = useMemo(
    () =>
      (risks.data?.risks.edges.map((e) => e.node) ?? [])
        .filter((r) => r.currentScore != null)
        .sort((a, b) => (b.currentScore ?? 0) - (a.currentScore ?? 0))
        .slice(0, 8),
    [risks.data],
  );
  const total = risks.data?.riskMatrix.reduce((s, c) => s + c.count, 0) ?? 0;
  if (!risks.data) return risks.error ? <ErrorNote message={risks.error.message} /> : <Loading />;
  return (
    <div className="wall-risks">
      <section className="wall-panel" aria-labelledby="wall-map-title">
        <header className="wall-panel__head">
          <h2 id="wall-map-title">
            {t("risks.title")} <span className="muted">· {t("risks.total", { n: total })}</span>
          </h2>
          <Freshness at={risks.fetchedAt} />
        </header>
        <RiskHeatMap cells={risks.data.riskMatrix} variant="wall" />
        <RiskLegend />
      </section>
      <section className="wall-panel" aria-labelledby="wall-top-title">
        <header className="wall-panel__head">
          <h2 id="wall-top-title">{t("processes.risks")}</h2>
        </header>
        <ol className="wall-risk-list">
          {top.map((r) => {
            const moved = movement(r.latestAssessment, r.previousAssessment);
            return (
              <li key={r.id} className="wall-risk">
                <span className="wall-risk__score">{r.currentScore}</span>
                <div>
                  <strong>{locale === "en" && r.titleEn ? r.titleEn : r.title}</strong>
                  <span className="wall-risk__meta">
                    {r.code} · {tEnum("riskCategory", r.category)}
                    {r.latestAssessment && ` · ${r.latestAssessment.likelihood} × ${r.latestAssessment.impact}`}
                    {moved && (
                      <span className={moved.worse ? "text-bad" : "text-good"}>
                        {" "}
                        {moved.worse ? "▲" : "▼"} {t("risks.movedFrom", { l: moved.from[0], i: moved.from[1] })}
                      </span>
                    )}
                  </span>
                </div>
                {r.currentLevel && <RiskLevelBadge level={r.currentLevel} />}
              </li>
            );
          })}
        </ol>
      </section>
    </div>
  );
}
