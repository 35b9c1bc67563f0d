import { defineConfig } from "vitest/config";

/**
 * The dashboard's unit tests (pure utilities, in Node) and component tests (`*.test.tsx`, in
 * happy-dom with Testing Library: each such file says `@vitest-environment happy-dom`).
 */
export default defineConfig({
  test: {
    name: "client",
    root: import.meta.dirname,
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    environment: "node",
    setupFiles: ["src/testing/setup.ts"],
  },
});
