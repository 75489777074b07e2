import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures/ferry-app";
import { quickConnect, remote, status } from "../fixtures/quick-connect";

const siteManager = (app: Page) => app.getByRole("dialog", { name: "Site manager" });
const tree = (app: Page) => siteManager(app).getByRole("tree", { name: "Sites" });

async function openWithKeyboard(app: Page) {
  await app.getByRole("region", { name: "Local" }).getByRole("grid").focus();
  await app.keyboard.press("Control+s");
  await expect(siteManager(app)).toBeVisible();
}

test("a site in a folder: create it, connect from it, edit it, delete it", async ({ app, world }, testInfo) => {
  await openWithKeyboard(app);
  const dialog = siteManager(app);
  await dialog.getByRole("button", { name: "New folder" }).click();
  await dialog.getByLabel("Folder name").fill("Work");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(tree(app).getByRole("treeitem", { name: "Work" })).toHaveAttribute("aria-selected", "true");

  await dialog.getByRole("button", { name: "New site" }).click();
  const form = dialog.getByRole("form", { name: "New site" });
  await form.getByLabel("Name", { exact: true }).fill("Test server");
  await form.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  await form.getByLabel("Port", { exact: true }).fill(String(world.ports.explicit));
  await form.getByLabel("User", { exact: true }).fill(world.user);
  await expect(form.getByLabel(/Save the password/)).toBeChecked();
  await form.getByLabel("Password", { exact: true }).fill(world.password);
  await form.getByLabel("Remote folder to open").fill("/docs");
  await form.getByRole("button", { name: "Save" }).click();
  const site = tree(app).getByRole("treeitem", { name: /Test server/ });
  await expect(site).toHaveAttribute("aria-level", "2");
  await expect(dialog.getByRole("form", { name: "Site Test server" }).getByLabel("Password", { exact: true })).toHaveAttribute(
    "placeholder",
    "Saved — type to replace",
  );
  await app.screenshot({ path: testInfo.outputPath("site-manager.png") });
  const stored = await readFile(join(world.dataDir, "sites.json"), "utf8");
  expect(stored).toContain("Test server");
  expect(stored).not.toContain(world.password);

  await site.dblclick();
  await expect(siteManager(app)).toHaveCount(0);
  await expect(remote(app).getByLabel("Remote path")).toHaveText("/docs");
  await expect(status(app)).toContainText("Encrypted");

  await app.getByRole("button", { name: /Site manager/ }).click();
  await tree(app)
    .getByRole("treeitem", { name: /Test server/ })
    .click();
  const edit = dialog.getByRole("form", { name: "Site Test server" });
  await edit.getByLabel("Name", { exact: true }).fill("Renamed server");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(tree(app).getByRole("treeitem", { name: /Renamed server/ })).toBeVisible();

  await tree(app).focus();
  await app.keyboard.press("Delete");
  const confirm = dialog.getByRole("alertdialog");
  await expect(confirm).toContainText("Delete the site “Renamed server”?");
  await confirm.getByRole("button", { name: "Delete" }).click();
  await expect(tree(app).getByRole("treeitem", { name: /Renamed server/ })).toHaveCount(0);
  await expect(tree(app).getByRole("treeitem", { name: "Work" })).toBeVisible();
});

test("importing FileZilla's sites keeps their folders and says what was skipped", async ({ app }, testInfo) => {
  await openWithKeyboard(app);
  const dialog = siteManager(app);
  await dialog
    .locator('input[type="file"][accept=".xml,.ini,.json"]')
    .setInputFiles(join(import.meta.dirname, "../../main/sites/samples/sitemanager.xml"));
  await expect(dialog.getByRole("status")).toContainText(
    "Imported 4 sites. Skipped: Backups on S3 (S3 is not FTP or FTPS); Acme SSH (SFTP is not FTP or FTPS).",
  );
  await expect(tree(app).getByRole("treeitem", { name: "Imported from FileZilla" })).toBeVisible();
  await expect(tree(app).getByRole("treeitem", { name: "Old ones" })).toHaveAttribute("aria-level", "3");
  await tree(app)
    .getByRole("treeitem", { name: /Acme implicit/ })
    .click();
  const form = dialog.getByRole("form", { name: "Site Acme implicit" });
  await expect(form.getByLabel("Encryption")).toHaveValue("implicit");
  await expect(form.getByLabel("Port", { exact: true })).toHaveValue("990");
  await dialog.getByLabel("Search sites").fill("legacy");
  await expect(tree(app).getByRole("treeitem")).toHaveText([/Imported from FileZilla/, /Clients/, /Old ones/, /Legacy plain/]);
  await app.screenshot({ path: testInfo.outputPath("site-manager-import.png") });

  await dialog.getByLabel("Search sites").fill("");
  const mainSite = tree(app).getByRole("treeitem", { name: /Main site/ });
  await expect(mainSite).toHaveAttribute("aria-level", "2");
  await mainSite.dragTo(tree(app).getByRole("treeitem", { name: "Clients" }));
  await expect(tree(app).getByRole("treeitem", { name: /Main site/ })).toHaveAttribute("aria-level", "3");
});

test("a recent connection is saved as a site in one click", async ({ app, world }) => {
  await quickConnect(app, {
    port: world.ports.implicit,
    user: world.user,
    password: world.password,
    encryption: "Require implicit FTP over TLS",
  });
  await expect(status(app)).toContainText("Encrypted");
  await openWithKeyboard(app);
  const where = `${world.user}@127.0.0.1:${world.ports.implicit}`;
  await siteManager(app)
    .getByRole("region", { name: "Recent connections" })
    .getByRole("button", { name: `Save as site: ${where}` })
    .click();
  const form = siteManager(app).getByRole("form", { name: "Site 127.0.0.1" });
  await expect(form.getByLabel("Port", { exact: true })).toHaveValue(String(world.ports.implicit));
  await expect(form.getByLabel("Encryption")).toHaveValue("implicit");
  await expect(form.getByLabel(/Save the password/)).not.toBeChecked();
});
