import { useMemo, useState } from "react";
import { useMutation, useQuery } from "urql";
import { useI18n } from "../../app/i18n/I18nProvider";
import { errorText } from "../../app/ui/errorText";
import { ErrorNote, Loading, Panel } from "../../app/ui/States";
import { useLiveQuery } from "../../app/useLiveQuery";
import { dbId } from "./fields";
import { PolicyForm } from "./PolicyForm";
import { CREATE_POLICY, DELETE_POLICY, NOTIFY_OPTIONS_QUERY, POLICIES_QUERY, REORDER_POLICIES, UPDATE_POLICY, type Policy } from "./queries";

const CONTEXT = { additionalTypenames: ["NotificationPolicy"] };

/** Notification policies (§6.2.2) in routing order: what each matches, where it sends, grouping, timings and mute timings; edit, move up/down, delete. */
export function PoliciesPanel() {
  const { t, name } = useI18n();
  const res = useLiveQuery({ query: POLICIES_QUERY });
  const [options] = useQuery({ query: NOTIFY_OPTIONS_QUERY });
  const [, create] = useMutation(CREATE_POLICY);
  const [, update] = useMutation(UPDATE_POLICY);
  const [moved, reorder] = useMutation(REORDER_POLICIES);
  const [del, runDelete] = useMutation(DELETE_POLICY);
  const [editing, setEditing] = useState<Policy | null>(null);
  // Matchers name processes and units by their database ids: the labels, by those ids.
  const labels = useMemo(() => {
    const m = new Map<string, string>();
    for (const e of options.data?.processes.edges ?? []) m.set(dbId(e.node.id), e.node.code);
    for (const e of options.data?.orgUnits.edges ?? []) m.set(dbId(e.node.id), name(e.node));
    return m;
  }, [options.data, name]);
  const policies = res.data?.notificationPolicies ?? [];
  const remove = async (p: Policy) => {
    if (!window.confirm(t("notify.deleteConfirm", { name: p.name }))) return;
    await runDelete({ id: p.id }, CONTEXT);
    res.refetch();
  };
  // Routing order: swap with the neighbour and send the whole order.
  const move = async (i: number, by: -1 | 1) => {
    const ids = policies.map((p) => p.id);
    [ids[i], ids[i + by]] = [ids[i + by]!, ids[i]!];
    await reorder({ ids }, CONTEXT);
    res.refetch();
  };
  return (
    <>
      {res.data && (
        <PolicyForm
          key={editing?.id ?? "new"}
          contactPoints={res.data.contactPoints}
          options={options.data}
          editing={editing ?? undefined}
          onCancel={editing ? () => setEditing(null) : undefined}
          onSubmit={async (input) => {
            const r = editing ? await update({ input: { ...input, id: editing.id } }, CONTEXT) : await create({ input }, CONTEXT);
            if (r.error) return t("loop.failed", { message: errorText(r.error) ?? "?" });
            setEditing(null);
            res.refetch();
            return null;
          }}
        />
      )}
      {(del.error ?? moved.error) && <ErrorNote message={errorText(del.error ?? moved.error) ?? ""} />}
      {res.error && !res.data && <ErrorNote message={res.error.message} onRetry={res.refetch} />}
      {!res.data && !res.error && <Loading />}
      {res.data && (
        <Panel title={t("policy.count", { n: policies.length })}>
          {policies.length === 0 ? (
            <p className="muted empty">{t("loop.empty")}</p>
          ) : (
            <ol className="policy-list">
              {policies.map((p, i) => (
                <PolicyItem
                  key={p.id}
                  p={p}
                  order={i + 1}
                  labels={labels}
                  onEdit={() => setEditing(p)}
                  onDelete={() => remove(p)}
                  onUp={i > 0 ? () => move(i, -1) : undefined}
                  onDown={i < policies.length - 1 ? () => move(i, 1) : undefined}
                />
              ))}
            </ol>
          )}
        </Panel>
      )}
    </>
  );
}

/** One route; `order` is its place in routing order (by position, then age), as the server tries them. */
function PolicyItem({
  p,
  order,
  labels,
  onEdit,
  onDelete,
  onUp,
  onDown,
}: {
  p: Policy;
  order: number;
  labels: Map<string, string>;
  onEdit(): void;
  onDelete(): void;
  onUp?: () => void;
  onDown?: () => void;
}) {
  const { t, tEnum } = useI18n();
  const m = p.matchers;
  const parts = [
    m.levels.length ? `${t("policy.levels")}: ${m.levels.map((v) => tEnum("level", v)).join(", ")}` : null,
    m.sources.length ? `${t("policy.sources")}: ${m.sources.map((v) => tEnum("source", v)).join(", ")}` : null,
    m.processIds.length ? `${t("policy.processes")}: ${m.processIds.map((id) => labels.get(id) ?? id).join(", ")}` : null,
    m.unitIds.length ? `${t("policy.units")}: ${m.unitIds.map((id) => labels.get(id) ?? id).join(", ")}` : null,
    m.riskCategories.length ? `${t("policy.riskCategories")}: ${m.riskCategories.map((v) => tEnum("riskCategory", v)).join(", ")}` : null,
  ].filter(Boolean);
  return (
    <li className="policy" data-policy={p.name}>
      <span className="policy__position" title={`${t("policy.order")} (${p.position})`}>
        {order}
      </span>
      <div className="policy__main">
        <strong>{p.name}</strong> → {p.contactPoint.name} <span className="muted">({tEnum("cpKind", p.contactPoint.kind)})</span>
        <dl className="policy__facts">
          <dt>{t("policy.matchers")}</dt>
          <dd>{parts.length ? parts.join(" · ") : t("policy.any")}</dd>
          <dt>{t("policy.groupBy")}</dt>
          <dd>{p.groupBy.length ? p.groupBy.map((g) => tEnum("groupLabel", g)).join(", ") : t("policy.oneGroupPerAlert")}</dd>
          <dt>{t("policy.timings")}</dt>
          <dd>
            {t("policy.timingsSummary", {
              wait: p.groupWaitSeconds,
              interval: p.groupIntervalSeconds,
              repeat: p.repeatIntervalSeconds ? t("policy.seconds", { n: p.repeatIntervalSeconds }) : t("policy.never"),
            })}
          </dd>
          <dt>{t("policy.muteTimings")}</dt>
          <dd>{p.muteTimings.length ? p.muteTimings.map((mt) => <MuteSummary key={JSON.stringify(mt)} mt={mt} />) : t("policy.noMute")}</dd>
        </dl>
      </div>
      <div className="table__actions">
        <button type="button" className="btn btn--small btn--ghost" onClick={onUp} disabled={!onUp} aria-label={`${t("policy.moveUp")}: ${p.name}`} title={t("policy.moveUp")}>
          ↑
        </button>
        <button
          type="button"
          className="btn btn--small btn--ghost"
          onClick={onDown}
          disabled={!onDown}
          aria-label={`${t("policy.moveDown")}: ${p.name}`}
          title={t("policy.moveDown")}
        >
          ↓
        </button>
        <button type="button" className="btn btn--small" onClick={onEdit} aria-label={`${t("notify.edit")}: ${p.name}`}>
          {t("notify.edit")}
        </button>
        <button type="button" className="btn btn--small btn--ghost" onClick={onDelete} aria-label={`${t("notify.delete")}: ${p.name}`}>
          {t("notify.delete")}
        </button>
      </div>
    </li>
  );
}

function MuteSummary({ mt }: { mt: Policy["muteTimings"][number] }) {
  const { t, locale } = useI18n();
  const parts = [
    mt.quietStart && mt.quietEnd ? t("policy.quiet", { start: mt.quietStart, end: mt.quietEnd }) : null,
    mt.weekdays.length ? t("policy.mutedDays", { days: mt.weekdays.map((d) => t(`weekday.${d}` as "weekday.0")).join(locale === "en" ? ", " : "、") }) : null,
    mt.dates.length ? t("policy.holidays", { n: mt.dates.length }) : null,
  ].filter(Boolean);
  return (
    <span className="mute" title={mt.dates.join(", ")}>
      {parts.join(" · ")} <span className="muted">({mt.timeZone})</span>
    </span>
  );
}
