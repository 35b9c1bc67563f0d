import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { REPO_ROOT } from "../../src/lib/paths.js";

/**
 * Child processes for the start-path tests: the scripts `npm start` runs (`pnpm db:deploy` is
 * `tsx scripts/db-deploy.ts`, `pnpm db:seed` is `tsx prisma/seed/index.ts`), the server, and a
 * process that keeps a CPU busy. Each has a deadline, so a test can fail but never hang.
 */

const TSX = join(REPO_ROOT, "node_modules", ".bin", "tsx");

/** The environment of a child on the embedded database in `dataDir`, or on `databaseUrl`. */
export function databaseEnv(where: { dataDir: string } | { databaseUrl: string }, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "warn", ...extra };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  if ("dataDir" in where) env.DATA_DIR = where.dataDir;
  else env.DATABASE_URL = where.databaseUrl;
  return env;
}

export interface ScriptResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The script had not ended by the deadline (it was then killed). */
  timedOut: boolean;
}

/** Runs a TypeScript file of the repository with tsx, as `pnpm <script>` does, to its end. */
export function runScript(file: string, env: NodeJS.ProcessEnv, timeoutMs = 300_000, args: string[] = []): Promise<ScriptResult> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [join(REPO_ROOT, file), ...args], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/**
 * A process that keeps one CPU busy until it is killed, or until its parent is gone: a test run
 * killed mid-way once left one spinning for good, slowing everything after it.
 */
export function busyCpu(): ChildProcess {
  const spin = `const parent = ${process.pid}; for (let i = 1; ; i++) if ((i & 0xffffff) === 0 && process.ppid !== parent) process.exit(0);`;
  return spawn(process.execPath, ["-e", spin], { stdio: "ignore" });
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A server process (`packages/server/src/index.ts`, as `npm start` runs it), up on `port`. */
export interface ServerProcess {
  port: number;
  child: ChildProcess;
  output(): string;
  /** SIGTERM (the server closes its database), then SIGKILL if it is still there after 20 s. */
  stop(): Promise<number | null>;
}

/**
 * The server as `npm start` runs it, but with tsx's loader in this very process (as `REPLICA`,
 * `npm run replica`, does) so that its pid is the server's: the `tsx` CLI runs the file in a child
 * of its own, so a SIGKILL sent to the CLI left that server running, orphaned, after the test.
 */
export const SERVER = [process.execPath, "--import", "tsx", join(REPO_ROOT, "packages/server/src/index.ts")];
export const REPLICA = [process.execPath, join(REPO_ROOT, "scripts/replica.mjs")];

/** Starts a server process and waits until `/health` answers (or fails after `timeoutMs`). */
export async function startServer(env: NodeJS.ProcessEnv, timeoutMs = 90_000, command = SERVER): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(command[0], command.slice(1), {
    cwd: REPO_ROOT,
    env: { CHECK_INTERVAL_MS: "0", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c));
  child.stderr!.on("data", (c: Buffer) => (output += c));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const server: ServerProcess = {
    port,
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before it was up:\n${output}`);
    const up = await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return server;
    await new Promise((r) => setTimeout(r, 250));
  }
  await server.stop();
  throw new Error(`the server did not answer /health within ${timeoutMs} ms:\n${output}`);
}

/** A GraphQL request to a server process. */
export async function gql<T = any>(port: number, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<{ data?: T; errors?: { message: string }[] }> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: T; errors?: { message: string }[] };
}
