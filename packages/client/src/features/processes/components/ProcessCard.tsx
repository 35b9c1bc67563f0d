import { useI18n } from "../../../app/i18n/I18nProvider";
import { Link } from "../../../app/router";
import { GradeBadge } from "../../../app/ui/Badges";
import type { IndicatorStatus } from "../../indicators/types";
import type { ProcessSummary } from "../queries";

/** A process of the catalogue: goal, steps, owner, each indicator's status and the latest grade. */
export function ProcessCard({
  process,
  statuses,
  openAlerts,
  variant = "app",
}: {
  process: ProcessSummary;
  statuses?: Record<string, IndicatorStatus>;
  openAlerts?: number;
  variant?: "app" | "wall";
}) {
  const { t, tEnum, name, locale, number } = useI18n();
  const indicators = process.indicators.edges.map((e) => e.node);
  const goal = locale === "en" && process.goalEn ? process.goalEn : process.goal;
  const title = name(process);
  const steps = [...process.steps].sort((a, b) => a.position - b.position);
  return (
    <article className={`process-card process-card--${variant}`} data-process={process.code} aria-labelledby={`pc-${process.id}`}>
      <header className="process-card__head">
        <div>
          <span className="process-card__category">
            {tEnum("category", process.category)} · {process.code}
          </span>
          <h2 className="process-card__title" id={`pc-${process.id}`}>
            {variant === "app" ? <Link to={`/processes/${encodeURIComponent(process.code)}`}>{title}</Link> : title}
          </h2>
        </div>
        <div className="process-card__grade">
          {process.latestEvaluation ? (
            <>
              <GradeBadge grade={process.latestEvaluation.grade} />
              <span className="muted small">
                {process.latestEvaluation.period} · {number(process.latestEvaluation.totalScore, 1)}
              </span>
            </>
          ) : (
            <span className="muted small">{t("processes.noEvaluation")}</span>
          )}
        </div>
      </header>
      <p className="process-card__goal">
        <span className="label">{t("processes.goal")}</span>
        {goal}
      </p>
      <dl className="process-card__facts">
        <div>
          <dt>{t("processes.owner")}</dt>
          <dd>{name(process.owner)}</dd>
        </div>
        <div>
          <dt>{t("processes.steps")}</dt>
          <dd>{process.steps.length}</dd>
        </div>
        {openAlerts !== undefined && (
          <div>
            <dt>{t("processes.openAlerts")}</dt>
            <dd className={openAlerts > 0 ? "text-bad" : ""}>{openAlerts}</dd>
          </div>
        )}
        {process.major && (
          <div>
            <dt className="sr-only">{t("processes.major")}</dt>
            <dd>
              <span className="pill pill--major">{t("processes.major")}</span>
            </dd>
          </div>
        )}
      </dl>
      {variant === "app" && (
        <ol className="steps-inline" aria-label={t("processes.steps")}>
          {steps.map((s) => (
            <li key={s.id}>{name(s)}</li>
          ))}
        </ol>
      )}
      <ul className="status-list" aria-label={t("processes.indicators")}>
        {indicators.map((i) => {
          const status = statuses?.[i.id] ?? i.status;
          return (
            <li key={i.id} className={`status-item status-item--${status.toLowerCase()}`} data-status={status}>
              <span className="status-dot" aria-hidden="true" />
              <span className="status-item__name">{name(i)}</span>
              <span className="status-item__state">{tEnum("status", status)}</span>
            </li>
          );
        })}
      </ul>
      {variant === "wall" && (
        <div className="process-card__steps">
          <h3 className="label">{t("processes.steps")}</h3>
          <ol className="steps-compact">
            {steps.map((s) => (
              <li key={s.id}>
                <span className="steps-compact__n">{s.position}</span>
                {name(s)}
              </li>
            ))}
          </ol>
        </div>
      )}
    </article>
  );
}
