import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { createTestDatabase } from "../helpers/test-db.js";
import type { Database } from "../../src/lib/db.js";
import { createWorld, createWarnCritIndicator } from "./fixtures.js";
import { recordReadings } from "../../src/modules/monitoring/ingest.js";

let db: Database;
beforeAll(async () => { db = await createTestDatabase(); });
afterAll(async () => { await db?.close(); });

describe("probe", () => {
  it("perf", async () => {
    const p = db.prisma;
    const w = await createWorld(p);
    const T0 = new Date(Date.now() - 5 * 3600_000);
    for (const mode of ["quiet", "flap", "quiet"]) {
      const inds = await Promise.all([0, 1, 2, 3].map(() => createWarnCritIndicator(p, w, 80, 95)));
      const readings = Array.from({ length: 10_000 }, (_, i) => ({
        indicatorId: inds[i % 4].indicator.id,
        value: mode === "flap" ? (i * 7) % 100 : (i % 50),
        observedAt: new Date(T0.getTime() + i * 1000),
        key: `bulk-${mode}-${i}`,
      }));
      const t = Date.now();
      const r = await recordReadings(p, { readings });
      console.log(mode, Date.now() - t, "ms", r.events.length, "events");
    }
    expect(1).toBe(1);
  });
});
