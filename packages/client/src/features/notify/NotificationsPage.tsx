import { useI18n } from "../../app/i18n/I18nProvider";
import type { MessageKey } from "../../app/i18n/en";
import { Link, useLocation } from "../../app/router";
import { ContactPointsPanel } from "./ContactPointsPanel";
import { DeliveriesPanel } from "./DeliveriesPanel";
import { EscalationPanel } from "./EscalationPanel";
import { PoliciesPanel } from "./PoliciesPanel";
import { SilencesPanel } from "./SilencesPanel";

const TABS = [
  { id: "contacts", key: "notify.tab.contacts", Panel: ContactPointsPanel },
  { id: "policies", key: "notify.tab.policies", Panel: PoliciesPanel },
  { id: "escalation", key: "notify.tab.escalation", Panel: EscalationPanel },
  { id: "silences", key: "notify.tab.silences", Panel: SilencesPanel },
  { id: "deliveries", key: "notify.tab.deliveries", Panel: DeliveriesPanel },
] as const satisfies readonly { id: string; key: MessageKey; Panel: () => unknown }[];

/** Notification settings (§6.2.2, §2.1.2) for the process office, management and administrators: one tab each, the tab in the address. */
export function NotificationsPage() {
  const { t } = useI18n();
  const { search } = useLocation();
  const current = TABS.find((x) => x.id === search.get("tab")) ?? TABS[0];
  const { Panel } = current;
  return (
    <div className="page">
      <header className="page__head">
        <h1>{t("notify.title")}</h1>
        <p className="muted">{t("notify.subtitle")}</p>
      </header>
      <nav className="tabs" aria-label={t("notify.tabs")}>
        {TABS.map((tab) => (
          <Link key={tab.id} to={`/notifications?tab=${tab.id}`} className={`tabs__tab ${tab === current ? "is-active" : ""}`} aria-current={tab === current ? "page" : undefined}>
            {t(tab.key)}
          </Link>
        ))}
      </nav>
      <Panel />
    </div>
  );
}
