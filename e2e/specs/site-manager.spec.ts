import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/accessibility";
import { expect, test } from "../fixtures/ferry-app";
import { quickConnect, remote, status } from "../fixtures/quick-connect";
import { screenshots } from "../fixtures/screenshots";

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
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
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
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
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

test("a new site is in the tree at once, and unsaved changes are kept by the Save / Discard / Cancel question", async ({
  app,
  world,
}, testInfo) => {
  // Axe audits and four screenshots on a machine shared with other runs.
  test.slow();
  await openWithKeyboard(app);
  const dialog = siteManager(app);
  await expectAccessible(app, { include: ".site-manager" });
  await dialog.getByRole("button", { name: "New site" }).click();
  const draft = tree(app).getByRole("treeitem", { name: /New site/ });
  await expect(draft).toHaveAttribute("aria-selected", "true");
  await expect(draft).toContainText("not saved yet");
  const form = dialog.getByRole("form", { name: "New site" });
  await expect(form.getByLabel("Name", { exact: true })).toBeFocused();
  await app.keyboard.type("Kept site");
  await form.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  await form.getByLabel("Port", { exact: true }).fill(String(world.ports.explicit));
  await expect(tree(app).getByRole("treeitem", { name: /Kept site/ })).toBeVisible();
  await expect(form.getByRole("combobox", { name: "Encryption", exact: true })).toBeVisible();
  await expect(form.getByRole("combobox", { name: "Passive mode", exact: true })).toBeVisible();

  // Escape would close the dialog: it asks first, and Cancel keeps everything typed.
  await app.keyboard.press("Escape");
  const question = dialog.getByRole("alertdialog", { name: "Save the changes to “Kept site”?" });
  await expect(question.getByRole("button", { name: "Save" })).toBeFocused();
  await expectAccessible(app, { include: ".site-manager" });
  await screenshots(app, testInfo, "site-manager-unsaved");
  await question.getByRole("button", { name: "Cancel" }).click();
  await expect(question).toHaveCount(0);
  await expect(form.getByLabel("Host", { exact: true })).toHaveValue("127.0.0.1");

  // Choosing another item asks too; Save keeps the site and then goes there.
  await tree(app).getByRole("treeitem").filter({ hasNotText: "Kept site" }).first().click();
  await question.getByRole("button", { name: "Save" }).click();
  await expect(tree(app).getByRole("treeitem", { name: /Kept site/ })).not.toContainText("not saved yet");
  expect(await readFile(join(world.dataDir, "sites.json"), "utf8")).toContain("Kept site");

  // An edit of a saved site, then Cancel in the footer: Discard drops the edit, and the dialog closes.
  await tree(app)
    .getByRole("treeitem", { name: /Kept site/ })
    .click();
  await dialog.getByRole("form", { name: "Site Kept site" }).getByLabel("Host", { exact: true }).fill("127.0.0.2");
  await dialog.getByRole("button", { name: "Cancel", exact: true }).click();
  await question.getByRole("button", { name: "Discard" }).click();
  await expect(siteManager(app)).toHaveCount(0);
  await openWithKeyboard(app);
  await tree(app)
    .getByRole("treeitem", { name: /Kept site/ })
    .click();
  await expect(dialog.getByRole("form", { name: "Site Kept site" }).getByLabel("Host", { exact: true })).toHaveValue("127.0.0.1");

  // Saved and unchanged: closing asks nothing.
  await app.keyboard.press("Escape");
  await expect(siteManager(app)).toHaveCount(0);
});

test("a search that hides the site being edited keeps it and its unsaved changes", async ({ app }) => {
  await openWithKeyboard(app);
  const dialog = siteManager(app);
  for (const [name, host] of [
    ["Searched Alpha", "alpha.example"],
    ["Searched Beta", "beta.example"],
  ] as const) {
    await dialog.getByRole("button", { name: "New site" }).click();
    const form = dialog.getByRole("form", { name: "New site" });
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("Host", { exact: true }).fill(host);
    await dialog.getByRole("button", { name: "Save", exact: true }).click();
    await expect(tree(app).getByRole("treeitem", { name: new RegExp(name) })).not.toContainText("not saved yet");
  }
  await tree(app)
    .getByRole("treeitem", { name: /Searched Alpha/ })
    .click();
  const alpha = dialog.getByRole("form", { name: "Site Searched Alpha" });
  await alpha.getByLabel("Host", { exact: true }).fill("alpha.example.net");

  await dialog.getByLabel("Search sites").fill("beta");
  await expect(tree(app).getByRole("treeitem", { name: /Searched Beta/ })).toBeVisible();
  await expect(tree(app).getByRole("treeitem", { name: /Searched Alpha/ })).toHaveAttribute("aria-selected", "true");
  await expect(alpha.getByLabel("Host", { exact: true })).toHaveValue("alpha.example.net");
  await dialog.getByLabel("Search sites").fill("");
  await expect(alpha.getByLabel("Host", { exact: true })).toHaveValue("alpha.example.net");

  // Leaving it still asks, as for any unsaved change.
  await tree(app)
    .getByRole("treeitem", { name: /Searched Beta/ })
    .click();
  const question = dialog.getByRole("alertdialog", { name: "Save the changes to “Searched Alpha”?" });
  await question.getByRole("button", { name: "Save" }).click();
  await expect(tree(app).getByRole("treeitem", { name: /Searched Alpha/ })).toContainText("alpha.example.net");
});

test("Save, Connect and Cancel stay in sight in a 900×600 window", async ({ app }, testInfo) => {
  await app.setViewportSize({ width: 900, height: 600 });
  await openWithKeyboard(app);
  const dialog = siteManager(app);
  await dialog.getByRole("button", { name: "New site" }).click();
  await dialog.getByLabel("Notes", { exact: true }).scrollIntoViewIfNeeded();
  for (const name of ["Save", "Connect", "Cancel"]) await expect(dialog.getByRole("button", { name, exact: true })).toBeInViewport();
  await dialog.getByLabel("Name", { exact: true }).scrollIntoViewIfNeeded();
  for (const name of ["Save", "Connect", "Cancel"]) await expect(dialog.getByRole("button", { name, exact: true })).toBeInViewport();
  await app.setViewportSize({ width: 1280, height: 760 });
  await screenshots(app, testInfo, "site-manager-new-site");
});

test("Import… from the keyboard: a FileZilla password behind the master password is not imported, and the report says so per site", async ({
  app,
}, testInfo) => {
  // Axe audits and four screenshots on a machine shared with other runs.
  test.slow();
  await openWithKeyboard(app);
  const dialog = siteManager(app);
  await dialog.getByRole("button", { name: "New folder" }).focus();
  // Duplicate and Delete are disabled with nothing chosen: the next stop is Import….
  await app.keyboard.press("Tab");
  const importButton = dialog.getByRole("button", { name: "Import…" });
  await expect(importButton).toBeFocused();
  // Enter opens the file picker: the picker's input is clicked. (Headless Chromium opens a second picker in one browser
  // unreliably, so the click is caught, and the file is then given to the input.)
  const picker = dialog.locator('input[type="file"]');
  await picker.evaluate((input) =>
    input.addEventListener(
      "click",
      (event) => {
        event.preventDefault();
        input.setAttribute("data-opened", "yes");
      },
      { once: true },
    ),
  );
  await app.keyboard.press("Enter");
  await expect(picker).toHaveAttribute("data-opened", "yes");
  await picker.setInputFiles(join(import.meta.dirname, "../../main/sites/samples/sitemanager-master-password.xml"));

  const report = dialog.getByRole("status");
  await expect(report).toContainText("Imported 3 sites.");
  await expect(report.getByRole("listitem").filter({ hasText: "Vault" })).toHaveText(
    "Vault: password not imported: protected by FileZilla's master password.",
  );
  await expect(report.getByRole("listitem").filter({ hasText: "Mainframe" })).toContainText(
    "server type MVS not carried over: Ferry reads the listing format itself",
  );
  await expect(report.getByRole("listitem").filter({ hasText: "Plain and simple" })).toHaveCount(0);
  await expectAccessible(app, { include: ".site-manager" });
  await screenshots(app, testInfo, "site-manager-import-report");

  await tree(app).getByRole("treeitem", { name: /Vault/ }).first().click();
  const form = dialog.getByRole("form", { name: "Site Vault" });
  await expect(form.getByLabel(/Save the password/)).not.toBeChecked();
  await expect(form.getByLabel("Colour label")).toHaveValue("blue");
  await expectAccessible(app, { include: ".site-manager" });
});

test("a site keeps transfer settings of its own: permissions for uploads, checksums, modification times, permission errors, speed limits", async ({
  app,
  world,
}, testInfo) => {
  await openWithKeyboard(app);
  const dialog = siteManager(app);
  await dialog.getByRole("button", { name: "New site" }).click();
  const form = dialog.getByRole("form", { name: "New site" });
  await form.getByLabel("Name", { exact: true }).fill("Shop with its own permissions");
  await form.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  const files = form.getByLabel("Permissions of uploaded files");
  await files.fill("69");
  await expect(files).toHaveAttribute("aria-invalid", "true");
  await files.fill("640");
  await expect(files).toHaveAttribute("aria-invalid", "false");
  await form.getByLabel("Permissions of new folders").fill("750");
  await form.getByLabel("Verify checksums").selectOption("Off");
  await form.getByLabel("Ignore permission errors").selectOption("Off");
  const downloads = form.getByLabel("Download limit");
  await downloads.fill("300");
  // Only digits are taken: the limit stays as it was.
  await downloads.pressSequentially("k");
  await expect(downloads).toHaveValue("300");
  await form.getByLabel("Upload limit").fill("0");
  await expectAccessible(app, { include: ".site-manager" });
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  const saved = dialog.getByRole("form", { name: "Site Shop with its own permissions" });
  await expect(saved.getByLabel("Permissions of uploaded files")).toHaveValue("640");
  await saved.getByLabel("Upload limit").scrollIntoViewIfNeeded();
  await screenshots(app, testInfo, "site-transfer-settings");
  const stored = JSON.stringify(JSON.parse(await readFile(join(world.dataDir, "sites.json"), "utf8")));
  await expect(saved.getByLabel("Download limit")).toHaveValue("300");
  for (const setting of [
    '"uploadFileMode":"640"',
    '"uploadFolderMode":"750"',
    '"verifyChecksums":false',
    '"ignorePermissionErrors":false',
    '"downloadLimit":300',
    '"uploadLimit":0',
  ])
    expect(stored).toContain(setting);
  expect(stored).not.toContain("preserveTimestamps");

  // The saved site is the selected one: Delete in the tree removes it again.
  await tree(app).focus();
  await app.keyboard.press("Delete");
  await dialog.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(tree(app).getByRole("treeitem", { name: /Shop with its own permissions/ })).toHaveCount(0);
});

/** The saved site of this name, wherever it is in the sites file's folders. */
function savedSite(json: string, name: string): Record<string, unknown> | undefined {
  const search = (value: unknown): Record<string, unknown> | undefined => {
    if (Array.isArray(value)) return value.map(search).find(Boolean);
    if (typeof value !== "object" || value === null) return undefined;
    const record = value as Record<string, unknown>;
    return record["name"] === name && "host" in record ? record : Object.values(record).map(search).find(Boolean);
  };
  return search(JSON.parse(json));
}

test("a site keeps the server's time zone: Automatic unless chosen, kept when the site manager opens again", async ({
  app,
  world,
}, testInfo) => {
  await openWithKeyboard(app);
  const dialog = siteManager(app);
  await dialog.getByRole("button", { name: "New site" }).click();
  const form = dialog.getByRole("form", { name: "New site" });
  await form.getByLabel("Name", { exact: true }).fill("Server in Tokyo");
  await form.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  const zone = form.getByLabel("Server time zone");
  await expect(zone.locator("option:checked")).toHaveText("Automatic (detected from MDTM)");
  await zone.selectOption("UTC+09:00");
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await expect(dialog.getByRole("form", { name: "Site Server in Tokyo" })).toBeVisible();
  expect(JSON.stringify(JSON.parse(await readFile(join(world.dataDir, "sites.json"), "utf8")))).toContain('"serverTimeOffsetMinutes":540');

  await dialog.getByRole("button", { name: "Cancel", exact: true }).click();
  await expect(siteManager(app)).toHaveCount(0);
  await app.getByRole("button", { name: /Site manager/ }).click();
  await tree(app)
    .getByRole("treeitem", { name: /Server in Tokyo/ })
    .click();
  const saved = dialog.getByRole("form", { name: "Site Server in Tokyo" }).getByLabel("Server time zone");
  await expect(saved.locator("option:checked")).toHaveText("UTC+09:00");
  await dialog.getByText("For servers that list times in their own zone").scrollIntoViewIfNeeded();
  await expectAccessible(app, { include: ".site-manager" });
  await screenshots(app, testInfo, "site-server-time-zone");

  // Back to Automatic: the site no longer sets it.
  await saved.selectOption("Automatic (detected from MDTM)");
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  // Other specs' sites (an imported FileZilla site with a time zone) share the file: only this site is looked at.
  const savedZone = async () =>
    savedSite(await readFile(join(world.dataDir, "sites.json"), "utf8"), "Server in Tokyo")?.["serverTimeOffsetMinutes"];
  await expect.poll(savedZone).toBeUndefined();
  await tree(app).focus();
  await app.keyboard.press("Delete");
  await dialog.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(tree(app).getByRole("treeitem", { name: /Server in Tokyo/ })).toHaveCount(0);
});
