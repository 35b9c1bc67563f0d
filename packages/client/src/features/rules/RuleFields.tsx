import { useI18n } from "../../app/i18n/I18nProvider";
import { type Comparator, LEVELS, RULE_KINDS, type RuleForm } from "./ruleForm";

type TextKey =
  | "value"
  | "upperValue"
  | "clearValue"
  | "clearUpperValue"
  | "consecutive"
  | "pendingMinutes"
  | "keepFiringMinutes"
  | "noDataFactor"
  | "trendWindow"
  | "trendHorizonMinutes";

/**
 * The inputs of a threshold, no-data or trend rule; only those the kind uses are shown. The
 * comparators offered are the indicator's (`Indicator.comparators`: the server's rule), plus the
 * saved rule's own if it is no longer among them.
 */
export function RuleFields({ form, comparators, onChange }: { form: RuleForm; comparators: readonly Comparator[]; onChange(next: RuleForm): void }) {
  const { t } = useI18n();
  const set = <K extends keyof RuleForm>(k: K, v: RuleForm[K]) => onChange({ ...form, [k]: v });
  const numberField = (k: TextKey, label: string) => (
    <label className="field" key={k}>
      <span>{label}</span>
      <input type="number" step="any" name={k} value={form[k]} onChange={(e) => set(k, e.target.value)} />
    </label>
  );
  const compares = form.kind !== "NO_DATA";
  const band = compares && form.comparator === "OUTSIDE";
  return (
    <div className="rule-fields">
      <label className="field">
        <span>{t("rules.ruleKind")}</span>
        <select name="kind" value={form.kind} disabled={form.id !== null} onChange={(e) => set("kind", e.target.value as RuleForm["kind"])}>
          {RULE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`rules.ruleKind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t("rules.level")}</span>
        <select name="level" value={form.level} onChange={(e) => set("level", e.target.value as RuleForm["level"])}>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {t(`level.${l}`)}
            </option>
          ))}
        </select>
      </label>
      {compares && (
        <label className="field">
          <span>{t("rules.comparator")}</span>
          <select name="comparator" value={form.comparator} onChange={(e) => set("comparator", e.target.value as RuleForm["comparator"])}>
            {(comparators.includes(form.comparator) ? comparators : [form.comparator, ...comparators]).map((c) => (
              <option key={c} value={c}>
                {t(`rules.comparator.${c}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      {compares && numberField("value", t("rules.value"))}
      {band && numberField("upperValue", t("rules.upperValue"))}
      {compares && numberField("clearValue", t("rules.clearValue"))}
      {band && numberField("clearUpperValue", t("rules.clearUpperValue"))}
      {form.kind === "THRESHOLD" && numberField("consecutive", t("rules.consecutive"))}
      {form.kind === "THRESHOLD" && numberField("pendingMinutes", t("rules.pendingMinutes"))}
      {form.kind === "THRESHOLD" && numberField("keepFiringMinutes", t("rules.keepFiringMinutes"))}
      {form.kind === "NO_DATA" && numberField("noDataFactor", t("rules.noDataFactor"))}
      {form.kind === "TREND" && numberField("trendWindow", t("rules.trendWindow"))}
      {form.kind === "TREND" && numberField("trendHorizonMinutes", t("rules.trendHorizon"))}
      <label className="check">
        <input type="checkbox" checked={form.enabled} onChange={(e) => set("enabled", e.target.checked)} /> {t("rules.enabled")}
      </label>
    </div>
  );
}
