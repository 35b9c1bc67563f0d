/** Debian's Chromium through playwright-core (no browser download). */
import { createRequire } from "node:module";
import { CLIENT_DIR } from "./server.js";

// playwright-core is a dev dependency of the client package; resolve it from there.
const requireFromClient = createRequire(`${CLIENT_DIR}/package.json`);
const { chromium } = requireFromClient("playwright-core") as typeof import("playwright-core");

export type Browser = Awaited<ReturnType<typeof chromium.launch>>;
export type Page = Awaited<ReturnType<Browser["newPage"]>>;

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/** A fresh page (own storage) at a viewport, in English unless told otherwise; page errors fail loudly. */
export async function newPage(browser: Browser, options: { width?: number; height?: number; locale?: string } = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1600, height: options.height ?? 900 }, locale: options.locale ?? "en-US" });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error(`[page error] ${e.message}`));
  return page;
}

/** Signs in through the login form and waits for the desk to load. */
export async function signIn(page: Page, url: string, email: string, path = "/"): Promise<void> {
  await page.goto(`${url}/login?next=${encodeURIComponent(path)}`);
  await page.getByLabel(/email|電子郵件/i).fill(email);
  await page.getByLabel(/password|密碼/i).fill("controlroom-dev");
  await page.getByRole("button", { name: /sign in|登入/i }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
}
