import { useI18n } from "../../../app/i18n/I18nProvider";
import { Link } from "../../../app/router";
import { StatusBadge } from "../../../app/ui/Badges";
import type { ActionItem } from "../queries";

export type ActionStep = "progress" | "complete" | "verify" | "reopen";

/** What a viewer can do next with an action in its state (the server decides who may). */
export function nextSteps(status: ActionItem["status"], canVerify: boolean): ActionStep[] {
  if (status === "OPEN" || status === "IN_PROGRESS") return ["progress", "complete"];
  if (status === "DONE") return canVerify ? ["verify", "reopen"] : ["reopen"];
  if (status === "VERIFIED") return ["reopen"];
  return [];
}

const VERB = { progress: "actions.update", complete: "actions.complete", verify: "actions.verify", reopen: "actions.reopen" } as const;

/** One rectification or improvement: status, deadline (overdue marked), owner, progress, linked indicator, next steps. */
export function ActionCard({
  action,
  canVerify,
  onStep,
  highlighted,
}: {
  action: ActionItem;
  canVerify: boolean;
  onStep?(step: ActionStep, action: ActionItem): void;
  highlighted?: boolean;
}) {
  const { t, tEnum, name, date } = useI18n();
  const last = action.updates[action.updates.length - 1];
  return (
    <li className={`action-card ${action.overdue ? "is-overdue" : ""} ${highlighted ? "is-highlighted" : ""}`} data-action-id={action.id} data-status={action.status}>
      <div className="action-card__head">
        <span className="pill">{tEnum("actionKind", action.kind)}</span>
        <strong className="action-card__title">{action.title}</strong>
        <span className={`pill pill--action-${action.status.toLowerCase()}`}>{tEnum("actionStatus", action.status)}</span>
        {action.overdue && <span className="pill pill--critical">{t("actions.overdue")}</span>}
      </div>
      <dl className="action-card__facts">
        {action.process && (
          <div>
            <dt>{t("loop.process")}</dt>
            <dd>
              <Link to={`/processes/${encodeURIComponent(action.process.code)}`}>{name(action.process)}</Link>
            </dd>
          </div>
        )}
        <div>
          <dt>{t("loop.unit")}</dt>
          <dd>
            {name(action.ownerUnit)}
            {action.owner ? ` · ${action.owner.name}` : ""}
          </dd>
        </div>
        <div>
          <dt>{t("loop.deadline")}</dt>
          <dd>{action.deadline ? date(action.deadline, "date") : "—"}</dd>
        </div>
        <div>
          <dt>{t("actions.progress")}</dt>
          <dd>
            <progress max={100} value={action.progress} aria-label={t("actions.progress")} /> {action.progress}%
          </dd>
        </div>
      </dl>
      {action.indicator && (
        <p className="action-card__indicator">
          <Link to={`/indicators/${encodeURIComponent(action.indicator.id)}`}>{t("actions.indicator", { name: `${action.indicator.code} ${name(action.indicator)}` })}</Link>{" "}
          <StatusBadge status={action.indicator.status} />
        </p>
      )}
      {last?.note && (
        <p className="muted action-card__last">
          {last.author.name}: {last.note} ({date(last.createdAt)})
        </p>
      )}
      {onStep && (
        <div className="action-card__actions">
          {nextSteps(action.status, canVerify).map((s) => (
            <button
              key={s}
              type="button"
              className={`btn btn--small ${s === "verify" || s === "complete" ? "btn--primary" : ""}`}
              onClick={() => onStep(s, action)}
              aria-label={t("actions.updateTitle", { verb: t(VERB[s]), title: action.title })}
            >
              {t(VERB[s])}
            </button>
          ))}
        </div>
      )}
    </li>
  );
}

export { VERB as STEP_LABEL };
