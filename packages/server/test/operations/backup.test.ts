import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { DatabaseTarget } from "../../src/lib/adapter.js";
import { openDatabase } from "../../src/lib/db.js";
import { migrateTarget } from "../../src/lib/migrations.js";
import { databaseEnv, runScript } from "../helpers/processes.js";
import { createPostgresDatabase } from "../helpers/test-db.js";

/**
 * Issue 13, item 6: a tested backup. `npm run backup`, then the data changes (a row added, one
 * renamed, one deleted), then `npm run restore`: the database equals the backup point, row for
 * row. On the embedded database (PGlite's data-folder tarball), and with DATABASE_URL on
 * PostgreSQL (pg_dump / pg_restore). Also pins that a backup of an embedded database a server
 * holds open is refused, not copied mid-write.
 */
const postgresUrl = process.env.DATABASE_URL && /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL) ? process.env.DATABASE_URL : null;
const hasPgDump = spawnSync("pg_dump", ["--version"]).status === 0;
const work = mkdtempSync(join(tmpdir(), "cr-backup-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const snapshot = async (target: DatabaseTarget) => {
  const db = openDatabase(target);
  try {
    return {
      units: await db.prisma.orgUnit.findMany({ orderBy: { code: "asc" } }),
      migrations: (await db.prisma.$queryRaw<{ migration_name: string }[]>`SELECT migration_name FROM _prisma_migrations ORDER BY migration_name`).map((m) => m.migration_name),
    };
  } finally {
    await db.close();
  }
};

async function write(target: DatabaseTarget, change: (db: ReturnType<typeof openDatabase>) => Promise<unknown>) {
  const db = openDatabase(target);
  try {
    await change(db);
  } finally {
    await db.close();
  }
}

async function roundTrip(target: DatabaseTarget, env: NodeJS.ProcessEnv, file: string) {
  await migrateTarget(target);
  await write(target, (db) =>
    db.prisma.orgUnit.createMany({
      data: [
        { code: "BK-HO", name: "總管理處", nameEn: "Head office", kind: "HEAD_OFFICE" },
        { code: "BK-FIN", name: "財務部", nameEn: "Finance", kind: "DEPARTMENT" },
      ],
    }),
  );
  const atBackup = await snapshot(target);
  const saved = await runScript("scripts/backup.ts", env, 120_000, [file]);
  expect(saved.code, saved.stderr).toBe(0);
  expect(existsSync(file)).toBe(true);

  await write(target, async (db) => {
    await db.prisma.orgUnit.create({ data: { code: "BK-NEW", name: "新單位", nameEn: "New", kind: "DEPARTMENT" } });
    await db.prisma.orgUnit.update({ where: { code: "BK-HO" }, data: { name: "改名" } });
    await db.prisma.orgUnit.delete({ where: { code: "BK-FIN" } });
  });
  expect(await snapshot(target)).not.toEqual(atBackup);

  const restored = await runScript("scripts/restore.ts", env, 120_000, [file]);
  expect(restored.code, restored.stderr).toBe(0);
  expect(await snapshot(target)).toEqual(atBackup);
  return { saved, restored };
}

describe("npm run backup / npm run restore (issue 13, item 6)", () => {
  it("the embedded database: backup, change, restore → equal to the backup point; the replaced folder is kept aside", async () => {
    const dataDir = join(work, "data");
    const target: DatabaseTarget = { kind: "pglite", dir: join(dataDir, "pglite") };
    const { restored } = await roundTrip(target, databaseEnv({ dataDir }), join(work, "embedded.tar.gz"));
    expect(restored.stdout).toMatch(/The previous one is kept in .*pglite\.before-restore-/);
  }, 300_000);

  it("refuses to back up an embedded database a server holds open", async () => {
    const dataDir = join(work, "open");
    const target: DatabaseTarget = { kind: "pglite", dir: join(dataDir, "pglite") };
    await migrateTarget(target);
    const db = openDatabase(target);
    try {
      await db.prisma.$queryRaw`SELECT 1`;
      const run = await runScript("scripts/backup.ts", databaseEnv({ dataDir }), 120_000, [join(work, "open.tar.gz")]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/is open \(postmaster\.pid\): stop the server first/);
      expect(existsSync(join(work, "open.tar.gz"))).toBe(false);
    } finally {
      await db.close();
    }
  }, 300_000);

  it.skipIf(!postgresUrl || !hasPgDump)(
    "PostgreSQL (pg_dump / pg_restore): backup, change, restore → equal to the backup point (needs DATABASE_URL and pg_dump)",
    async () => {
      const fresh = await createPostgresDatabase(postgresUrl!);
      try {
        await roundTrip({ kind: "postgres", url: fresh.url }, databaseEnv({ databaseUrl: fresh.url }), join(work, "postgres.dump"));
      } finally {
        await fresh.drop();
      }
    },
    300_000,
  );

  it.skipIf(!postgresUrl || !hasPgDump)(
    "PostgreSQL: restore streams pg_restore into psql; a dump that breaks midway changes nothing (the schema is not dropped, nothing half-restored)",
    async () => {
      const fresh = await createPostgresDatabase(postgresUrl!);
      try {
        const target: DatabaseTarget = { kind: "postgres", url: fresh.url };
        const env = databaseEnv({ databaseUrl: fresh.url });
        const file = join(work, "broken.dump");
        await roundTrip(target, env, file);
        await write(target, (db) => db.prisma.orgUnit.create({ data: { code: "BK-AFTER", name: "之後", nameEn: "After", kind: "DEPARTMENT" } }));
        const before = await snapshot(target);
        // The table of contents and the first statements are there; the data stops short.
        const whole = readFileSync(file);
        writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.6)));
        const broken = await runScript("scripts/restore.ts", env, 120_000, [file]);
        expect(broken.code).toBe(1);
        expect(broken.stderr).toMatch(/pg_restore failed/);
        expect(await snapshot(target)).toEqual(before);
      } finally {
        await fresh.drop();
      }
    },
    300_000,
  );
});
