import { lazy, Suspense, useEffect, type ReactNode } from "react";
import { ForgotPasswordPage } from "../features/auth/ForgotPasswordPage";
import { LoginPage } from "../features/auth/LoginPage";
import { PasswordLinkPage } from "../features/auth/PasswordLinkPage";
import { SignedInPage } from "../features/auth/SignedInPage";
import { ApiProvider } from "./api";
import { I18nProvider, useI18n } from "./i18n/I18nProvider";
import { LOCALES, type Locale } from "./i18n/format";
import { Link, matchPath, navigate, useLocation } from "./router";
import { keepSessionFresh, sessionStore, useSession } from "./session";
import { Shell } from "./Shell";
import { Loading } from "./ui/States";

// Pages load on demand: the sign-in page and the shell are all the first visit downloads.
const LivePage = lazy(() => import("../features/live/LivePage").then((m) => ({ default: m.LivePage })));
const AlertsPage = lazy(() => import("../features/alerts/AlertsPage").then((m) => ({ default: m.AlertsPage })));
const ProcessesPage = lazy(() => import("../features/processes/ProcessesPage").then((m) => ({ default: m.ProcessesPage })));
const ProcessPage = lazy(() => import("../features/processes/ProcessPage").then((m) => ({ default: m.ProcessPage })));
const IndicatorPage = lazy(() => import("../features/indicators/IndicatorPage").then((m) => ({ default: m.IndicatorPage })));
const RisksPage = lazy(() => import("../features/risks/RisksPage").then((m) => ({ default: m.RisksPage })));
const RiskRegisterPage = lazy(() => import("../features/risks/RiskRegisterPage").then((m) => ({ default: m.RiskRegisterPage })));
const RiskPage = lazy(() => import("../features/risks/RiskPage").then((m) => ({ default: m.RiskPage })));
const IncidentPage = lazy(() => import("../features/risks/IncidentPage").then((m) => ({ default: m.IncidentPage })));
// The workbench brings GraphiQL and Monaco: its own chunk, loaded only on that page.
const WorkbenchPage = lazy(() => import("../features/workbench/WorkbenchPage").then((m) => ({ default: m.WorkbenchPage })));
const EvaluationBoardPage = lazy(() => import("../features/evaluations/EvaluationBoardPage").then((m) => ({ default: m.EvaluationBoardPage })));
const EvaluationPage = lazy(() => import("../features/evaluations/EvaluationPage").then((m) => ({ default: m.EvaluationPage })));
const MonitoringPage = lazy(() => import("../features/monitoring/MonitoringPage").then((m) => ({ default: m.MonitoringPage })));
const ActionsPage = lazy(() => import("../features/actions/ActionsPage").then((m) => ({ default: m.ActionsPage })));
const InboxPage = lazy(() => import("../features/inbox/InboxPage").then((m) => ({ default: m.InboxPage })));
const PeoplePage = lazy(() => import("../features/people/PeoplePage").then((m) => ({ default: m.PeoplePage })));
const SettingsPage = lazy(() => import("../features/settings/SettingsPage").then((m) => ({ default: m.SettingsPage })));
const NotificationsPage = lazy(() => import("../features/notify/NotificationsPage").then((m) => ({ default: m.NotificationsPage })));
const FeedbackPage = lazy(() => import("../features/feedback/FeedbackPage").then((m) => ({ default: m.FeedbackPage })));
const ReportsPage = lazy(() => import("../features/reports/ReportsPage").then((m) => ({ default: m.ReportsPage })));
const RuleEditorPage = lazy(() => import("../features/rules/RuleEditorPage").then((m) => ({ default: m.RuleEditorPage })));
const WallPage = lazy(() => import("../features/wall/WallPage").then((m) => ({ default: m.WallPage })));

/** The dashboard: language, then the wall display (URL token) or the desk app (signed-in person). */
export function App() {
  const { search } = useLocation();
  const lang = search.get("lang");
  const forced = lang && (LOCALES as readonly string[]).includes(lang) ? (lang as Locale) : null;
  return (
    <I18nProvider forced={forced}>
      <Routes />
    </I18nProvider>
  );
}

function Routes() {
  const { pathname } = useLocation();
  if (pathname === "/wall" || pathname === "/wall/") {
    return (
      <Suspense fallback={<Loading />}>
        <WallPage />
      </Suspense>
    );
  }
  if (pathname === "/login") return <LoginPage />;
  if (pathname === "/signed-in") return <SignedInPage />;
  if (pathname === "/forgot-password") return <ForgotPasswordPage />;
  if (pathname === "/reset-password") return <PasswordLinkPage kind="reset" />;
  if (pathname === "/accept-invitation") return <PasswordLinkPage kind="invitation" />;
  return <Desk />;
}

function Desk() {
  const session = useSession();
  const { pathname, search } = useLocation();
  useEffect(() => keepSessionFresh(), []);
  useEffect(() => {
    if (!session) navigate(`/login?next=${encodeURIComponent(pathname + (search.size ? `?${search}` : ""))}`, { replace: true });
  }, [session, pathname, search]);
  if (!session) return null;
  // An access token that expired while the page was closed is renewed before anything asks with it.
  if (Date.parse(session.expiresAt) <= Date.now()) return <Loading />;
  return (
    <ApiProvider identity={`user:${session.user.id}`} getToken={() => sessionStore.get()?.accessToken ?? null}>
      <Shell session={session}>
        <Suspense fallback={<Loading />}>
          <Page pathname={pathname} />
        </Suspense>
      </Shell>
    </ApiProvider>
  );
}

function Page({ pathname }: { pathname: string }): ReactNode {
  if (pathname === "/") return <LivePage />;
  if (pathname === "/alerts") return <AlertsPage />;
  if (pathname === "/processes") return <ProcessesPage />;
  if (pathname === "/risks") return <RisksPage />;
  if (pathname === "/rules") return <RuleEditorPage />;
  if (pathname === "/workbench" || pathname === "/explorer") return <WorkbenchPage />;
  if (pathname === "/risks/register") return <RiskRegisterPage />;
  const risk = matchPath("/risks/:id", pathname);
  if (risk) return <RiskPage key={risk.id} id={risk.id} />;
  const incident = matchPath("/incidents/:id", pathname);
  if (incident) return <IncidentPage key={incident.id} id={incident.id} />;
  if (pathname === "/evaluations") return <EvaluationBoardPage />;
  if (pathname === "/monitoring") return <MonitoringPage />;
  if (pathname === "/actions") return <ActionsPage />;
  if (pathname === "/inbox") return <InboxPage />;
  if (pathname === "/notifications") return <NotificationsPage />;
  if (pathname === "/feedback") return <FeedbackPage />;
  if (pathname === "/reports") return <ReportsPage />;
  const evaluation = matchPath("/evaluations/:id", pathname);
  if (evaluation) return <EvaluationPage key={evaluation.id} id={evaluation.id} />;
  if (pathname === "/people") return <PeoplePage />;
  if (pathname === "/settings") return <SettingsPage />;
  const process = matchPath("/processes/:code", pathname);
  if (process) return <ProcessPage key={process.code} code={process.code} />;
  const indicator = matchPath("/indicators/:id", pathname);
  if (indicator) return <IndicatorPage key={indicator.id} id={indicator.id} />;
  return <NotFound />;
}

function NotFound() {
  const { t } = useI18n();
  return (
    <div className="page">
      <h1>{t("common.notFound")}</h1>
      <p>{t("common.notFoundHint")}</p>
      <Link to="/">{t("common.home")}</Link>
    </div>
  );
}
