import { useEffect, useRef, type FormEvent, type ReactNode } from "react";
import { useI18n } from "../i18n/I18nProvider";

/**
 * A modal form on the native <dialog>: focus moves in and is trapped, Escape closes, and focus
 * returns to the button that opened it.
 */
export function Dialog({
  title,
  open,
  onClose,
  onSubmit,
  submitLabel,
  busy,
  error,
  children,
}: {
  title: string;
  open: boolean;
  onClose(): void;
  onSubmit(e: FormEvent<HTMLFormElement>): void;
  submitLabel: string;
  busy?: boolean;
  error?: string | null;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const { t } = useI18n();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className="dialog" onClose={onClose} aria-labelledby="dialog-title">
      {open && (
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit(e);
          }}
        >
          <h2 id="dialog-title" className="dialog__title">
            {title}
          </h2>
          <div className="dialog__body">{children}</div>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog__actions">
            <button type="button" className="btn btn--ghost" onClick={onClose}>
              {t("common.cancel")}
            </button>
            <button type="submit" className="btn btn--primary" disabled={busy}>
              {submitLabel}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
