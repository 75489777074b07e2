import { defineConfig } from "vitest/config";

/** `npm run test:interop`: the session suite against real servers from Debian (needs root). */
export default defineConfig({
  test: {
    include: ["e2e/interop/**/*.test.ts"],
    globalSetup: ["e2e/interop/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
