/**
 * Issue 15 (§1.2, §6.4) in Chromium: an administrator invites a person from the people page; the
 * invitation mail's link opens the acceptance page, where the person chooses a password, signs in,
 * and changes their personal settings.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, newPage, signIn, type Browser } from "./support/browser.js";
import { startServer, type RunningServer } from "./support/server.js";

let server: RunningServer;
let browser: Browser;
const mails: { to: string; text: string }[] = [];

beforeAll(async () => {
  server = await startServer({ readingsDays: 1 });
  // The server runs in this process: its mailer (no SMTP_URL) hands every mail to listeners too.
  const { onMail } = await import("../../packages/server/src/lib/mail.js");
  onMail((m) => mails.push(m));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("issue 15 people administration, invitation and personal settings", () => {
  it("an invited person accepts the invitation, signs in and changes their settings", async () => {
    const admin = await newPage(browser);
    await signIn(admin, server.url, "admin@example.com", "/people");
    await expect.poll(() => admin.getByRole("heading", { level: 1 }).textContent()).toBe("People");
    const invite = admin.locator("form").filter({ hasText: "Send the invitation" });
    await invite.getByLabel("Email").fill("mei.lin@example.com");
    await invite.getByLabel("Name").fill("Mei Lin");
    await invite.getByRole("button", { name: "Send the invitation" }).click();
    await expect.poll(() => admin.getByText("An invitation is on its way to mei.lin@example.com.").count()).toBe(1);
    await expect.poll(() => admin.getByRole("cell", { name: "mei.lin@example.com" }).count()).toBe(1);

    await expect.poll(() => mails.filter((m) => m.to === "mei.lin@example.com").length).toBe(1);
    const link = /(http\S+accept-invitation#token=\S+)/.exec(mails.find((m) => m.to === "mei.lin@example.com")!.text)![1];
    const person = await newPage(browser);
    await person.goto(link.replace(/^http:\/\/[^/]+/, server.url));
    await expect.poll(() => person.getByText("Welcome, Mei Lin").count()).toBe(1);
    await person.getByLabel("New password", { exact: true }).fill("mei's own long passphrase");
    await person.getByLabel("Repeat the new password").fill("mei's own long passphrase");
    await person.getByRole("button", { name: "Save the password" }).click();
    await expect.poll(() => person.getByText(/Your password is set/).count()).toBe(1);

    await person.goto(`${server.url}/login`);
    await person.getByLabel("Email").fill("mei.lin@example.com");
    await person.getByLabel("Password").fill("mei's own long passphrase");
    await person.getByRole("button", { name: "Sign in" }).click();
    await person.waitForURL((u) => !u.pathname.startsWith("/login"));
    await person.getByRole("link", { name: "My settings" }).click();
    await expect.poll(() => person.getByRole("heading", { level: 1 }).textContent()).toBe("My settings");
    await person.getByLabel("Time zone").fill("Asia/Tokyo");
    await person.getByLabel("Warning", { exact: true }).uncheck();
    await person.getByRole("button", { name: "Save", exact: true }).click();
    await expect.poll(() => person.getByText("Saved.", { exact: true }).count()).toBe(1);
    // The same link does not work twice.
    await person.goto(link.replace(/^http:\/\/[^/]+/, server.url));
    await expect.poll(() => person.getByRole("alert").textContent()).toMatch(/not valid any more|此連結已失效/); // the saved settings put the dashboard in the person's language (zh-Hant);
    await admin.context().close();
    await person.context().close();
  });
});
