import { enumValues } from "../../app/graphql";
import { useState } from "react";
import { useMutation } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { errorText } from "../../app/ui/errorText";
import { CREATE_INDICATOR, type RuleIndicator, UPDATE_INDICATOR } from "./queries";

const KINDS = enumValues<"IndicatorKind">({ FINANCIAL: true, EFFICIENCY: true, SALES: true, SATISFACTION: true, RISK: true });
const DIRECTIONS = enumValues<"Direction">({ HIGHER_IS_BETTER: true, LOWER_IS_BETTER: true, TARGET_BAND: true });

type Named = { id: string; code: string; name: string; nameEn: string };
type Fields = {
  processId: string;
  code: string;
  name: string;
  nameEn: string;
  unit: string;
  kind: (typeof KINDS)[number];
  direction: (typeof DIRECTIONS)[number];
  target: string;
  targetLow: string;
  targetHigh: string;
  interval: string;
};
type TextKey = "code" | "name" | "nameEn" | "unit" | "target" | "targetLow" | "targetHigh" | "interval";

const text = (v: number | null | undefined) => (v == null ? "" : String(v));
const number = (s: string) => (s.trim() === "" ? null : Number(s));

function fieldsOf(i: RuleIndicator | null): Fields {
  return {
    processId: "",
    code: i?.code ?? "",
    name: i?.name ?? "",
    nameEn: i?.nameEn ?? "",
    unit: i?.unit ?? "",
    kind: i?.kind ?? "FINANCIAL",
    direction: i?.direction ?? "LOWER_IS_BETTER",
    target: text(i?.target),
    targetLow: text(i?.targetLow),
    targetHigh: text(i?.targetHigh),
    interval: text(i?.expectedIntervalMinutes),
  };
}

/**
 * Defines an indicator on a process, or changes an existing one's definition (issue 14 item 6,
 * §4.1): name, unit, kind, direction, target or target band, expected interval. The server checks
 * who may (§2.2.2) and that the indicator's rules stay consistent with it.
 */
export function IndicatorForm({ processes, indicator, onDone }: { processes?: readonly Named[]; indicator?: RuleIndicator; onDone(id: string): void }) {
  const { t, tEnum, name } = useI18n();
  const editing = indicator ?? null;
  const [f, setF] = useState<Fields>(() => fieldsOf(editing));
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const failed = (error: Parameters<typeof errorText>[0]) => setNote({ ok: false, text: t("rules.saveFailed", { message: errorText(error) ?? "?" }) });
  const [created, create] = useMutation(CREATE_INDICATOR);
  const [updated, update] = useMutation(UPDATE_INDICATOR);
  const set = (k: keyof Fields) => (e: { target: { value: string } }) => setF((x) => ({ ...x, [k]: e.target.value }));
  const input = (k: TextKey, label: string, type = "text") => (
    <label className="field">
      <span>{label}</span>
      <input type={type} step="any" name={`indicator-${k}`} value={f[k]} onChange={set(k)} />
    </label>
  );
  const choice = (k: "direction" | "kind", label: string, values: readonly string[], enumKey: string) => (
    <label className="field">
      <span>{label}</span>
      <select name={`indicator-${k}`} value={f[k]} onChange={set(k)}>
        {values.map((v) => (
          <option key={v} value={v}>
            {tEnum(enumKey, v)}
          </option>
        ))}
      </select>
    </label>
  );
  const band = f.direction === "TARGET_BAND";
  const definition = () => ({
    code: f.code,
    name: f.name,
    nameEn: f.nameEn || null,
    unit: f.unit,
    kind: f.kind,
    direction: f.direction,
    target: number(f.target),
    targetLow: band ? number(f.targetLow) : null,
    targetHigh: band ? number(f.targetHigh) : null,
    expectedIntervalMinutes: number(f.interval),
  });
  return (
    <form
      className="rule-form"
      aria-label={editing ? t("rules.editIndicator") : t("rules.newIndicator")}
      onSubmit={async (e) => {
        e.preventDefault();
        setNote(null);
        if (editing) {
          const r = await update({ input: { id: editing.id, ...definition() } });
          if (r.error || !r.data) return failed(r.error);
          setNote({ ok: true, text: t("rules.indicatorSaved") });
          return onDone(editing.id);
        }
        const r = await create({ input: { processId: f.processId, ...definition() } });
        if (r.error || !r.data) return failed(r.error);
        onDone(r.data.createIndicator.id);
      }}
    >
      {!editing && (
        <label className="field">
          <span>{t("rules.process")}</span>
          <select name="indicator-process" value={f.processId} onChange={set("processId")} required>
            <option value="">{t("evaluation.choose")}</option>
            {(processes ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.code} {name(p)}
              </option>
            ))}
          </select>
        </label>
      )}
      {input("code", t("rules.code"))}
      {input("name", t("rules.name"))}
      {input("nameEn", t("rules.nameEn"))}
      {input("unit", t("rules.unit"))}
      {choice("direction", t("rules.direction"), DIRECTIONS, "indicator.direction")}
      {choice("kind", t("rules.kind"), KINDS, "rules.indicatorKind")}
      {input("target", t("rules.target"), "number")}
      {band && input("targetLow", t("rules.targetLow"), "number")}
      {band && input("targetHigh", t("rules.targetHigh"), "number")}
      {input("interval", t("rules.interval"), "number")}
      <div className="actions">
        <button type="submit" className="btn btn--primary" disabled={created.fetching || updated.fetching}>
          {editing ? t("rules.saveIndicator") : t("rules.createIndicator")}
        </button>
        {note && <span role={note.ok ? "status" : "alert"}>{note.text}</span>}
      </div>
    </form>
  );
}
