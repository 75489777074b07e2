import { defineConfig } from "@playwright/test";
import { sharedConfig } from "./playwright.shared";

/**
 * The same specs as the web run, through Playwright's Electron launcher, and the specs only
 * the desktop app can pass (dragging to and from the desktop).
 */
export default defineConfig({
  ...sharedConfig,
  testDir: ".",
  testMatch: ["specs/**/*.spec.ts", "desktop-specs/**/*.spec.ts"],
  outputDir: "../test-results/electron",
  globalSetup: "./electron-global-setup.ts",
  timeout: 60_000,
  metadata: { target: "electron" },
});
