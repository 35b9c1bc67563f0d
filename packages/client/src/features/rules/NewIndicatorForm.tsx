import { enumValues } from "../../app/graphql";
import { useState } from "react";
import { useMutation } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { errorText } from "../../app/ui/errorText";
import { CREATE_INDICATOR } from "./queries";

const KINDS = enumValues<"IndicatorKind">({ FINANCIAL: true, EFFICIENCY: true, SALES: true, SATISFACTION: true, RISK: true });
const DIRECTIONS = enumValues<"Direction">({ HIGHER_IS_BETTER: true, LOWER_IS_BETTER: true, TARGET_BAND: true });

type Named = { id: string; code: string; name: string; nameEn: string };

/** Defines an indicator on a process (§4.1); the server checks who may (§2.2.2). */
export function NewIndicatorForm({ processes, onCreated }: { processes: readonly Named[]; onCreated(id: string): void }) {
  const { t, tEnum, name } = useI18n();
  const [f, setF] = useState({ processId: "", code: "", name: "", nameEn: "", unit: "", kind: "FINANCIAL", direction: "LOWER_IS_BETTER", target: "", interval: "" });
  const [problem, setProblem] = useState<string | null>(null);
  const [res, run] = useMutation(CREATE_INDICATOR);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const text = (k: "code" | "name" | "nameEn" | "unit" | "target" | "interval", label: string, type = "text") => (
    <label className="field">
      <span>{label}</span>
      <input type={type} step="any" name={`indicator-${k}`} value={f[k]} onChange={set(k)} />
    </label>
  );
  return (
    <form
      className="rule-form"
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await run({
          input: {
            processId: f.processId,
            code: f.code,
            name: f.name,
            nameEn: f.nameEn || null,
            unit: f.unit,
            kind: f.kind as (typeof KINDS)[number],
            direction: f.direction as (typeof DIRECTIONS)[number],
            target: f.target === "" ? null : Number(f.target),
            expectedIntervalMinutes: f.interval === "" ? null : Number(f.interval),
          },
        });
        if (r.error || !r.data) return setProblem(t("rules.saveFailed", { message: errorText(r.error) ?? "?" }));
        onCreated(r.data.createIndicator.id);
      }}
    >
      <label className="field">
        <span>{t("rules.process")}</span>
        <select name="indicator-process" value={f.processId} onChange={set("processId")} required>
          <option value="">{t("evaluation.choose")}</option>
          {processes.map((p) => (
            <option key={p.id} value={p.id}>
              {p.code} {name(p)}
            </option>
          ))}
        </select>
      </label>
      {text("code", t("rules.code"))}
      {text("name", t("rules.name"))}
      {text("nameEn", t("rules.nameEn"))}
      {text("unit", t("rules.unit"))}
      <label className="field">
        <span>{t("rules.direction")}</span>
        <select name="indicator-direction" value={f.direction} onChange={set("direction")}>
          {DIRECTIONS.map((d) => (
            <option key={d} value={d}>
              {tEnum("indicator.direction", d)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>{t("rules.kind")}</span>
        <select name="indicator-kind" value={f.kind} onChange={set("kind")}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {tEnum("rules.indicatorKind", k)}
            </option>
          ))}
        </select>
      </label>
      {text("target", t("rules.target"), "number")}
      {text("interval", t("rules.interval"), "number")}
      <div className="actions">
        <button type="submit" className="btn btn--primary" disabled={res.fetching}>
          {t("rules.createIndicator")}
        </button>
        {problem && <span role="alert">{problem}</span>}
      </div>
    </form>
  );
}
