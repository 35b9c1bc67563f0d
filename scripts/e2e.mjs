#!/usr/bin/env node
// Runs the browser tests (test/e2e) in Debian's Chromium. Without Chromium they cannot run: on a
// developer machine that is said and skipped; in CI (CI=true) it is a failure.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";

const chromium = process.env.CHROMIUM ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  const message = `Browser tests need Chromium at ${chromium} (apt-get install chromium fonts-noto-cjk).`;
  if (process.env.CI) {
    console.error(`${message} CI must install it (.ci/run does).`);
    process.exit(1);
  }
  console.log(`Skipped the browser tests: ${message}`);
  process.exit(0);
}
const run = spawnSync("npx", ["vitest", "run", "--config", "test/e2e/vitest.config.ts"], { stdio: "inherit" });
process.exit(run.status ?? 1);
