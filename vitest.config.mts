import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["{app,bench,cli,components,deploy,lib,scripts,simulator,test/support}/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          // Fast tests only: starting a process or opening a port throws (integration tests do that).
          setupFiles: ["test/support/unit-guard.ts"],
          testTimeout: 20_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["test/integration/**/*.int.test.ts"],
          exclude: ["node_modules/**"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // The integration suites start real processes on a 2-core machine: one file at a time.
          fileParallelism: false,
          // Every answer a test receives from a Top Coins web server is checked against /api/openapi.json.
          setupFiles: ["test/support/contract-fetch.ts"],
        },
      },
    ],
  },
});
