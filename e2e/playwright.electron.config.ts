import { defineConfig } from "@playwright/test";
import { sharedConfig } from "./playwright.shared";

/** The same specs as the web run, through Playwright's Electron launcher. */
export default defineConfig({
  ...sharedConfig,
  outputDir: "../test-results/electron",
  globalSetup: "./electron-global-setup.ts",
  timeout: 60_000,
  metadata: { target: "electron" },
});
