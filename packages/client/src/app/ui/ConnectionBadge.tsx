import { useApi } from "../api";
import { useConnectionState, type ConnectionStatus } from "../connection";
import { useI18n } from "../i18n/I18nProvider";

const TONE: Record<ConnectionStatus, string> = { connected: "ok", connecting: "pending", reconnecting: "bad", denied: "bad" };

/** The live connection's state, announced politely to screen readers when it changes. */
export function ConnectionBadge({ compact = false }: { compact?: boolean }) {
  const { live } = useApi();
  const state = useConnectionState(live);
  const { t, date } = useI18n();
  const text =
    state.status === "connected"
      ? t("conn.connected")
      : state.status === "reconnecting"
        ? t("conn.reconnecting", { n: Math.max(1, state.attempt) })
        : state.status === "denied"
          ? t("conn.denied")
          : t("conn.connecting");
  return (
    <span
      className={`conn conn--${TONE[state.status]}`}
      role="status"
      aria-live="polite"
      aria-label={`${t("conn.label")}: ${text}`}
      data-connection={state.status}
      data-generation={state.generation}
    >
      <span className="conn__dot" aria-hidden="true" />
      <span className="conn__text">{text}</span>
      {!compact && state.status !== "connected" && <span className="conn__since">{t("conn.since", { time: date(state.since, "time") })}</span>}
    </span>
  );
}
