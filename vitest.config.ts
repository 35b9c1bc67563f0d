import { defineConfig } from "vitest/config";

// One runner for the whole workspace. Each test file opens its own database (in-memory PGlite,
// or a fresh database on the server in DATABASE_URL), so files run in parallel safely.
export default defineConfig({
  test: {
    include: [
      "packages/server/src/**/*.test.ts",
      "packages/server/test/**/*.test.ts",
      "prisma/seed/**/*.test.ts",
    ],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
