/**
 * What a notification says (§4.4.1, §6.2.2): one alert event, in the recipient's language
 * (Traditional Chinese or English), with a link to the alert in the dashboard.
 */

export type Language = "ZH_HANT" | "EN";

/** One alert event as a notification tells it. */
export interface AlertNotice {
  alert: {
    id: string;
    level: "WARNING" | "CRITICAL";
    state: string;
    source: string;
    message: string;
    value: number | null;
    /** What the alert is about, in both languages: the indicator, else the process. */
    subject: { zh: string; en: string } | null;
    process: { zh: string; en: string } | null;
  };
  event: { id: string; type: string; at: string };
  /** The alert in the dashboard. */
  url: string;
  /** A test message sent by `testContactPoint`. */
  test?: boolean;
}

export interface RenderedMessage {
  title: string;
  text: string;
}

const LEVEL = { ZH_HANT: { WARNING: "警告", CRITICAL: "嚴重" }, EN: { WARNING: "Warning", CRITICAL: "Critical" } } as const;
const EVENT: Record<Language, Record<string, string>> = {
  ZH_HANT: {
    FIRED: "觸發",
    REFIRED: "再次觸發",
    ESCALATED: "升級為嚴重",
    DEESCALATED: "降級為警告",
    RESOLVED: "已解除",
    ACKNOWLEDGED: "已確認",
    ACK_EXPIRED: "確認已逾期",
    ASSIGNED: "已指派",
    ESCALATION: "逾時未確認，升級通知",
    REPEAT: "仍在觸發",
    TEST: "測試通知",
  },
  EN: {
    FIRED: "firing",
    REFIRED: "firing again",
    ESCALATED: "escalated to critical",
    DEESCALATED: "back to warning",
    RESOLVED: "resolved",
    ACKNOWLEDGED: "acknowledged",
    ACK_EXPIRED: "acknowledgement lapsed",
    ASSIGNED: "assigned",
    ESCALATION: "not acknowledged in time, escalated",
    REPEAT: "still firing",
    TEST: "test notification",
  },
};
const WORDS = {
  ZH_HANT: { process: "流程", value: "數值", at: "時間", open: "查看警示", test: "這是 Control Room 的測試通知。" },
  EN: { process: "Process", value: "Value", at: "At", open: "Open the alert", test: "This is a test notification from Control Room." },
} as const;

/** The dashboard's address of an alert. */
export function alertUrl(publicUrl: string, alertId: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/alerts?alert=${encodeURIComponent(alertId)}`;
}

/** The base address of the dashboard in links: `PUBLIC_URL`, else this server on `PORT`. */
export function publicUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.PUBLIC_URL?.trim() || `http://localhost:${env.PORT ?? 4000}`;
}

/** One or several notices (a group) as a title and a plain-text body in `language`. */
export function renderNotices(notices: AlertNotice[], language: Language): RenderedMessage {
  const w = WORDS[language];
  const lines = notices.map((n) => noticeLines(n, language));
  const first = notices[0]!;
  const head = headline(first, language);
  const title = notices.length === 1 ? head : language === "EN" ? `${head} (+${notices.length - 1} more)` : `${head}（另 ${notices.length - 1} 則）`;
  const body = first.test ? [w.test, ...lines.flat()] : lines.flatMap((l, i) => (i > 0 ? ["", ...l] : l));
  return { title, text: body.join("\n") };
}

function headline(n: AlertNotice, language: Language): string {
  const what = n.test ? EVENT[language].TEST : (EVENT[language][n.event.type] ?? n.event.type);
  const subject = n.alert.subject ? (language === "EN" ? n.alert.subject.en : n.alert.subject.zh) : n.alert.message;
  return `[${LEVEL[language][n.alert.level]}] ${subject} ${language === "EN" ? "— " : "："}${what}`;
}

function noticeLines(n: AlertNotice, language: Language): string[] {
  const w = WORDS[language];
  const out = [headline(n, language)];
  if (n.alert.message) out.push(n.alert.message);
  if (n.alert.process) out.push(`${w.process}: ${language === "EN" ? n.alert.process.en : n.alert.process.zh}`);
  if (n.alert.value != null) out.push(`${w.value}: ${n.alert.value}`);
  out.push(`${w.at}: ${n.event.at}`);
  out.push(`${w.open}: ${n.url}`);
  return out;
}
