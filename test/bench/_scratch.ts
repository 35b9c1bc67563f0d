import { performance } from "node:perf_hooks";
import { prepareDatabase, monotonicClock, countingPrisma } from "./harness.js";
import { recordReadings } from "../../packages/server/src/modules/monitoring/ingest.js";
const { db, indicators } = await prepareDatabase(1);
const clock = monotonicClock();
const c = countingPrisma(db.prisma);
const t: number[] = [];
for (let i = 0; i < 40; i++) {
  const t0 = performance.now();
  await recordReadings(c.client, { readings: [{ indicatorId: indicators[0].id, value: i % 2 ? 97 : 50, observedAt: clock() }] }, { audit: { actorId: null, tokenId: null, action: "x" } });
  t.push(performance.now() - t0);
}
console.log(t.map((x) => x.toFixed(1)).join(" "));
c.start();
const t0 = performance.now();
await recordReadings(c.client, { readings: [{ indicatorId: indicators[0].id, value: 97, observedAt: clock() }] });
console.log("one", performance.now() - t0, [...c.stop().entries()]);
const t1 = performance.now();
for (let i = 0; i < 20; i++) await db.prisma.$queryRaw`SELECT 1`;
console.log("select1", (performance.now() - t1) / 20);
const t2 = performance.now();
for (let i = 0; i < 20; i++) await db.prisma.$transaction(async (tx) => { await tx.$queryRaw`SELECT 1`; });
console.log("tx select1", (performance.now() - t2) / 20);
await db.close();
