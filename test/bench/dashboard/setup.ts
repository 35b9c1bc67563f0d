/**
 * Helpers of the dashboard benchmark (test/bench/dashboard.ts): a production build of the
 * dashboard into a temporary directory, and the real server serving that build.
 *
 * The server is the e2e tests' (`startServer`), serving the fresh build in the temporary
 * directory: rebuilding packages/client/dist in place would pull it from under anyone running the
 * e2e tests at the same time.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { CLIENT_DIR, startServer, type RunningServer } from "../../e2e/support/server.js";

export interface Build {
  outDir: string;
  seconds: number;
  /** Every file under assets/, with raw and gzip bytes. */
  assets: { file: string; raw: number; gzip: number }[];
  /** The JS the HTML itself loads: the entry script and its modulepreloads. */
  htmlScripts: string[];
  remove(): void;
}

/** gzip (zlib default level 6) size of a file, as a server compressing on the fly would send it. */
export const gzipBytes = (path: string) => gzipSync(readFileSync(path)).length;

/** `vite build` with NODE_ENV=production into a new temporary directory. */
export function buildClient(): Build {
  const outDir = mkdtempSync(join(tmpdir(), "cr-bench-dist-"));
  const vite = join(CLIENT_DIR, "node_modules/vite/bin/vite.js");
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [vite, "build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"], {
    cwd: CLIENT_DIR,
    stdio: "inherit",
    timeout: 600_000,
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (r.status !== 0) throw new Error(`vite build failed (${r.status ?? r.signal})`);
  const assetsDir = join(outDir, "assets");
  const assets = readdirSync(assetsDir)
    .filter((f) => statSync(join(assetsDir, f)).isFile())
    .map((f) => ({ file: `assets/${f}`, raw: statSync(join(assetsDir, f)).size, gzip: gzipBytes(join(assetsDir, f)) }))
    .sort((a, b) => b.gzip - a.gzip);
  const html = readFileSync(join(outDir, "index.html"), "utf8");
  const htmlScripts = [...html.matchAll(/<(?:script|link)\b[^>]*(?:src|href)="\/?([^"]+\.js)"/g)].map((m) => m[1]);
  return { outDir, seconds: (Date.now() - t0) / 1000, assets, htmlScripts, remove: () => rmSync(outDir, { recursive: true, force: true }) };
}

export type BenchServer = RunningServer;

/** The real server on a free port with a seeded database, serving `clientDir` (the e2e tests' server). */
export function startBenchServer(clientDir: string, options: { readingsDays?: number } = {}): Promise<BenchServer> {
  return startServer({ ...options, clientDir });
}
