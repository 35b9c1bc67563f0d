import type { ReactNode } from "react";
import { useI18n } from "../i18n/I18nProvider";

interface FieldFrame {
  /** The field's visible name (already translated). */
  label: ReactNode;
  /** Adds "(optional)" after the name. */
  optional?: boolean;
  /** Name and control on one line (the `field--inline` style). */
  inline?: boolean;
  /** A further class for the layout around it (e.g. `notify-form__wide`). */
  className?: string;
}

/** A form field: its name above (or beside) the control, both inside one <label> so the name labels it. */
export function Field({ label, optional, inline, className, children }: FieldFrame & { children: ReactNode }) {
  const { t } = useI18n();
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is `children` (SelectField, TextField or a caller's own)
    <label className={["field", inline && "field--inline", className].filter(Boolean).join(" ")}>
      <span>
        {label}
        {optional ? <> {t("common.optional")}</> : null}
      </span>
      {children}
    </label>
  );
}

/** A choice from a list; `placeholder` adds an empty first choice (what a required choice starts at). */
export function SelectField({
  value,
  onChange,
  options,
  placeholder,
  required,
  ...frame
}: FieldFrame & {
  value: string;
  onChange(value: string): void;
  options: readonly { value: string; label: ReactNode }[];
  placeholder?: string;
  required?: boolean;
}) {
  return (
    <Field {...frame}>
      <select value={value} onChange={(e) => onChange(e.target.value)} required={required}>
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** A text, date or number input, or with `rows` a textarea. */
export function TextField({
  value,
  onChange,
  rows,
  type,
  required,
  min,
  max,
  step,
  ...frame
}: FieldFrame & {
  value: string;
  onChange(value: string): void;
  rows?: number;
  type?: "text" | "date" | "datetime-local" | "number";
  required?: boolean;
  min?: number;
  max?: number;
  step?: string;
}) {
  return (
    <Field {...frame}>
      {rows ? (
        <textarea rows={rows} value={value} onChange={(e) => onChange(e.target.value)} required={required} />
      ) : (
        <input type={type} value={value} onChange={(e) => onChange(e.target.value)} required={required} min={min} max={max} step={step} />
      )}
    </Field>
  );
}
