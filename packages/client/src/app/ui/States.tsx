import type { ReactNode } from "react";
import { useI18n } from "../i18n/I18nProvider";

/** A loading placeholder that screen readers announce. */
export function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted loading" role="status">
      {t("common.loading")}
    </p>
  );
}

/** An error message with an optional retry button. */
export function ErrorNote({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="error-note" role="alert">
      <span>{t("common.error", { message })}</span>
      {onRetry && (
        <button type="button" className="btn btn--small" onClick={onRetry}>
          {t("common.retry")}
        </button>
      )}
    </div>
  );
}

/** A titled panel with actions and a freshness slot in its header. */
export function Panel({
  title,
  actions,
  meta,
  children,
  className,
  id,
}: {
  title: ReactNode;
  actions?: ReactNode;
  meta?: ReactNode;
  children: ReactNode;
  className?: string;
  id?: string;
}) {
  return (
    <section className={`panel ${className ?? ""}`} aria-labelledby={id ? `${id}-title` : undefined}>
      <header className="panel__head">
        <h2 className="panel__title" id={id ? `${id}-title` : undefined}>
          {title}
        </h2>
        {meta && <div className="panel__meta">{meta}</div>}
        {actions && <div className="panel__actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}
