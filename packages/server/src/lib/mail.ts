import nodemailer, { type Transporter } from "nodemailer";
import { logger } from "./logger.js";

/** One email: plain text, so it reads the same in every client. */
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
 * The one mail set-up (`SMTP_URL`, e.g. `smtp://user:pass@mail.example:587`, and `MAIL_FROM`):
 * invitations, password resets and email contact points all send through it. Without SMTP_URL a
 * mail is written to the log instead, so a closed test network still shows the link.
 */
export function createMailer(env: { SMTP_URL?: string; MAIL_FROM?: string } = process.env): Mailer {
  const from = env.MAIL_FROM || "Control Room <controlroom@localhost>";
  const transport: Transporter | null = env.SMTP_URL ? nodemailer.createTransport(env.SMTP_URL) : null;
  return {
    async send(mail) {
      for (const l of listeners) l(mail);
      if (!transport) {
        logger.info({ mail: { from, ...mail } }, "mail (no SMTP_URL set: printed, not sent)");
        return;
      }
      await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
  };
}

let shared: Mailer | null = null;
/** The process's mailer, made from the environment on first use. */
export function mailer(): Mailer {
  shared ??= createMailer();
  return shared;
}
