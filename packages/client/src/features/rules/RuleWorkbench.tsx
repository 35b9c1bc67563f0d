import { useEffect, useMemo, useState } from "react";
import { useMutation, useQuery } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { Link } from "../../app/router";
import { errorText } from "../../app/ui/errorText";
import { ErrorNote, Loading, Panel } from "../../app/ui/States";
import { IndicatorForm } from "./IndicatorForm";
import { CREATE_RULE, PREVIEW_RULE_QUERY, RULE_HISTORY_QUERY, RULE_INDICATOR_QUERY, UPDATE_RULE, type RuleIndicator } from "./queries";
import { RuleFields } from "./RuleFields";
import { RulePreviewChart } from "./RulePreviewChart";
import { emptyRule, formOf, type PreviewRange, previewInput, rangeBounds, ruleFields, type RuleForm } from "./ruleForm";

const RANGES = [7, 30, 90];
const CUSTOM = "custom";
const day = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
};
const DEBOUNCE_MS = 400;

/** One indicator: its definition (editable) and its rules: pick one or start a new one, preview it against history, save (issue 14 item 6). */
export function RuleWorkbench({ indicatorId }: { indicatorId: string }) {
  const { t } = useI18n();
  const [res, refetch] = useQuery({ query: RULE_INDICATOR_QUERY, variables: { id: indicatorId } });
  const node = res.data?.node;
  const indicator = node?.__typename === "Indicator" ? node : null;
  if (res.error && !indicator) return <ErrorNote message={res.error.message} onRetry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!indicator) return res.fetching ? <Loading /> : <p>{t("common.notFound")}</p>;
  return <Editor key={indicator.id} indicator={indicator} onSaved={() => refetch({ requestPolicy: "network-only" })} />;
}

function Editor({ indicator, onSaved }: { indicator: RuleIndicator; onSaved(): void }) {
  const { t, name, tEnum } = useI18n();
  const [form, setForm] = useState<RuleForm>(() => emptyRule(indicator.comparators));
  const [range, setRange] = useState<PreviewRange>({ days: 30 });
  const [saved, setSaved] = useState<string | null>(null);
  const [editingIndicator, setEditingIndicator] = useState(false);
  const { preview, history, previewing, problem } = useRulePreview(indicator.id, form, range);
  const [createRes, create] = useMutation(CREATE_RULE);
  const [updateRes, update] = useMutation(UPDATE_RULE);
  const save = async () => {
    const fields = ruleFields(form);
    const r = form.id
      ? await update({ input: { id: form.id, ...fields, enabled: form.enabled } })
      : await create({ input: { indicatorId: indicator.id, kind: form.kind, ...fields, enabled: form.enabled } });
    if (r.error) return setSaved(t("rules.saveFailed", { message: errorText(r.error) ?? "?" }));
    setSaved(t("rules.saved"));
    onSaved();
  };
  const edit = (f: RuleForm) => {
    setForm(f);
    setSaved(null);
  };
  const lines = [ruleFields(form).value, ruleFields(form).upperValue].filter((v): v is number => v != null);
  return (
    <div className="rule-editor">
      <Panel
        title={`${indicator.code} ${name(indicator)}`}
        id="rules-indicator"
        className="rule-editor__indicator"
        actions={
          <button type="button" className="btn btn--small" aria-expanded={editingIndicator} onClick={() => setEditingIndicator((e) => !e)}>
            {t("rules.editIndicator")}
          </button>
        }
      >
        <p className="muted">
          {tEnum("indicator.direction", indicator.direction)} · {t("rules.target")} {indicator.target ?? "–"}
          {indicator.direction === "TARGET_BAND" ? ` (${indicator.targetLow ?? "–"} – ${indicator.targetHigh ?? "–"})` : ""} {indicator.unit} · {t("rules.interval")}{" "}
          {indicator.expectedIntervalMinutes ?? "–"}
        </p>
        {editingIndicator && <IndicatorForm indicator={indicator} onDone={onSaved} />}
      </Panel>
      <Panel title={t("rules.existing")} id="rules-existing">
        <RuleList indicator={indicator} onEdit={edit} onNew={() => edit(emptyRule(indicator.comparators))} />
      </Panel>
      <Panel title={form.id ? t("rules.editing", { kind: tEnum("rules.ruleKind", form.kind) }) : t("rules.newRule")} id="rules-form">
        <form
          className="rule-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <RuleFields form={form} comparators={indicator.comparators} onChange={edit} />
          <RangeFields range={range} onChange={setRange} />
          <p className="rule-preview__count" aria-live="polite" data-preview-count={preview?.count ?? ""}>
            {previewing ? t("rules.previewing") : problem ? problem : preview ? t("rules.firings", { n: preview.count, readings: preview.readings }) : ""}
          </p>
          <RulePreviewChart
            history={history}
            preview={problem ? null : preview}
            lines={lines}
            seriesName={t("rules.history")}
            label={t("rules.chart", { indicator: name(indicator), n: preview?.count ?? 0 })}
          />
          <FiringList preview={problem ? null : preview} />
          <div className="actions">
            <button type="submit" className="btn btn--primary" disabled={createRes.fetching || updateRes.fetching}>
              {t("rules.save")}
            </button>
            {saved && <span role="status">{saved}</span>}
          </div>
        </form>
      </Panel>
    </div>
  );
}

/** The preview range: the last 7, 30 or 90 days, or chosen calendar days. */
function RangeFields({ range, onChange }: { range: PreviewRange; onChange(next: PreviewRange): void }) {
  const { t } = useI18n();
  const custom = !("days" in range);
  return (
    <div className="rule-range">
      <label className="field">
        <span>{t("rules.range")}</span>
        <select
          name="range"
          value={custom ? CUSTOM : range.days}
          onChange={(e) => {
            const now = Date.now();
            onChange(e.target.value === CUSTOM ? { from: day(now - 30 * 86_400_000), to: day(now) } : { days: Number(e.target.value) });
          }}
        >
          {RANGES.map((n) => (
            <option key={n} value={n}>
              {t("rules.rangeDays", { n })}
            </option>
          ))}
          <option value={CUSTOM}>{t("rules.rangeCustom")}</option>
        </select>
      </label>
      {custom && (
        <>
          <label className="field">
            <span>{t("rules.rangeFrom")}</span>
            <input type="date" name="range-from" value={range.from} max={range.to} onChange={(e) => onChange({ ...range, from: e.target.value })} />
          </label>
          <label className="field">
            <span>{t("rules.rangeTo")}</span>
            <input type="date" name="range-to" value={range.to} min={range.from} onChange={(e) => onChange({ ...range, to: e.target.value })} />
          </label>
        </>
      )}
    </div>
  );
}

/** The preview (debounced as the form changes) and the history it is drawn on, over the same range. */
function useRulePreview(indicatorId: string, form: RuleForm, range: PreviewRange) {
  const [input, setInput] = useState(() => previewInput(indicatorId, form, range, Date.now()));
  useEffect(() => {
    const timer = setTimeout(() => setInput(previewInput(indicatorId, form, range, Date.now())), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [indicatorId, form, range]);
  const [previewRes] = useQuery({ query: PREVIEW_RULE_QUERY, variables: { input: input! }, pause: !input, requestPolicy: "network-only" });
  const bounds = useMemo(() => rangeBounds(range, Date.now()), [range]);
  const [historyRes] = useQuery({ query: RULE_HISTORY_QUERY, variables: { id: indicatorId, from: bounds?.from ?? "", to: bounds?.to ?? "" }, pause: !bounds });
  const node = historyRes.data?.node;
  const history = node?.__typename === "Indicator" ? node.series : [];
  return {
    preview: input ? (previewRes.data?.previewThresholdRule ?? null) : null,
    history,
    previewing: previewRes.fetching,
    problem: input ? errorText(previewRes.error) : null,
  };
}

function RuleList({ indicator, onEdit, onNew }: { indicator: RuleIndicator; onEdit(f: RuleForm): void; onNew(): void }) {
  const { t, tEnum } = useI18n();
  return (
    <>
      {indicator.rules.length === 0 && <p className="muted">{t("rules.noRules")}</p>}
      <ul className="rule-list">
        {indicator.rules.map((r) => (
          <li key={r.id} data-rule={r.id}>
            {tEnum("rules.ruleKind", r.kind)} · {tEnum("level", r.level)}
            {r.comparator ? ` · ${tEnum("rules.comparator", r.comparator)} ${r.value ?? ""}${r.comparator === "OUTSIDE" ? ` – ${r.upperValue}` : ""}` : ""}{" "}
            <button type="button" className="btn btn--small" onClick={() => onEdit(formOf(r))}>
              {t("rules.edit")}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="btn" onClick={onNew}>
        {t("rules.newRule")}
      </button>{" "}
      <Link to={`/indicators/${encodeURIComponent(indicator.id)}`}>{indicator.code}</Link>
    </>
  );
}

function FiringList({ preview }: { preview: ReturnType<typeof useRulePreview>["preview"] }) {
  const { t, date } = useI18n();
  if (!preview?.firings.length) return null;
  return (
    <ol className="firing-list">
      {preview.firings.slice(0, 50).map((f) => (
        <li key={f.startedAt} data-level={f.level}>
          {t("rules.firing", { start: date(f.startedAt), end: f.endedAt ? date(f.endedAt) : t("rules.stillFiring") })}
        </li>
      ))}
    </ol>
  );
}
