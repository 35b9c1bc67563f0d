import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gql, type ServerProcess } from "../helpers/processes.js";
import { type FaultFixture, faultsEnabled, prepareDatabase, RECORD, redisUrl, SKIP_REASON, signIn, startReplica } from "./harness.js";

/**
 * Issue 13, item 5: two replicas (`npm run replica`) on one PostgreSQL database and one Redis.
 * - §4.2.4 readings are kept: a replica killed with SIGKILL during ingest, while the clients retry
 *   every unanswered batch on the other replica with the same idempotency keys, loses no
 *   acknowledged reading and stores none twice.
 * - §5.3.2 one warning per breach: eight writers on one indicator across both replicas leave
 *   exactly one open alert for its rule (and one FIRED event).
 */
let fixture: FaultFixture;
const replicas: ServerProcess[] = [];
let token: string;

describe.skipIf(!faultsEnabled)(`replicas under faults (${SKIP_REASON})`, () => {
  beforeAll(async () => {
    fixture = await prepareDatabase("replicas");
    replicas.push(await startReplica(fixture.url, redisUrl!), await startReplica(fixture.url, redisUrl!));
    token = await signIn(replicas[0].port);
  }, 180_000);

  afterAll(async () => {
    for (const r of replicas) await r.stop();
    await fixture?.drop();
  });

  it("kill -9 of a replica during ingest, clients retrying on the other with the same keys: 0 acknowledged readings lost, 0 duplicates (§4.2.4)", async () => {
    const [victim, survivor] = replicas;
    const STREAMS = 4;
    const BATCHES = 30;
    const BATCH = 20;
    const KILL_AFTER = 10;
    const acknowledged = new Set<string>();
    let retried = 0;
    let answeredByVictim = 0;
    const send = (port: number, readings: unknown[]) => gql(port, RECORD, { r: readings }, token).catch(() => null);
    const stream = async (s: number) => {
      for (let b = 0; b < BATCHES; b++) {
        const readings = Array.from({ length: BATCH }, (_, i) => ({
          indicatorId: fixture.indicatorGid,
          value: 50,
          observedAt: new Date(Date.UTC(2026, 0, 1) + ((s * BATCHES + b) * BATCH + i) * 1000).toISOString(),
          key: `kill-${s}-${b}-${i}`,
        }));
        // The client's rule: send to the first replica; when it gives no answer, the same batch, same keys, to the other.
        let body = victim.child.exitCode === null && victim.child.signalCode === null ? await send(victim.port, readings) : null;
        if (body?.data) answeredByVictim++;
        else {
          retried++;
          body = await send(survivor.port, readings);
        }
        expect(body?.errors).toBeUndefined();
        const result = body!.data.recordReadings;
        expect(result.accepted + result.duplicates).toBe(BATCH);
        for (const r of readings) acknowledged.add(r.key);
        if (answeredByVictim === KILL_AFTER) victim.child.kill("SIGKILL");
      }
    };
    await Promise.all(Array.from({ length: STREAMS }, (_, s) => stream(s)));
    expect(victim.child.signalCode).toBe("SIGKILL");

    const client = new pg.Client({ connectionString: fixture.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ key: string }>(`SELECT key FROM reading WHERE indicator_id = $1 AND key LIKE 'kill-%'`, [fixture.indicatorId]);
      const stored = rows.map((r) => r.key);
      const lost = [...acknowledged].filter((k) => !stored.includes(k));
      const duplicates = stored.length - new Set(stored).size;
      console.log(
        `kill -9 during ingest: ${acknowledged.size} readings acknowledged (${answeredByVictim} batches by the killed replica, ${retried} retried on the other), ${stored.length} stored, ${lost.length} lost, ${duplicates} duplicates`,
      );
      expect(lost).toEqual([]);
      expect(duplicates).toBe(0);
      expect(stored.length).toBe(acknowledged.size);
    } finally {
      await client.end();
    }
  }, 180_000);

  it("8 writers on one indicator across two replicas: exactly one open alert for the rule, fired once (§5.3.2)", async () => {
    // The first test killed one replica; this one needs two.
    if (replicas[0].child.signalCode) replicas[0] = await startReplica(fixture.url, redisUrl!);
    const WRITERS = 8;
    const ROUNDS = 10;
    const start = Date.UTC(2026, 1, 1);
    const answers: unknown[] = [];
    await Promise.all(
      Array.from({ length: WRITERS }, async (_, w) => {
        for (let round = 0; round < ROUNDS; round++) {
          const readings = [
            { indicatorId: fixture.indicatorGid, value: 150 + w, observedAt: new Date(start + (round * WRITERS + w) * 1000).toISOString(), key: `race-${w}-${round}` },
          ];
          const body = await gql(replicas[w % 2].port, RECORD, { r: readings }, token);
          answers.push(body.errors ?? body.data.recordReadings.accepted);
        }
      }),
    );
    const client = new pg.Client({ connectionString: fixture.url });
    await client.connect();
    try {
      const open = await client.query(`SELECT id FROM alert WHERE rule_id = $1 AND resolved_at IS NULL`, [fixture.ruleId]);
      const fired = await client.query(`SELECT e.id FROM alert_event e JOIN alert a ON a.id = e.alert_id WHERE a.rule_id = $1 AND e.type = 'FIRED'`, [fixture.ruleId]);
      console.log(`8 writers across 2 replicas: ${answers.length} batches, ${open.rowCount} open alert(s) for the rule, ${fired.rowCount} FIRED event(s)`);
      expect(answers).toEqual(Array(WRITERS * ROUNDS).fill(1));
      expect(open.rowCount).toBe(1);
      expect(fired.rowCount).toBe(1);
    } finally {
      await client.end();
    }
  }, 180_000);
});
