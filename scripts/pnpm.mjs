#!/usr/bin/env node
// Runs the pnpm pinned in package.json's packageManager on a machine that has only Node and npm.
// corepack's signature check fails offline-ish here, so npx fetches the exact pinned version.
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pin = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager;
const result = spawnSync("npx", ["--yes", pin, ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  shell: process.platform === "win32",
});
process.exit(result.status ?? 1);
