import { useI18n } from "../i18n/I18nProvider";

/** Indicator status (OK / WARNING / CRITICAL / NO_DATA / UNKNOWN) as a coloured pill with text. */
export function StatusBadge({ status }: { status: string }) {
  const { tEnum } = useI18n();
  return (
    <span className={`pill pill--${status.toLowerCase()}`} data-status={status}>
      {tEnum("status", status)}
    </span>
  );
}

/** Alert level as a pill. */
export function LevelBadge({ level }: { level: string }) {
  const { tEnum } = useI18n();
  return <span className={`pill pill--${level.toLowerCase()}`}>{tEnum("level", level)}</span>;
}

/** Evaluation grade (優秀 / 良好 / 合格 / 不合格) as a pill. */
export function GradeBadge({ grade }: { grade: string }) {
  const { tEnum } = useI18n();
  return <span className={`pill pill--grade-${grade.toLowerCase()}`}>{tEnum("grade", grade)}</span>;
}

/** Risk level as a pill. */
export function RiskLevelBadge({ level }: { level: string }) {
  const { tEnum } = useI18n();
  return <span className={`pill pill--risk-${level.toLowerCase()}`}>{tEnum("riskLevel", level)}</span>;
}
