import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{shared,main,renderer,app}/**/*.test.{ts,tsx}", "*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
