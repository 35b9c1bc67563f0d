import { useMemo } from "react";
import { ApiProvider } from "../../app/api";
import { useI18n } from "../../app/i18n/I18nProvider";
import { useLocation } from "../../app/router";
import { useLiveQuery } from "../../app/useLiveQuery";
import { useAlertFeed } from "../alerts/useAlertFeed";
import { INDICATORS_QUERY } from "../indicators/queries";
import { PROCESSES_QUERY } from "../processes/queries";
import { RISK_MATRIX_QUERY } from "../risks/queries";
import { WallHeader } from "./components/WallHeader";
import { WallLiveView } from "./components/WallLiveView";
import { RotatingViews } from "./components/RotatingViews";
import { WallProcessesView } from "./components/WallProcessesView";
import { WallRisksView } from "./components/WallRisksView";
import { parseWallParams } from "./wallParams";

/**
 * The wall display (/wall?token=<DISPLAY token>&rotate=<seconds>): unattended, dark, large type.
 * It authenticates only with the token in its address, rotates its views, reconnects by itself
 * and resumes the warning feed from the last event id it applied.
 */
export function WallPage() {
  const { search } = useLocation();
  const { t } = useI18n();
  const params = useMemo(() => parseWallParams(search), [search]);
  const token = params.token;
  if (!token) {
    return (
      <main className="wall wall--message" id="main">
        <p>{t("wall.noToken")}</p>
      </main>
    );
  }
  return (
    <ApiProvider identity={`display:${token}`} getToken={() => token} cache={false}>
      <WallScreen rotate={params.rotate} views={params.views} start={params.start} />
    </ApiProvider>
  );
}

function WallScreen({ rotate, views, start }: { rotate: number; views: ReturnType<typeof parseWallParams>["views"]; start: number }) {
  // Data for every view stays subscribed while others show, so nothing is missed in between.
  const feed = useAlertFeed({});
  const indicators = useLiveQuery({ query: INDICATORS_QUERY, variables: {}, pollMs: 5 * 60_000 });
  const processes = useLiveQuery({ query: PROCESSES_QUERY, variables: {}, pollMs: 5 * 60_000, pause: !views.includes("processes") });
  const risks = useLiveQuery({ query: RISK_MATRIX_QUERY, variables: {}, pollMs: 60_000, pause: !views.includes("risks") });

  return (
    <RotatingViews views={views} rotate={rotate} start={start} header={(nav) => <WallHeader {...nav} feed={feed} />}>
      {(view) => (
        <>
          {view === "live" && <WallLiveView feed={feed} indicators={indicators} />}
          {view === "risks" && <WallRisksView risks={risks} />}
          {view === "processes" && <WallProcessesView processes={processes} feed={feed} />}
        </>
      )}
    </RotatingViews>
  );
}
