import { defineConfig } from "@playwright/test";
import { sharedConfig } from "./playwright.shared";

/** The specs against the web host in Debian's Chromium; Playwright never downloads a browser. */
export default defineConfig({
  ...sharedConfig,
  outputDir: "../test-results/web",
  globalSetup: "./web-global-setup.ts",
  timeout: 30_000,
  metadata: { target: "web" },
  use: {
    viewport: { width: 1280, height: 760 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
});
