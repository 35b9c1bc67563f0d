import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** A real SMTP server on a loopback port that keeps what it receives (`smtp-server`). */
export interface SmtpReceiver {
  url: string;
  /** What arrived, with the receipt time (ms since the epoch) of its last byte. */
  messages: { to: string[]; raw: string; at: number }[];
  close(): Promise<void>;
}

export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const messages: SmtpReceiver["messages"] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.setEncoding("utf8");
      stream.on("data", (c: string) => (raw += c));
      stream.on("end", () => {
        messages.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, at: Date.now() });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise((r) => server.close(() => r())) };
}

/** An HTTP webhook receiver on a loopback port; `down` makes it answer 503 (a receiver that is not taking messages). */
export interface WebhookReceiver {
  url: string;
  /** What arrived, with the receipt time (ms since the epoch). */
  received: { url: string; headers: IncomingHttpHeaders; body: string; at: number }[];
  /** Requests refused while down. */
  refused: number;
  down: boolean;
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = "/hook"): Promise<WebhookReceiver> {
  const r: WebhookReceiver = { url: "", received: [], refused: 0, down: false, close: async () => {} };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      if (r.down) {
        r.refused++;
        res.writeHead(503).end("down");
        return;
      }
      r.received.push({ url: req.url ?? "", headers: req.headers, body, at: Date.now() });
      res.writeHead(200, { "content-type": "application/json" }).end('{"errcode":0,"code":0}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  r.close = () => new Promise((res) => server.close(() => res()));
  return r;
}

/** Waits until `check` holds, polling; throws with `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
