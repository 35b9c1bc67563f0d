import { useI18n } from "../../../app/i18n/I18nProvider";
import { Link } from "../../../app/router";
import type { Criterion } from "../queries";

/** The working of an evaluation (§4.3.2): each criterion's indicator, target, actual, attainment, weight and points. */
export function CriteriaTable({ criteria, total, onAdjust }: { criteria: readonly Criterion[]; total: number; onAdjust?: (c: Criterion) => void }) {
  const { t, tEnum, name, number, value } = useI18n();
  const target = (c: Criterion) =>
    c.target != null ? value(c.target, c.indicator?.unit) : c.targetLow != null || c.targetHigh != null ? `${number(c.targetLow)} – ${number(c.targetHigh)}` : "—";
  return (
    <div className="table-wrap">
      <table className="table criteria">
        <caption className="sr-only">{t("evaluation.working")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("evaluation.criterion")}</th>
            <th scope="col">{t("evaluation.indicator")}</th>
            <th scope="col" className="num">
              {t("evaluation.target")}
            </th>
            <th scope="col" className="num">
              {t("evaluation.actual")}
            </th>
            <th scope="col" className="num">
              {t("evaluation.attainment")}
            </th>
            <th scope="col" className="num">
              {t("evaluation.weight")}
            </th>
            <th scope="col" className="num">
              {t("evaluation.points")}
            </th>
            {onAdjust && (
              <th scope="col">
                <span className="sr-only">{t("evaluation.adjust")}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {criteria.map((c) => (
            <tr key={c.key} data-key={c.key}>
              <th scope="row">
                {tEnum("criterion", c.criterion)}
                <div className="muted small">{c.working}</div>
                {c.adjustment && <div className="small criteria__adjusted">{t("evaluation.adjusted", { from: number(c.computedAttainment, 1), reason: c.adjustment.reason })}</div>}
              </th>
              <td>
                {c.indicator ? (
                  <Link to={`/indicators/${encodeURIComponent(c.indicator.id)}`}>
                    {c.indicator.code} {name(c.indicator)}
                  </Link>
                ) : (
                  c.label
                )}
              </td>
              <td className="num">{target(c)}</td>
              <td className="num">{c.actual == null ? "—" : value(c.actual, c.indicator?.unit)}</td>
              <td className="num">{c.attainment == null ? "—" : `${number(c.attainment, 1)}%`}</td>
              <td className="num">{`${number(c.weight * 100, 1)}%`}</td>
              <td className="num">{number(c.points, 2)}</td>
              {onAdjust && (
                <td>
                  <button
                    type="button"
                    className="btn btn--small"
                    onClick={() => onAdjust(c)}
                    aria-label={`${t("evaluation.adjust")}: ${c.indicator ? c.indicator.code : c.label}`}
                  >
                    {t("evaluation.adjust")}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={6}>
              {t("evaluation.total")}
            </th>
            <td className="num">
              <strong>{number(total, 2)}</strong>
            </td>
            {onAdjust && <td />}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
