import { defineConfig } from "@playwright/test";

/** The same specs as the web run, through Playwright's Electron launcher. */
export default defineConfig({
  testDir: "./specs",
  outputDir: "../test-results/electron",
  globalSetup: "./electron-global-setup.ts",
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  metadata: { target: "electron" },
});
