import { enumValues } from "../../../app/graphql";
import { useI18n } from "../../../app/i18n/I18nProvider";
import type { MessageKey } from "../../../app/i18n/en";
import { matrixRows, SCALE } from "../matrixLayout";
import type { MatrixCell } from "../queries";

/**
 * The 5×5 likelihood × impact heat map (§5.1.2): counts per cell, how many moved in since the
 * previous assessment, and each cell a button that shows the risks in it.
 */
export function RiskHeatMap({
  cells,
  selected,
  onSelect,
  variant = "app",
}: {
  cells: readonly MatrixCell[];
  selected?: { likelihood: number; impact: number } | null;
  onSelect?: (cell: MatrixCell) => void;
  variant?: "app" | "wall";
}) {
  const { t } = useI18n();
  const rows = matrixRows(cells);
  return (
    // biome-ignore lint/a11y/useSemanticElements: a grid of cells labelled as one group, not a form fieldset
    <div className={`heatmap heatmap--${variant}`} role="group" aria-label={t("risks.title")}>
      <div className="heatmap__grid">
        <div className="heatmap__y-title" aria-hidden="true">
          ↑ {t("risks.impact")}
        </div>
        {rows.map((row) => (
          <div className="heatmap__row" key={row[0].impact}>
            <div className="heatmap__y" aria-hidden="true">
              <strong>{row[0].impact}</strong>
              <span>{t(`risks.impact.${row[0].impact}` as MessageKey)}</span>
            </div>
            {row.map((cell) => {
              const isSelected = selected?.likelihood === cell.likelihood && selected.impact === cell.impact;
              const label = t("risks.cell", { l: cell.likelihood, i: cell.impact, n: cell.count, m: cell.movedIn });
              const content = (
                <>
                  <span className="heatmap__count">{cell.count > 0 ? cell.count : ""}</span>
                  {cell.movedIn > 0 && (
                    <span className="heatmap__moved">
                      <span className="heatmap__moved-long">{t("risks.movedIn", { n: cell.movedIn })}</span>
                      <span className="heatmap__moved-short">+{cell.movedIn}</span>
                    </span>
                  )}
                </>
              );
              const cls = `heatmap__cell heatmap__cell--${cell.level.toLowerCase()} ${cell.count ? "has-risks" : "is-empty"} ${isSelected ? "is-selected" : ""}`;
              return onSelect ? (
                <button
                  key={cell.likelihood}
                  type="button"
                  className={cls}
                  aria-label={label}
                  aria-pressed={isSelected}
                  onClick={() => onSelect(cell)}
                  data-cell={`${cell.likelihood}-${cell.impact}`}
                  data-count={cell.count}
                >
                  {content}
                </button>
              ) : (
                <div key={cell.likelihood} className={cls} aria-label={label} role="img" data-cell={`${cell.likelihood}-${cell.impact}`} data-count={cell.count}>
                  {content}
                </div>
              );
            })}
          </div>
        ))}
        <div className="heatmap__row heatmap__row--x" aria-hidden="true">
          <div className="heatmap__y" />
          {SCALE.map((l) => (
            <div className="heatmap__x" key={l}>
              <strong>{l}</strong>
              <span>{t(`risks.likelihood.${l}` as MessageKey)}</span>
            </div>
          ))}
        </div>
        <div className="heatmap__x-title" aria-hidden="true">
          {t("risks.likelihood")} →
        </div>
      </div>
    </div>
  );
}

/** The level legend under the heat map. */
export function RiskLegend() {
  const { t, tEnum } = useI18n();
  return (
    <ul className="legend" aria-label={t("risks.legend")}>
      {enumValues<"RiskLevel">({ LOW: true, MEDIUM: true, HIGH: true, EXTREME: true }).map((l) => (
        <li key={l}>
          <span className={`legend__swatch heatmap__cell--${l.toLowerCase()}`} aria-hidden="true" />
          {tEnum("riskLevel", l)}
        </li>
      ))}
    </ul>
  );
}
