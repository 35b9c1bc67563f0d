/**
 * Outgoing email over SMTP (nodemailer), configured by `SMTP_URL` (e.g. `smtp://127.0.0.1:2525`,
 * `smtps://user:pass@mail.example.com`) and `MAIL_FROM`. The one mail set-up: invitations,
 * password resets (through `createMailer`) and email contact points (through `sendMail`).
 */
import nodemailer, { type Transporter } from "nodemailer";
import { logger } from "./logger.js";

export interface MailMessage {
  to: string[];
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. an idempotency key a receiving system may de-duplicate on. */
  headers?: Record<string, string>;
  /** Files sent with it (a unit report's PDF or CSV). */
  attachments?: { filename: string; content: Buffer; contentType: string }[];
}

export interface MailConfig {
  smtpUrl: string;
  from: string;
}

const DEFAULT_FROM = "Control Room <controlroom@localhost>";

/** The mail settings from the environment; null when `SMTP_URL` is unset (no mail is sent). */
export function mailConfigFromEnv(env: { SMTP_URL?: string; MAIL_FROM?: string } = process.env): MailConfig | null {
  const smtpUrl = env.SMTP_URL?.trim();
  if (!smtpUrl) return null;
  return { smtpUrl, from: env.MAIL_FROM?.trim() || DEFAULT_FROM };
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
    attachments: message.attachments,
  });
  return { messageId: String(info.messageId) };
}

/** One email to one person: plain text, so it reads the same in every client. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

const listeners = new Set<(mail: Mail) => void>();

/**
 * Calls `listener` with every mail handed to a mailer of this process (sent or printed); returns
 * a function that stops. Tests read invitation and reset links with it.
 */
export function onMail(listener: (mail: Mail) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export interface Mailer {
  /** Sends the mail through SMTP_URL, or prints it to the log when no SMTP_URL is set. */
  send(mail: Mail): Promise<void>;
}

/**
 * Personal mail (invitations, password resets). Without SMTP_URL a mail is written to the log
 * instead, so a closed test network still shows the link.
 */
export function createMailer(env: { SMTP_URL?: string; MAIL_FROM?: string } = process.env): Mailer {
  const config = mailConfigFromEnv(env);
  return {
    async send(mail) {
      for (const l of listeners) l(mail);
      if (!config) {
        logger.info({ mail: { from: DEFAULT_FROM, ...mail } }, "mail (no SMTP_URL set: printed, not sent)");
        return;
      }
      await sendMail({ to: [mail.to], subject: mail.subject, text: mail.text }, config);
    },
  };
}

let shared: Mailer | null = null;
/** The process's mailer, made from the environment on first use. */
export function mailer(): Mailer {
  shared ??= createMailer();
  return shared;
}
