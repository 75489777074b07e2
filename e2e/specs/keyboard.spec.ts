import type { Locator, Page } from "@playwright/test";
import { expect, test } from "../fixtures/ferry-app";
import { quickConnect, remote } from "../fixtures/quick-connect";
import { localPane, queue } from "../fixtures/transfer-scene";

/**
 * The focused element named as a person would (its role and name, or its tag and label), and
 * whether it is the element that had the focus when this was last asked.
 */
const focusNow = (app: Page) =>
  app.evaluate(() => {
    const element = document.activeElement;
    const memory = window as unknown as { lastFocused?: Element | null };
    const same = element === memory.lastFocused;
    memory.lastFocused = element;
    if (!element || element === document.body) return { name: "(page)", same };
    const labelled =
      element instanceof HTMLInputElement || element instanceof HTMLSelectElement ? element.labels?.[0]?.textContent : undefined;
    const label = element.getAttribute("aria-label") ?? labelled ?? element.textContent ?? "";
    return { name: `${element.getAttribute("role") ?? element.tagName.toLowerCase()} "${label.trim().slice(0, 40)}"`, same };
  });

/**
 * Presses `key` until `target` has the focus, and returns where the focus went on the way.
 * Fails when the focus stays put (a trap) or does not get there within `limit` presses.
 */
async function walkTo(app: Page, key: string, target: Locator, limit = 60): Promise<string[]> {
  const path: string[] = [];
  await focusNow(app);
  for (let press = 0; press < limit; press++) {
    if (await target.evaluate((element) => element === document.activeElement)) return path;
    await app.keyboard.press(key);
    const { name, same } = await focusNow(app);
    if (same && name !== "(page)") throw new Error(`${key} keeps the focus on ${name}`);
    path.push(name);
  }
  throw new Error(`${key} did not reach the target in ${limit} presses: ${path.join(" → ")}`);
}

test("Tab walks into the panes and then goes from pane to pane; Shift+Tab walks back out to every control", async ({ app, world }) => {
  await quickConnect(app, {
    port: world.ports.explicit,
    user: world.user,
    password: world.password,
    encryption: "Require explicit FTP over TLS",
  });
  const remoteGrid = remote(app).getByRole("grid");
  const localGrid = localPane(app).getByRole("grid");
  await expect(remoteGrid).toBeFocused();
  const host = app.getByRole("form", { name: "Quick connect" }).getByLabel("Host");

  await host.focus();
  const forward = await walkTo(app, "Tab", localGrid);
  expect(forward).toEqual(expect.arrayContaining(['button "Site manager Ctrl+S"', `tab "${world.user}@127.0.0.1"`, 'button "New tab"']));

  // Commander: Tab goes to the other pane, both ways.
  await app.keyboard.press("Tab");
  await expect(remoteGrid).toBeFocused();
  await app.keyboard.press("Tab");
  await expect(localGrid).toBeFocused();

  // Shift+Tab leaves the panes and reaches every control on the way back to the top.
  const backward = await walkTo(app, "Shift+Tab", host);
  expect(backward).toEqual(expect.arrayContaining(['button "Trusted certificates"', `tab "${world.user}@127.0.0.1"`, 'button "Connect"']));
  await remoteGrid.focus();
  await walkTo(app, "Shift+Tab", host);
});

test("Alt+Q goes to the queue and Alt+L to the session log, and the focus walks on from both", async ({ app }) => {
  await expect(localPane(app).getByRole("grid")).toBeVisible();
  const host = app.getByRole("form", { name: "Quick connect" }).getByLabel("Host");
  await localPane(app).getByRole("grid").focus();

  await app.keyboard.press("Alt+Q");
  await expect(queue(app).locator(":focus")).toHaveCount(1);
  await walkTo(app, "Shift+Tab", host);
  await app.keyboard.press("Alt+Q");
  // Forward from the queue the focus comes round to the top of the window.
  await walkTo(app, "Tab", host);

  await localPane(app).getByRole("grid").focus();
  await app.keyboard.press("Alt+L");
  const log = app.getByRole("region", { name: "Session log" });
  await expect(log).toBeVisible();
  await expect(log.getByRole("list", { name: "Log lines" })).toBeFocused();
  await walkTo(app, "Shift+Tab", host);
});
