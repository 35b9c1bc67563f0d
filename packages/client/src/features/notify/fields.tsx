import { useState, type FormEvent, type ReactNode } from "react";
import { Field } from "../../app/ui/Field";
import { useI18n } from "../../app/i18n/I18nProvider";

/** The database id inside a Relay global ID ("Process:abc" in base64), as matchers list them. */
export function dbId(globalId: string): string {
  try {
    const decoded = atob(globalId);
    const at = decoded.indexOf(":");
    return at > 0 ? decoded.slice(at + 1) : globalId;
  } catch {
    return globalId;
  }
}

/** A row of checkboxes for a list value (levels, labels, weekdays). */
export function CheckGroup<V extends string | number>({
  legend,
  options,
  value,
  onChange,
  name,
}: {
  legend: ReactNode;
  options: readonly { value: V; label: string }[];
  value: readonly V[];
  onChange(next: V[]): void;
  name: string;
}) {
  return (
    <fieldset className="check-group">
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={String(o.value)} className="check">
          <input
            type="checkbox"
            name={name}
            value={String(o.value)}
            checked={value.includes(o.value)}
            onChange={(e) => onChange(e.target.checked ? [...value, o.value] : value.filter((v) => v !== o.value))}
          />{" "}
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/** A multiple choice list (processes, units), with its label. */
export function MultiSelect({
  label,
  options,
  value,
  onChange,
  name,
}: {
  label: string;
  options: readonly { value: string; label: string }[];
  value: readonly string[];
  onChange(next: string[]): void;
  name: string;
}) {
  return (
    <Field label={label}>
      <select multiple size={4} name={name} value={value as string[]} onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** The end of a settings form: its "Add" (or, editing, "Save" and "Cancel") button and the server's words when it refused. */
export function FormFoot({ busy, error, onCancel }: { busy: boolean; error: string | null; onCancel?: () => void }) {
  const { t } = useI18n();
  return (
    <>
      <button type="submit" className="btn btn--primary btn--small" disabled={busy}>
        {onCancel ? t("notify.save") : t("notify.add")}
      </button>
      {onCancel && (
        <button type="button" className="btn btn--small btn--ghost" onClick={onCancel}>
          {t("notify.cancel")}
        </button>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

/**
 * A settings form's state: its fields, a setter per field, and a submit that sends the API's input
 * made from them, shows the server's refusal, and empties the form when it was taken.
 */
export function useSettingsForm<F extends object, I>(initial: F, toInput: (form: F) => I, onSubmit: (input: I) => Promise<string | null>) {
  const [form, setForm] = useState<F>(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set =
    <K extends keyof F>(k: K) =>
    (v: F[K]) =>
      setForm((f) => ({ ...f, [k]: v }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const problem = await onSubmit(toInput(form));
    setBusy(false);
    setError(problem);
    if (!problem) setForm(initial);
  };
  return { form, set, submit, error, busy };
}
