import { homeContents } from "../fixtures/e2e-environment";
import { expect, test } from "../fixtures/ferry-app";

test("the Local pane lists the home folder, folders first, and browses with the keyboard", async ({ app, world }) => {
  const local = app.getByRole("region", { name: "Local" });
  const grid = local.getByRole("grid");
  await expect(local.getByLabel("Local path")).toHaveText(world.home);
  const names = grid.getByRole("row").locator("[role=gridcell]:first-child");
  await expect(names).toHaveText(["..", ...[...homeContents.folders].sort(), ...Object.keys(homeContents.files)]);
  await expect(grid.getByRole("row", { name: /todo\.txt/ })).toContainText("9 B");

  await grid.focus();
  await app.keyboard.press("ArrowDown");
  await app.keyboard.press("ArrowDown");
  await expect(grid.getByRole("row", { selected: true })).toContainText("Projects");
  await app.keyboard.press("Enter");
  await expect(local.getByLabel("Local path")).toHaveText(`${world.home}/Projects`);
  await expect(grid.getByRole("row", { name: /site/ })).toBeVisible();

  await app.keyboard.press("Backspace");
  await expect(local.getByLabel("Local path")).toHaveText(world.home);
  // Back up, the cursor stays on the folder we came from.
  await expect(grid.getByRole("row", { selected: true })).toContainText("Projects");

  await grid.getByRole("row", { name: /Photos/ }).dblclick();
  await expect(local.getByLabel("Local path")).toHaveText(`${world.home}/Photos`);
});

test("Tab moves the focus between the panes", async ({ app }) => {
  const localGrid = app.getByRole("region", { name: "Local" }).getByRole("grid");
  const remoteGrid = app.getByRole("region", { name: "Remote" }).getByRole("grid");
  await localGrid.focus();
  await app.keyboard.press("Tab");
  await expect(remoteGrid).toBeFocused();
  await app.keyboard.press("Tab");
  await expect(localGrid).toBeFocused();
});
