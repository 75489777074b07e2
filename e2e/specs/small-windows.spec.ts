import type { Locator, Page } from "@playwright/test";
import { expect, test } from "../fixtures/ferry-app";
import { quickConnect, remote } from "../fixtures/quick-connect";
import { screenshots } from "../fixtures/screenshots";
import { localPane } from "../fixtures/transfer-scene";

/** How many rows of a pane's grid are in view below its header. */
const visibleRows = (grid: Locator) =>
  grid.evaluate((element) => {
    const header = element.querySelector<HTMLElement>(".grid-header");
    const row = element.querySelector<HTMLElement>(".grid-body [role=row]");
    if (!header || !row) return 0;
    return Math.floor((element.clientHeight - header.offsetHeight) / row.offsetHeight);
  });

/** Whether a part of the window needs scrolling sideways to show all it holds. */
const overflowsSideways = (part: Locator) => part.evaluate((element) => element.scrollWidth > element.clientWidth);

/** The rows the command bar's buttons lie in. */
const commandRows = (app: Page) =>
  app.getByRole("navigation", { name: "Commands" }).evaluate((bar) => {
    const tops = [...bar.querySelectorAll("button")].filter((button) => button.offsetParent !== null).map((button) => button.offsetTop);
    return new Set(tops).size;
  });

async function expectNothingSideways(app: Page, lastCommand: string) {
  await expect.poll(() => overflowsSideways(app.getByRole("navigation", { name: "Commands" }))).toBe(false);
  for (const part of [app.getByRole("banner"), app.getByRole("navigation", { name: "Session tabs" }), app.locator(".app")]) {
    expect(await overflowsSideways(part)).toBe(false);
  }
  // The last command is inside the window, not past its right edge.
  const last = await app.getByRole("button", { name: lastCommand }).boundingBox();
  const width = app.viewportSize()?.width ?? 0;
  expect(last).not.toBeNull();
  expect((last?.x ?? width) + (last?.width ?? 0)).toBeLessThanOrEqual(width);
}

test("at 900×600 the panes keep 8 rows with the log open, and at 200 % zoom nothing needs scrolling sideways", async ({
  app,
  world,
}, testInfo) => {
  await app.setViewportSize({ width: 900, height: 600 });
  await quickConnect(app, {
    port: world.ports.explicit,
    user: world.user,
    password: world.password,
    encryption: "Require explicit FTP over TLS",
  });
  await expect(remote(app).getByRole("grid")).toBeFocused();
  // Below 1 100 pixels the less frequent commands are in the command bar's "More" menu.
  await app.getByRole("button", { name: "More commands" }).click();
  await app.getByRole("group", { name: "More commands" }).getByRole("button", { name: "Session log" }).click();
  await expect(app.getByRole("region", { name: "Session log" })).toBeVisible();
  expect(await commandRows(app)).toBeLessThanOrEqual(2);

  for (const grid of [localPane(app).getByRole("grid"), remote(app).getByRole("grid")]) {
    expect(await visibleRows(grid)).toBeGreaterThanOrEqual(8);
  }
  await expectNothingSideways(app, "More commands");

  // 200 % zoom of a 1280×760 window lays out in 640×380 CSS pixels: the less frequent commands move into "More".
  await app.setViewportSize({ width: 640, height: 380 });
  await expectNothingSideways(app, "More commands");
  expect(await commandRows(app)).toBeLessThanOrEqual(2);
  await expect(app.getByRole("button", { name: /^Synchronize…/ })).toBeHidden();
  await app.getByRole("button", { name: "More commands" }).click();
  const more = app.getByRole("group", { name: "More commands" });
  await expect(more.getByRole("button", { name: "Trusted certificates" })).toBeVisible();
  await more.getByRole("button", { name: "Session log" }).click();
  await expect(more).toBeHidden();
  await expect(app.getByRole("region", { name: "Session log" })).toBeHidden();
  await app.keyboard.press("Control+Alt+s");
  await expect(app.getByRole("dialog", { name: "Synchronize" })).toBeVisible();
  await screenshots(app, testInfo, "narrow-synchronize");
  await app.keyboard.press("Escape");
  await app.getByRole("button", { name: "More commands" }).click();
  await more.getByRole("button", { name: "Session log" }).click();
  await expect(app.getByRole("region", { name: "Session log" })).toBeVisible();
  await app.getByRole("button", { name: "More commands" }).click();
  await expect(more.getByRole("button", { name: "Session log" })).toHaveAttribute("aria-pressed", "true");
  await screenshots(app, testInfo, "more-commands");
  await app.keyboard.press("Escape");

  await app.setViewportSize({ width: 1280, height: 760 });
  await expect(app.getByRole("button", { name: "More commands" })).toBeHidden();
  await expectNothingSideways(app, "Proxy…");
  expect(await commandRows(app)).toBeLessThanOrEqual(2);
  await screenshots(app, testInfo, "main-window");
});
