import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Locator, Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/accessibility";
import { expect, test } from "../fixtures/ferry-app";
import { remote } from "../fixtures/quick-connect";
import { screenshots } from "../fixtures/screenshots";
import { jobRow, localPane, showView, TransferScenes } from "../fixtures/transfer-scene";
import { createTestCertificates, type TestCertificates } from "../../test-support/test-certificates";
import { copyRowWithF5, copyWithF5 } from "../fixtures/copy-dialog";

let certificates: TestCertificates;
const scenes = new TransferScenes();

test.beforeAll(async () => {
  certificates = await createTestCertificates();
});
test.afterAll(() => scenes.close());

const fileExists = (app: Page) => app.getByRole("dialog", { name: "File exists" });

/** The three files exist on both sides; they are downloaded together, as one batch. */
async function downloadThreeThatExist(app: Page, home: string, names: string[]) {
  const scene = await scenes.setUp(app, home, certificates);
  for (const name of names) {
    await writeFile(join(scene.serverRoot, name), `the server's ${name}`);
    await writeFile(join(scene.localFolder, name), "mine");
  }
  await scene.open();
  await remote(app)
    .getByRole("grid")
    .getByRole("row", { name: new RegExp(names[0] ?? "") })
    .click();
  // Insert marks the file under the cursor and moves down, as in WinSCP.
  for (let i = 0; i < 3; i++) await app.keyboard.press("Insert");
  await copyWithF5(app);
  return scene;
}

/** The name of the file the dialog asks about (its target path ends in it). */
async function askedAbout(dialog: Locator): Promise<string> {
  const path = (await dialog.locator(".file-facts .mono").nth(1).textContent()) ?? "";
  return path.slice(path.lastIndexOf("/") + 1);
}

test("the file-exists dialog from the keyboard: Enter overwrites, Escape skips one file, Enter in the name field renames", async ({
  app,
  world,
}, testInfo) => {
  // An axe audit and four screenshots on a machine shared with other runs.
  test.slow();
  const scene = await downloadThreeThatExist(app, world.home, ["one.txt", "two.txt", "three.txt"]);
  const dialog = fileExists(app);
  await expect(dialog).toContainText("2 more in this batch.");
  await expect(dialog.getByRole("button", { name: "Overwrite", exact: true })).toBeFocused();
  await expect(dialog.getByRole("button", { name: "Overwrite if size differs", exact: true })).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Overwrite if size differs or newer" })).toBeVisible();
  await expectAccessible(app, { include: ".overwrite-dialog" });
  await screenshots(app, testInfo, "file-exists");

  const overwritten = await askedAbout(dialog);
  await app.keyboard.press("Enter");
  await expect(dialog).toContainText("1 more in this batch.");
  const skipped = await askedAbout(dialog);
  expect(skipped).not.toBe(overwritten);
  await app.keyboard.press("Escape");
  await expect(dialog).toContainText("No more in this batch.");
  const renamed = await askedAbout(dialog);
  const name = dialog.getByLabel("New name (for Rename)");
  await name.fill("from the server.txt");
  await name.press("Enter");

  await expect(dialog).toHaveCount(0);
  await showView(app, "Failed");
  await expect(jobRow(app, skipped)).toContainText("Skipped — the target exists.");
  await showView(app, "Done");
  await expect(jobRow(app, overwritten)).toContainText("Done");
  await expect(jobRow(app, "from the server.txt")).toContainText("Done");
  expect(await readFile(join(scene.localFolder, overwritten), "utf8")).toBe(`the server's ${overwritten}`);
  expect(await readFile(join(scene.localFolder, skipped), "utf8")).toBe("mine");
  expect(await readFile(join(scene.localFolder, renamed), "utf8")).toBe("mine");
  expect(await readFile(join(scene.localFolder, "from the server.txt"), "utf8")).toBe(`the server's ${renamed}`);
});

test("Cancel all cancels the rest of the batch and asks no more", async ({ app, world }) => {
  const names = ["a.txt", "b.txt", "c.txt"];
  const scene = await downloadThreeThatExist(app, world.home, names);
  await fileExists(app).getByRole("button", { name: "Cancel all" }).click();
  await showView(app, "Failed");
  for (const name of names) await expect(jobRow(app, name)).toContainText("Cancelled");
  await expect(fileExists(app)).toHaveCount(0);
  expect((await readdir(scene.localFolder)).sort()).toEqual(names);
  for (const name of names) expect(await readFile(join(scene.localFolder, name), "utf8")).toBe("mine");
});

test("a server folder where the uploaded file would go: only skip or rename, and Rename lands the file beside it", async ({
  app,
  world,
}, testInfo) => {
  // An axe audit and four screenshots on a machine shared with other runs.
  test.slow();
  const scene = await scenes.setUp(app, world.home, certificates);
  await mkdir(join(scene.serverRoot, "journal"));
  await writeFile(join(scene.serverRoot, "journal", "kept.txt"), "the server's");
  await writeFile(join(scene.localFolder, "journal"), "my journal");
  await scene.open();

  await copyRowWithF5(localPane(app), /journal/);
  const dialog = app.getByRole("dialog", { name: "A folder is in the way" });
  await expect(dialog).toContainText("Ferry never replaces a folder with a file");
  await expect(dialog.getByRole("button", { name: "Skip" })).toBeFocused();
  await expect(dialog.getByRole("button", { name: /Overwrite|Resume/ })).toHaveCount(0);
  await expect(dialog.getByLabel("New name (for Rename)")).toHaveValue("journal (1)");
  await expectAccessible(app, { include: ".overwrite-dialog" });
  await screenshots(app, testInfo, "folder-clash");

  await dialog.getByLabel("New name (for Rename)").fill("journal.txt");
  await dialog.getByRole("button", { name: "Rename" }).click();
  await showView(app, "Done");
  await expect(jobRow(app, "journal.txt")).toContainText("Done");
  expect((await readdir(scene.serverRoot)).sort()).toEqual(["journal", "journal.txt"]);
  expect(await readFile(join(scene.serverRoot, "journal.txt"), "utf8")).toBe("my journal");
  expect(await readdir(join(scene.serverRoot, "journal"))).toEqual(["kept.txt"]);
});
