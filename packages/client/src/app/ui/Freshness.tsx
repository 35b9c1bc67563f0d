import { useApi } from "../api";
import { useConnectionState } from "../connection";
import { useI18n } from "../i18n/I18nProvider";
import { useNow } from "../useNow";

/**
 * How fresh a panel's data is: "Updated 12 s ago", marked stale when the live connection is
 * down or the data is older than `staleAfterMs`.
 */
export function Freshness({ at, staleAfterMs = 5 * 60_000, live: isLive = false }: { at: number | null; staleAfterMs?: number; live?: boolean }) {
  const { t, age } = useI18n();
  const { live } = useApi();
  const conn = useConnectionState(live);
  const now = useNow(1000);
  const stale = at === null || conn.status !== "connected" || (!isLive && now - at > staleAfterMs);
  const text = at === null ? t("fresh.never") : isLive && conn.status === "connected" ? t("conn.connected") : t("fresh.updated", { age: age(Math.min(at, now), now) });
  return (
    <span className={`fresh ${stale ? "fresh--stale" : "fresh--ok"}`} title={t("fresh.label")} data-fresh={stale ? "stale" : "fresh"}>
      {stale && at !== null && <span className="fresh__flag">{t("fresh.stale")} · </span>}
      {text}
    </span>
  );
}
