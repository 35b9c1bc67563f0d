import { useEffect, useMemo, useState } from "react";
import { useMutation, useQuery } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { Link } from "../../app/router";
import { errorText } from "../../app/ui/errorText";
import { ErrorNote, Loading, Panel } from "../../app/ui/States";
import { CREATE_RULE, PREVIEW_RULE_QUERY, RULE_HISTORY_QUERY, RULE_INDICATOR_QUERY, UPDATE_RULE, type RuleIndicator } from "./queries";
import { RuleFields } from "./RuleFields";
import { RulePreviewChart } from "./RulePreviewChart";
import { emptyRule, formOf, previewInput, ruleFields, type RuleForm } from "./ruleForm";

const RANGES = [7, 30, 90];
const DEBOUNCE_MS = 400;

/** One indicator's rules: pick one or start a new one, preview it against history, save (issue 14 item 6). */
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
  const [days, setDays] = useState(30);
  const [saved, setSaved] = useState<string | null>(null);
  const { preview, history, previewing, problem } = useRulePreview(indicator.id, form, days);
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
          <label className="field">
            <span>{t("rules.range")}</span>
            <select name="range" value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {RANGES.map((n) => (
                <option key={n} value={n}>
                  {t("rules.rangeDays", { n })}
                </option>
              ))}
            </select>
          </label>
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

/** The preview (debounced as the form changes) and the history it is drawn on. */
function useRulePreview(indicatorId: string, form: RuleForm, days: number) {
  const [input, setInput] = useState(() => previewInput(indicatorId, form, days, Date.now()));
  useEffect(() => {
    const timer = setTimeout(() => setInput(previewInput(indicatorId, form, days, Date.now())), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [indicatorId, form, days]);
  const [previewRes] = useQuery({ query: PREVIEW_RULE_QUERY, variables: { input: input! }, pause: !input, requestPolicy: "network-only" });
  const range = useMemo(() => {
    const to = Date.now();
    return { from: new Date(to - days * 86_400_000).toISOString(), to: new Date(to).toISOString() };
  }, [days]);
  const [historyRes] = useQuery({ query: RULE_HISTORY_QUERY, variables: { id: indicatorId, ...range } });
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
