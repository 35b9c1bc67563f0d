import { afterAll, beforeAll } from "vitest";
import { startWebhookReceiver, type WebhookReceiver } from "../../../packages/server/test/helpers/receivers.js";
import { type Browser, launchBrowser } from "./browser.js";
import { type RunningServer, startServer } from "./server.js";

/**
 * One app server and one Chromium for a test file: started before its tests (handed to `use`),
 * closed after them. Every browser test file that drives the dashboard starts the same pair.
 */
export function useServerAndBrowser(use: (server: RunningServer, browser: Browser) => void): void {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    use(server, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
}

/**
 * A webhook receiver on loopback for a test file (the server tests' own), started before its tests
 * and handed to `use`, closed after them.
 */
export function useWebhookReceiver(path: string, use: (receiver: WebhookReceiver) => void): void {
  let receiver: WebhookReceiver | undefined;
  beforeAll(async () => {
    receiver = await startWebhookReceiver(path);
    use(receiver);
  });
  afterAll(async () => {
    await receiver?.close();
  });
}
