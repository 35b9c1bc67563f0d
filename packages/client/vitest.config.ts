import { defineConfig } from "vitest/config";

/** Unit tests of the dashboard's pure utilities (no DOM needed). */
export default defineConfig({
  test: {
    name: "client",
    root: import.meta.dirname,
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
