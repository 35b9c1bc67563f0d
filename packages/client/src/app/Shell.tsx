import type { ReactNode } from "react";
import { useI18n } from "./i18n/I18nProvider";
import type { MessageKey } from "./i18n/en";
import { LanguageSwitch } from "./LanguageSwitch";
import { Link, navigate, useLocation } from "./router";
import { holdsScope, type Scope, signOut, type Session } from "./session";
import { ConnectionBadge } from "./ui/ConnectionBadge";
import { InboxBell } from "../features/inbox/InboxBell";

const NAV: { to: string; key: MessageKey; match: (p: string) => boolean; roles?: string[]; scope?: Scope }[] = [
  { to: "/", key: "nav.live", match: (p) => p === "/" },
  { to: "/alerts", key: "nav.alerts", match: (p) => p.startsWith("/alerts") },
  { to: "/processes", key: "nav.processes", match: (p) => p.startsWith("/processes") || p.startsWith("/indicators") },
  { to: "/risks", key: "nav.risks", match: (p) => p.startsWith("/risks") },
  { to: "/evaluations", key: "nav.evaluations", match: (p) => p.startsWith("/evaluations") },
  { to: "/monitoring", key: "nav.monitoring", match: (p) => p.startsWith("/monitoring") },
  { to: "/actions", key: "nav.actions", match: (p) => p.startsWith("/actions") },
  { to: "/workbench", key: "nav.workbench", match: (p) => p.startsWith("/workbench") || p.startsWith("/explorer") },
  { to: "/feedback", key: "nav.feedback", match: (p) => p.startsWith("/feedback") },
  { to: "/reports", key: "nav.reports", match: (p) => p.startsWith("/reports"), roles: ["ADMIN", "PROCESS_OFFICE", "MANAGEMENT", "DEPARTMENT_HEAD"] },
  { to: "/notifications", key: "nav.notifications", match: (p) => p.startsWith("/notifications"), scope: "CONFIGURER" },
  { to: "/rules", key: "nav.rules", match: (p) => p.startsWith("/rules"), scope: "EDITOR" },
  { to: "/people", key: "nav.people", match: (p) => p.startsWith("/people"), roles: ["ADMIN", "DEPARTMENT_HEAD"] },
  { to: "/settings", key: "nav.settings", match: (p) => p.startsWith("/settings") },
];

/** The desk layout: skip link, header with navigation, connection, language and the user. */
export function Shell({ session, children }: { session: Session; children: ReactNode }) {
  const { t } = useI18n();
  const { pathname } = useLocation();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label={t("app.name")}>
          <img src="/favicon.svg" alt="" width="28" height="28" />
          <span className="brand__name">{t("app.name")}</span>
        </Link>
        <nav className="nav" aria-label={t("nav.main")}>
          <ul>
            {NAV.filter((n) => (!n.roles || n.roles.some((r) => (session.user.roles as string[]).includes(r))) && (!n.scope || holdsScope(session, n.scope))).map((n) => (
              <li key={n.to}>
                <Link to={n.to} className={`nav__link ${n.match(pathname) ? "is-active" : ""}`} aria-current={n.match(pathname) ? "page" : undefined}>
                  {t(n.key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar__tools">
          <InboxBell />
          <ConnectionBadge compact />
          <LanguageSwitch />
          <span className="user" title={t("auth.signedInAs", { name: session.user.name })}>
            {session.user.name}
          </span>
          <button
            type="button"
            className="btn btn--ghost btn--small"
            onClick={async () => {
              await signOut();
              navigate("/login", { replace: true });
            }}
          >
            {t("auth.signOut")}
          </button>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
