#!/usr/bin/env node
// The typed documents (gql.tada) read the API's schema from src/graphql-env.d.ts, generated from
// packages/server/schema.graphql. `node scripts/graphql-env.mjs` regenerates it; with `--check`
// (run by `typecheck`, so by `npm test`) it fails when the committed file is stale, instead of
// letting the type-check pass against an old schema.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const committed = join(root, "src/graphql-env.d.ts");
const check = process.argv.includes("--check");
const dir = mkdtempSync(join(tmpdir(), "graphql-env-"));
const output = check ? join(dir, "graphql-env.d.ts") : committed;

const bin = join(root, "node_modules/.bin", process.platform === "win32" ? "gql.tada.cmd" : "gql.tada");
const run = spawnSync(bin, ["generate-output", "--tsconfig", join(root, "tsconfig.json"), "--output", output], { cwd: root, encoding: "utf8" });
if (run.status !== 0) {
  process.stderr.write(run.stdout + run.stderr);
  process.exit(run.status ?? 1);
}
if (check) {
  let stale = true;
  try {
    stale = readFileSync(output, "utf8") !== readFileSync(committed, "utf8");
  } catch {
    // no committed file: stale
  }
  rmSync(dir, { recursive: true, force: true });
  if (stale) {
    console.error("packages/client/src/graphql-env.d.ts is stale: packages/server/schema.graphql changed.\nRun: pnpm --filter @controlroom/client graphql-env");
    process.exit(1);
  }
} else {
  rmSync(dir, { recursive: true, force: true });
  console.log("Wrote packages/client/src/graphql-env.d.ts");
}
