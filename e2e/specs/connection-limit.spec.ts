import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/accessibility";
import { expect, test } from "../fixtures/ferry-app";
import { remote, status } from "../fixtures/quick-connect";
import { screenshots } from "../fixtures/screenshots";

const siteManager = (app: Page) => app.getByRole("dialog", { name: "Site manager" });
const tree = (app: Page) => siteManager(app).getByRole("tree", { name: "Sites" });

/** The saved site of this name in sites.json: other specs' sites (imported ones with limits of their own) share the file. */
async function savedLimit(dataDir: string, name: string): Promise<unknown> {
  const search = (value: unknown): Record<string, unknown> | undefined => {
    if (typeof value !== "object" || value === null) return undefined;
    const record = value as Record<string, unknown>;
    return record["name"] === name && "host" in record ? record : Object.values(record).map(search).find(Boolean);
  };
  return search(JSON.parse(await readFile(join(dataDir, "sites.json"), "utf8")))?.["maxConnections"];
}

test("a site keeps its connection limit, none unless set, and connects and browses with a limit of 1", async ({ app, world }, testInfo) => {
  // The accessibility audit of the whole form takes a while on a loaded machine.
  test.slow();
  await app.getByRole("button", { name: /Site manager/ }).click();
  const dialog = siteManager(app);
  await dialog.getByRole("button", { name: "New site" }).click();
  const form = dialog.getByRole("form", { name: "New site" });
  await form.getByLabel("Name", { exact: true }).fill("Shared host");
  await form.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  await form.getByLabel("Port", { exact: true }).fill(String(world.ports.explicit));
  await form.getByLabel("User", { exact: true }).fill(world.user);
  await form.getByLabel("Password", { exact: true }).fill(world.password);
  const limit = form.getByLabel("Connections at most");
  await expect(limit).toHaveValue("");
  await expect(limit).toHaveAttribute("placeholder", "no limit");
  await limit.fill("1");
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  const saved = dialog.getByRole("form", { name: "Site Shared host" });
  await expect(saved).toBeVisible();
  await expect.poll(() => savedLimit(world.dataDir, "Shared host")).toBe(1);

  await dialog.getByRole("button", { name: "Cancel", exact: true }).click();
  await app.getByRole("button", { name: /Site manager/ }).click();
  await tree(app)
    .getByRole("treeitem", { name: /Shared host/ })
    .click();
  await expect(saved.getByLabel("Connections at most")).toHaveValue("1");
  await saved.getByLabel("Connections at most").scrollIntoViewIfNeeded();
  await expectAccessible(app, { include: ".site-manager" });
  await screenshots(app, testInfo, "site-connection-limit");

  // One connection for everything: browsing works on it.
  await tree(app)
    .getByRole("treeitem", { name: /Shared host/ })
    .dblclick();
  await expect(siteManager(app)).toHaveCount(0);
  await expect(status(app)).toContainText("Encrypted");
  await expect(remote(app).getByRole("row", { name: /docs/ })).toBeVisible();

  // The limit goes again when the field is emptied.
  await app.getByRole("button", { name: /Site manager/ }).click();
  await tree(app)
    .getByRole("treeitem", { name: /Shared host/ })
    .click();
  await saved.getByLabel("Connections at most").fill("");
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await expect.poll(() => savedLimit(world.dataDir, "Shared host")).toBeUndefined();
  await tree(app).focus();
  await app.keyboard.press("Delete");
  await dialog.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(tree(app).getByRole("treeitem", { name: /Shared host/ })).toHaveCount(0);
});
