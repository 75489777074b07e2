import { defineConfig } from "@playwright/test";
import web from "./playwright.web.config";

/** `npm run screenshots`: the README's pictures, taken from the web host in Debian's Chromium and written to docs/. */
export default defineConfig({
  ...web,
  testDir: "./readme-shots",
  testMatch: "*.shots.ts",
  outputDir: "../test-results/readme-shots",
  timeout: 120_000,
});
