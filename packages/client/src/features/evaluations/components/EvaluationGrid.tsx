import { useI18n } from "../../../app/i18n/I18nProvider";
import { Link } from "../../../app/router";
import { GradeBadge } from "../../../app/ui/Badges";
import type { BoardModel } from "../queries";

/** Grades per process per period (§4.3.3); each cell links to the evaluation and its working. */
export function EvaluationGrid({ model }: { model: BoardModel }) {
  const { t, tEnum, name, number } = useI18n();
  if (!model.rows.length) return <p className="muted">{t("loop.empty")}</p>;
  return (
    <div className="table-wrap">
      <table className="table eval-grid">
        <caption className="sr-only">{t("evaluations.grid")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("loop.process")}</th>
            {model.periods.map((p) => (
              <th key={p} scope="col">
                {p}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {model.rows.map((r) => (
            <tr key={r.process.id}>
              <th scope="row">
                <Link to={`/processes/${encodeURIComponent(r.process.code)}`}>{name(r.process)}</Link>
                <div className="muted small">{r.process.code}</div>
              </th>
              {model.periods.map((p) => {
                const e = r.cells[p];
                return (
                  <td key={p} data-period={p} className={e ? `eval-cell eval-cell--${e.status.toLowerCase()}` : "eval-cell"}>
                    {e ? (
                      <Link
                        to={`/evaluations/${encodeURIComponent(e.id)}`}
                        className="eval-cell__link"
                        aria-label={`${name(r.process)} ${p}: ${tEnum("grade", e.grade)}, ${t("evaluations.score", { score: number(e.totalScore, 1) })}, ${tEnum("evalStatus", e.status)}`}
                      >
                        <GradeBadge grade={e.grade} />
                        <span className="eval-cell__score">{number(e.totalScore, 1)}</span>
                        {e.status === "DRAFT" && <span className="eval-cell__draft">{tEnum("evalStatus", e.status)}</span>}
                      </Link>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
