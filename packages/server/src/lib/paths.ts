import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, whatever the working directory of the process that imports this. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");

/** `DATA_DIR` (default `./data`), resolved against the repository root when relative. */
export function dataDir(): string {
  const dir = process.env.DATA_DIR ?? "data";
  return isAbsolute(dir) ? dir : join(REPO_ROOT, dir);
}

export const MIGRATIONS_DIR = join(REPO_ROOT, "prisma", "migrations");
