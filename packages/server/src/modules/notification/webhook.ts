/**
 * Chat webhooks (§6.2.2): the message formats of generic JSON receivers, Slack- and Teams-
 * compatible chats, WeCom (企業微信), DingTalk (釘釘) and Feishu (飛書), each with its signing scheme.
 */
import { createHmac } from "node:crypto";
import type { AlertNotice, RenderedMessage } from "./message.js";

export type WebhookFormat = "GENERIC" | "SLACK" | "TEAMS" | "WECOM" | "DINGTALK" | "FEISHU";

export interface WebhookTarget {
  url: string;
  format: WebhookFormat;
  secret: string | null;
}

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * The HTTP request that delivers `message` about `notices` to a webhook, signed as the tool
 * expects. `deliveryId` is sent as `X-Delivery-Id` so a receiver can drop a repeat; `now` fixes
 * the signature's timestamp.
 */
export function webhookRequest(
  target: WebhookTarget,
  notices: AlertNotice[],
  message: RenderedMessage,
  deliveryId: string,
  now: Date,
  /** A GENERIC body about something else than alerts (a unit report), and the link chat cards open. */
  other?: { generic: Record<string, unknown>; url: string },
): WebhookRequest {
  const headers: Record<string, string> = { "content-type": "application/json; charset=utf-8", "x-delivery-id": deliveryId };
  const first = notices[0];
  const url = new URL(target.url);
  let payload: unknown;
  switch (target.format) {
    case "GENERIC":
      payload = other
        ? { ...other.generic, title: message.title, text: message.text, deliveryId }
        : {
            alert: first!.alert,
            event: first!.event,
            url: first!.url,
            title: message.title,
            text: message.text,
            alerts: notices.map((n) => ({ alert: n.alert, event: n.event, url: n.url })),
            test: first!.test ?? false,
            deliveryId,
          };
      break;
    case "SLACK":
      payload = { text: `*${message.title}*\n${message.text}` };
      break;
    case "TEAMS":
      payload = {
        "@type": "MessageCard",
        "@context": "https://schema.org/extensions",
        summary: message.title,
        themeColor: first?.alert.level === "CRITICAL" ? "D32F2F" : "F9A825",
        title: message.title,
        text: message.text.replace(/\n/g, "\n\n"),
        potentialAction: [{ "@type": "OpenUri", name: "Open", targets: [{ os: "default", uri: other?.url ?? first!.url }] }],
      };
      break;
    case "WECOM":
      // WeCom authenticates a group robot by the `key` in its address; a key given as the secret is added.
      if (target.secret && !url.searchParams.has("key")) url.searchParams.set("key", target.secret);
      payload = { msgtype: "markdown", markdown: { content: `**${message.title}**\n${message.text}` } };
      break;
    case "DINGTALK":
      if (target.secret) {
        const timestamp = String(now.getTime());
        url.searchParams.set("timestamp", timestamp);
        url.searchParams.set("sign", dingTalkSign(target.secret, timestamp));
      }
      payload = { msgtype: "markdown", markdown: { title: message.title, text: `### ${message.title}\n\n${message.text.replace(/\n/g, "\n\n")}` } };
      break;
    case "FEISHU": {
      const timestamp = String(Math.floor(now.getTime() / 1000));
      payload = {
        ...(target.secret ? { timestamp, sign: feishuSign(target.secret, timestamp) } : {}),
        msg_type: "text",
        content: { text: `${message.title}\n${message.text}` },
      };
      break;
    }
  }
  const body = JSON.stringify(payload);
  if (target.format === "GENERIC" && target.secret) headers["x-signature"] = genericSignature(target.secret, body);
  return { url: url.toString(), headers, body };
}

/** DingTalk: base64(HMAC-SHA256(key = secret, `${timestamp}\n${secret}`)), in `sign`. */
export function dingTalkSign(secret: string, timestamp: string): string {
  return createHmac("sha256", secret).update(`${timestamp}\n${secret}`).digest("base64");
}

/** Feishu: base64(HMAC-SHA256(key = `${timestamp}\n${secret}`, empty message)), in the body. */
export function feishuSign(secret: string, timestamp: string): string {
  return createHmac("sha256", `${timestamp}\n${secret}`).update("").digest("base64");
}

/** GENERIC: `X-Signature: sha256=<hex HMAC-SHA256 of the body with the secret>`. */
export function genericSignature(secret: string, body: string): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

/**
 * Whether a webhook's answer means delivered: a 2xx status, and for the chat tools that answer
 * 200 with an error code in the body (WeCom and DingTalk `errcode`, Feishu `code`), a zero code.
 */
export function webhookAccepted(format: WebhookFormat, status: number, body: string): { ok: true } | { ok: false; error: string } {
  if (status < 200 || status >= 300) return { ok: false, error: `HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ""}` };
  if (format === "WECOM" || format === "DINGTALK" || format === "FEISHU") {
    try {
      const parsed = JSON.parse(body) as { errcode?: number; code?: number; errmsg?: string; msg?: string };
      const code = parsed.errcode ?? parsed.code ?? 0;
      if (code !== 0) return { ok: false, error: `${format} error ${code}: ${parsed.errmsg ?? parsed.msg ?? ""}`.trim() };
    } catch {
      // A relay that answers 2xx with no JSON has taken the message.
    }
  }
  return { ok: true };
}
