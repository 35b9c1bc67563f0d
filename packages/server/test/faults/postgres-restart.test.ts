import { spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, gql, type ServerProcess } from "../helpers/processes.js";
import { type FaultFixture, faultsEnabled, fillDatabase, RECORD, redisUrl, SKIP_REASON, signIn, startReplica, until } from "./harness.js";

/**
 * Issue 13, item 5: PostgreSQL restarted under a running server. While it is down, writes (and
 * reads) fail with SERVICE_UNAVAILABLE and `extensions.retryable: true` (never
 * INTERNAL_SERVER_ERROR), `/health` answers 503; once it is back, the same server process answers
 * again by itself, `/health` says ok, and a write goes through. The test runs its OWN PostgreSQL
 * cluster (initdb into a temporary folder, on a free port, as the postgres user): the shared
 * server on 5432 is never stopped.
 */
const version = existsSync("/usr/lib/postgresql")
  ? readdirSync("/usr/lib/postgresql")
      .sort((a, b) => Number(a) - Number(b))
      .at(-1)
  : undefined;
const bin = version ? `/usr/lib/postgresql/${version}/bin` : null;
const me = userInfo().username;
const canRunCluster = !!bin && existsSync(join(bin, "initdb")) && (me === "root" || me === "postgres");
const reason = canRunCluster ? SKIP_REASON : "needs PostgreSQL's initdb and pg_ctl and to run as root or postgres (it starts its own cluster)";

let dir: string;
let port: number;
let fixture: FaultFixture;
let server: ServerProcess;

/** Runs a PostgreSQL program as the postgres user. */
function asPostgres(program: string, args: string[]) {
  const command = me === "root" ? ["runuser", ["-u", "postgres", "--", join(bin!, program), ...args]] : [join(bin!, program), args];
  const run = spawnSync(command[0] as string, command[1] as string[], { encoding: "utf8", timeout: 60_000 });
  if (run.status !== 0) throw new Error(`${program} ${args.join(" ")} failed: ${run.stdout}${run.stderr}`);
}

const startCluster = () =>
  asPostgres("pg_ctl", ["-D", join(dir, "data"), "-l", join(dir, "log"), "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, "-w", "start"]);
/** `-m immediate`: PostgreSQL stops as on a crash, every connection cut. */
const crashCluster = () => asPostgres("pg_ctl", ["-D", join(dir, "data"), "-m", "immediate", "-w", "stop"]);

const health = () =>
  fetch(`http://127.0.0.1:${server.port}/health`).then(
    async (r) => ({ status: r.status, body: (await r.json()) as { status: string } }),
    () => ({ status: 0, body: { status: "no answer" } }),
  );

describe.skipIf(!faultsEnabled || !canRunCluster)(`PostgreSQL restarted under a running server (${reason})`, () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "cr-pg-fault-"));
    if (me === "root") spawnSync("chown", ["postgres:postgres", dir]);
    else chownSync(dir, userInfo().uid, userInfo().gid);
    port = await freePort();
    asPostgres("initdb", ["-D", join(dir, "data"), "-A", "trust", "-U", "postgres", "--no-sync"]);
    startCluster();
    fixture = await fillDatabase(`postgresql://postgres@127.0.0.1:${port}/postgres`, "pg");
    server = await startReplica(fixture.url, redisUrl!);
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
    try {
      crashCluster();
    } catch {}
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("writes fail with SERVICE_UNAVAILABLE (retryable) while it is down, /health says 503, and the server recovers by itself", async () => {
    const token = await signIn(server.port);
    const write = (n: number) => gql(server.port, RECORD, { r: [{ indicatorId: fixture.indicatorGid, value: 50, key: `pg-${n}` }] }, token);
    expect((await write(0)).data?.recordReadings.accepted).toBe(1);
    expect(await health()).toEqual({ status: 200, body: expect.objectContaining({ status: "ok" }) });

    crashCluster();
    const down = await write(1);
    const read = await gql(server.port, `{ processes { totalCount } }`, {}, token);
    const during = await health();
    console.log(
      `PostgreSQL down: write → ${JSON.stringify(down.errors?.[0])}; read → ${JSON.stringify(read.errors?.[0])}; /health → ${during.status} ${JSON.stringify(during.body)}`,
    );
    for (const failed of [down, read]) {
      expect(failed.errors?.[0]).toMatchObject({ extensions: { code: "SERVICE_UNAVAILABLE", retryable: true } });
      expect(JSON.stringify(failed)).not.toMatch(/INTERNAL|ECONNREFUSED|127\.0\.0\.1|SELECT|INSERT/);
    }
    expect(during).toEqual({ status: 503, body: expect.objectContaining({ status: "unavailable" }) });

    startCluster();
    let after = await health();
    await until(async () => (after = await health()).status === 200, 60_000);
    expect(after).toEqual({ status: 200, body: expect.objectContaining({ status: "ok" }) });
    // The same process (never restarted) writes again: the retried reading is stored once.
    const again = await write(1);
    const twice = await write(1);
    console.log(
      `PostgreSQL back: /health → ${after.status}; the retried write → ${JSON.stringify(again.data ?? again.errors)}, once more → ${JSON.stringify(twice.data ?? twice.errors)}`,
    );
    expect(again.data?.recordReadings).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(twice.data?.recordReadings).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(server.child.exitCode).toBeNull();
  }, 180_000);
});
