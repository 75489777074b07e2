import { mkdir, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "../fixtures/ferry-app";
import { remote } from "../fixtures/quick-connect";
import { createTestCertificates, type TestCertificates } from "../../test-support/test-certificates";
import { copyWithF5 } from "../fixtures/copy-dialog";
import { screenshots } from "../fixtures/screenshots";
import { localPane, queue, TransferScenes } from "../fixtures/transfer-scene";
import { expectAccessible } from "../fixtures/accessibility";

let certificates: TestCertificates;
const scenes = new TransferScenes();

test.beforeAll(async () => {
  certificates = await createTestCertificates();
});
test.afterAll(() => scenes.close());

const hour = 3_600_000;
const minuteOf = (ms: number) => ms - (ms % 60_000);
const marked = (pane: Locator) => pane.getByRole("grid").getByRole("row", { selected: true }).locator("[role=gridcell]:first-child");
const summary = (pane: Locator, title: string) => pane.getByRole("status", { name: `${title} summary` });

async function write(path: string, text: string, modified: number): Promise<void> {
  await writeFile(path, text);
  await utimes(path, new Date(modified), new Date(modified));
}

/** Answers "File exists" with Overwrite, as often as it is asked, until the pane shows `name`. */
async function overwriteUntil(app: Page, pane: Locator, name: string): Promise<void> {
  const dialog = app.getByRole("dialog", { name: "File exists" });
  await expect(async () => {
    if (await dialog.isVisible()) await dialog.getByRole("button", { name: "Overwrite", exact: true }).click();
    await expect(pane.getByRole("row", { name: new RegExp(name.replace(".", "\\.")) })).toBeVisible({ timeout: 500 });
    await expect(dialog).toHaveCount(0, { timeout: 500 });
  }).toPass({ timeout: 15_000 });
}

test("Compare directories marks what differs in both panes; F5 copies it and a second comparison finds nothing", async ({
  app,
  world,
}, testInfo) => {
  // Two audits, four screenshots and two rounds of copies.
  test.slow();
  const scene = await scenes.setUp(app, world.home, certificates);
  const now = Date.now();
  // LIST gives the server's times to the minute: a local time inside that minute is the same time.
  const same = minuteOf(now - 2 * hour) + 20_000;
  // The test server has no MFMT, so an upload takes the server's clock: the files to upload are dated at the
  // start of the next minute, which the upload's listed minute reaches (or holds) whichever minute it lands in.
  const uploadTime = minuteOf(now) + 60_000;
  await write(join(scene.localFolder, "same.txt"), "same", same);
  await write(join(scene.serverRoot, "same.txt"), "same", same);
  await write(join(scene.localFolder, "newer-here.txt"), "new here", uploadTime);
  await write(join(scene.serverRoot, "newer-here.txt"), "old", now - hour);
  await write(join(scene.localFolder, "newer-there.txt"), "old", now - 2 * hour);
  await write(join(scene.serverRoot, "newer-there.txt"), "new there", now - hour);
  await write(join(scene.localFolder, "only-here.txt"), "here", uploadTime);
  await write(join(scene.serverRoot, "only-there.txt"), "there", now - hour);
  await mkdir(join(scene.localFolder, "shared"));
  await mkdir(join(scene.serverRoot, "shared"));
  await mkdir(join(scene.serverRoot, "there-folder"));
  await write(join(scene.serverRoot, "there-folder", "inside.txt"), "inside", now - hour);
  await scene.open();

  const local = localPane(app);
  const server = remote(app);
  await expect(server.getByRole("row", { name: /there-folder/ })).toBeVisible();
  await local.getByRole("grid").focus();
  await app.keyboard.press("Control+Equal");
  await expect(marked(local)).toHaveText(["newer-here.txt", "only-here.txt"]);
  await expect(marked(server)).toHaveText(["there-folder", "newer-there.txt", "only-there.txt"]);
  await expect(summary(local, "Local")).toHaveText(/; 2 differ$/);
  await expect(summary(server, "Remote")).toHaveText(/; 3 differ$/);
  await expectAccessible(app);
  await screenshots(app, testInfo, "compare-marked");

  await copyWithF5(app);
  await overwriteUntil(app, server, "only-here.txt");
  // The panes show the copies (their sizes), not the files they replaced.
  await expect(server.getByRole("row", { name: /newer-here\.txt/ })).toContainText("8 B");
  await server.getByRole("grid").focus();
  await copyWithF5(app);
  await overwriteUntil(app, local, "only-there.txt");
  await expect(local.getByRole("row", { name: /newer-there\.txt/ })).toContainText("9 B");
  await expect(local.getByRole("row", { name: /there-folder/ })).toBeVisible();
  expect((await stat(join(scene.localFolder, "there-folder", "inside.txt"))).size).toBe(6);

  await app.keyboard.press("Control+Equal");
  // Nothing is marked any more: the status lines count the folders' contents, not marks.
  await expect(summary(local, "Local")).toHaveText("5 files and 2 folders, 30 B; none differ");
  await expect(summary(server, "Remote")).toHaveText("5 files and 2 folders, 30 B; none differ");
  // The web host is shared by the specs: the queue is left as this test found it.
  await expect(queue(app).getByRole("status", { name: "Queue summary" })).toHaveText(/^Finished/);
  await queue(app).getByRole("button", { name: "Remove finished" }).click();
});

test("compared by time, then size, files of the same time and another size differ in both panes", async ({ app, world }, testInfo) => {
  test.slow();
  const scene = await scenes.setUp(app, world.home, certificates);
  const when = minuteOf(Date.now() - hour);
  await write(join(scene.localFolder, "size.txt"), "short", when);
  await write(join(scene.serverRoot, "size.txt"), "a longer text", when);
  await scene.open();

  const local = localPane(app);
  const server = remote(app);
  await app.keyboard.press("Control+Equal");
  await expect(summary(local, "Local")).toHaveText(/; none differ$/);

  await local.getByRole("button", { name: "Local columns" }).click();
  const criteria = app.getByRole("combobox", { name: "Compare directories by" });
  await criteria.selectOption({ label: "Time, then size" });
  await expect(app.getByRole("spinbutton", { name: "Same time within (seconds)" })).toHaveValue("1");
  await expectAccessible(app, { include: ".popover-menu:popover-open" });
  await screenshots(app, testInfo, "compare-preferences");
  await app.keyboard.press("Escape");

  await local.getByRole("grid").focus();
  await app.keyboard.press("Control+Equal");
  await expect(marked(local)).toHaveText(["size.txt"]);
  await expect(marked(server)).toHaveText(["size.txt"]);
  await expect(summary(server, "Remote")).toHaveText(/; 1 differs$/);
  // The preference is the window's: the other specs compare by time.
  await local.getByRole("button", { name: "Local columns" }).click();
  await criteria.selectOption({ label: "Modification time" });
});

test("Compare directories without a server says so", async ({ app, world }) => {
  // Once the local pane has its folder: its first listing, arriving later on a loaded machine, would replace the sentence.
  await expect(localPane(app).getByLabel("Local path")).toHaveText(world.home);
  await app.getByRole("button", { name: /^Compare directories/ }).click();
  await expect(localPane(app).getByRole("alert")).toHaveText(
    "Compare directories needs a folder in both panes: connect to a server first.",
  );
});

test("with synchronized browsing on, the other pane follows, and a folder it lacks can be made or ends it", async ({
  app,
  world,
}, testInfo) => {
  const scene = await scenes.setUp(app, world.home, certificates);
  await mkdir(join(scene.localFolder, "docs"));
  await mkdir(join(scene.serverRoot, "docs"));
  await mkdir(join(scene.serverRoot, "img"));
  await mkdir(join(scene.serverRoot, "css"));
  await scene.open();

  const toggle = app.getByRole("button", { name: /^Synchronized browsing/ });
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  const localPath = localPane(app).getByLabel("Local path");
  const server = remote(app);

  await server.getByRole("row", { name: /docs/ }).dblclick();
  await expect(server.getByLabel("Remote path")).toHaveText("/docs");
  await expect(localPath).toHaveText(join(scene.localFolder, "docs"));
  await app.keyboard.press("Backspace");
  await expect(localPath).toHaveText(scene.localFolder);

  await server.getByRole("row", { name: /img/ }).dblclick();
  const question = app.getByRole("dialog", { name: "Synchronized browsing" });
  await expect(question).toContainText("There is no folder “img” on this computer");
  await expect(question.getByRole("button", { name: "Create folder" })).toBeFocused();
  await expectAccessible(app, { include: "dialog" });
  await screenshots(app, testInfo, "sync-browsing-question");
  await expect(question.getByRole("button", { name: "Create folder" })).toBeFocused();
  await app.keyboard.press("Enter");
  await expect(question).toBeHidden();
  // Made on disk, then listed: a loaded machine can take a while.
  await expect(localPath).toHaveText(join(scene.localFolder, "img"), { timeout: 15_000 });
  expect((await stat(join(scene.localFolder, "img"))).isDirectory()).toBe(true);

  await server.getByRole("grid").focus();
  await app.keyboard.press("Backspace");
  await expect(localPath).toHaveText(scene.localFolder);
  await server.getByRole("row", { name: /css/ }).dblclick();
  await question.getByRole("button", { name: "Turn off" }).click();
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await expect(server.getByRole("alert")).toHaveText("Synchronized browsing is off: there is no folder “css” on this computer.");
  await expect(localPath).toHaveText(scene.localFolder);
});
