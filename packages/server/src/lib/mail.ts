/**
 * Outgoing email over SMTP (nodemailer), configured by `SMTP_URL` (e.g. `smtp://127.0.0.1:2525`,
 * `smtps://user:pass@mail.example.com`) and `MAIL_FROM`. Shared by notifications and invitations.
 */
import nodemailer, { type Transporter } from "nodemailer";

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. an idempotency key a receiving system may de-duplicate on. */
  headers?: Record<string, string>;
}

export interface MailConfig {
  smtpUrl: string;
  from: string;
}

/** The mail settings from the environment; null when `SMTP_URL` is unset (no mail is sent). */
export function mailConfigFromEnv(env: NodeJS.ProcessEnv = process.env): MailConfig | null {
  const smtpUrl = env.SMTP_URL?.trim();
  if (!smtpUrl) return null;
  return { smtpUrl, from: env.MAIL_FROM?.trim() || "Control Room <controlroom@localhost>" };
}

/** Thrown when mail is asked for and `SMTP_URL` is not set. */
export class MailNotConfigured extends Error {
  constructor() {
    super("Email is not configured: set SMTP_URL (and MAIL_FROM).");
  }
}

const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string): Transporter {
  let t = transports.get(smtpUrl);
  if (!t) {
    // Short timeouts: a dead SMTP server is a failed attempt to retry later, not a hung worker.
    t = nodemailer.createTransport(smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as never);
    transports.set(smtpUrl, t);
  }
  return t;
}

/**
 * Sends one email; resolves with the SMTP server's message id, rejects when the server refuses or
 * cannot be reached. `config` defaults to the environment's.
 */
export async function sendMail(message: MailMessage, config: MailConfig | null = mailConfigFromEnv()): Promise<{ messageId: string }> {
  if (!config) throw new MailNotConfigured();
  if (message.to.length === 0) throw new Error("An email needs at least one recipient.");
  const info = await transportFor(config.smtpUrl).sendMail({
    from: config.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    headers: message.headers,
  });
  return { messageId: String(info.messageId) };
}
