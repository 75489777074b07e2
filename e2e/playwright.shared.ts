import type { PlaywrightTestConfig } from "@playwright/test";

/** What the web and the Electron runs of the specs have in common. */
export const sharedConfig: PlaywrightTestConfig = {
  testDir: "./specs",
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  reporter: [["list"]],
};
