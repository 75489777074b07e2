import { readdir, readFile, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "../fixtures/ferry-app";
import { createTestCertificates, type TestCertificates } from "../../test-support/test-certificates";
import { screenshots } from "../fixtures/screenshots";
import { localPane, queue, TransferScenes } from "../fixtures/transfer-scene";
import { expectAccessible } from "../fixtures/accessibility";

let certificates: TestCertificates;
const scenes = new TransferScenes();

test.beforeAll(async () => {
  certificates = await createTestCertificates();
});
test.afterAll(() => scenes.close());

const day = 86_400_000;

async function write(path: string, text: string, modified: number): Promise<void> {
  await writeFile(path, text);
  await utimes(path, new Date(modified), new Date(modified));
}

test("Synchronize shows its checklist; Start does exactly the checked rows, and a second run has nothing to do", async ({
  app,
  world,
}, testInfo) => {
  // Two audits, eight screenshots, a synchronization and a second comparison.
  test.slow();
  const scene = await scenes.setUp(app, world.home, certificates);
  const now = Date.now();
  await write(join(scene.localFolder, "index.html"), "<h1>new</h1>", now - day);
  await write(join(scene.serverRoot, "index.html"), "<h1>old</h1>", now - 3 * day);
  await write(join(scene.localFolder, "new.css"), "h1{}", now - day);
  await write(join(scene.localFolder, "not-yet.txt"), "draft", now - day);
  await write(join(scene.serverRoot, "stray.log"), "old log", now - 3 * day);
  await write(join(scene.serverRoot, "same.txt"), "same", now - 2 * day);
  await write(join(scene.localFolder, "same.txt"), "same", now - 2 * day);
  await scene.open();

  await app.getByRole("button", { name: /^Synchronize…/ }).click();
  const dialog = app.getByRole("dialog", { name: "Synchronize" });
  await expect(dialog.getByLabel("Local folder")).toHaveValue(scene.localFolder);
  await expect(dialog.getByLabel("Server folder")).toHaveValue("/");
  await expect(dialog.getByRole("radio", { name: "Remote (this computer → server)" })).toBeChecked();
  const deletion = dialog.getByRole("checkbox", { name: "Delete files that are missing on the source" });
  await deletion.click();
  await expect(deletion).toBeChecked();
  await expectAccessible(app, { include: "dialog" });
  await screenshots(app, testInfo, "synchronize-dialog");
  await dialog.getByRole("button", { name: "Compare" }).click();

  const checklist = app.getByRole("dialog", { name: "Synchronization checklist" });
  const rows = checklist.getByRole("table", { name: "Actions" }).getByRole("row");
  await expect(rows).toHaveCount(5);
  await expect(rows.nth(1)).toContainText("Upload");
  await expect(rows.nth(1)).toContainText("index.html");
  await expect(rows.nth(1)).toContainText("newer");
  await expect(checklist.getByRole("checkbox", { name: "Delete on server stray.log" })).toBeChecked();
  await expect(checklist.getByRole("status")).toHaveText(/^4 actions of 4 checked \(Upload: 3, Delete on server: 1\)/);
  const notYet = checklist.getByRole("checkbox", { name: "Upload not-yet.txt" });
  await notYet.click();
  await expect(notYet).not.toBeChecked();
  await expect(checklist.getByRole("status")).toHaveText(/^3 actions of 4 checked \(Upload: 2, Delete on server: 1\)/);
  await expectAccessible(app, { include: "dialog" });
  await screenshots(app, testInfo, "synchronize-checklist");
  await checklist.getByRole("button", { name: "Start" }).click();
  await expect(checklist).toHaveCount(0);

  // The summary may still show an earlier spec's "Finished" for a moment: the server's folder tells.
  await expect
    .poll(async () => (await readdir(scene.serverRoot)).sort(), { timeout: 20_000 })
    .toEqual(["index.html", "new.css", "same.txt"]);
  await expect(queue(app).getByRole("status", { name: "Queue summary" })).toHaveText(/^Finished/, { timeout: 20_000 });
  expect(await readFile(join(scene.serverRoot, "index.html"), "utf8")).toBe("<h1>new</h1>");

  // The test server cannot set times, so the uploads are newer there now; the second run still has nothing to do.
  await app.getByRole("button", { name: /^Synchronize…/ }).click();
  // The dialog keeps the choices of the last comparison.
  await expect(dialog.getByRole("checkbox", { name: "Delete files that are missing on the source" })).toBeChecked();
  await dialog.getByRole("button", { name: "Compare" }).click();
  await expect(checklist.getByRole("table", { name: "Actions" }).getByRole("row")).toHaveCount(2);
  await expect(checklist.getByRole("checkbox", { name: "Upload not-yet.txt" })).toBeVisible();
  await checklist.getByRole("button", { name: "Cancel" }).click();

  // The web host is shared by the specs: the queue is left as this test found it.
  await queue(app).getByRole("button", { name: "Remove finished" }).click();
});

test("Synchronize with nothing to do says so, and without a server says what it needs", async ({ app, world }) => {
  // Once the local pane has its folder: its first listing, arriving later on a loaded machine, would replace the sentence.
  await expect(localPane(app).getByLabel("Local path")).toHaveText(world.home);
  await app.getByRole("button", { name: /^Synchronize…/ }).click();
  await expect(localPane(app).getByRole("alert")).toHaveText("Synchronize needs a folder in both panes: connect to a server first.");

  const scene = await scenes.setUp(app, world.home, certificates);
  await write(join(scene.localFolder, "a.txt"), "a", Date.now() - day);
  await write(join(scene.serverRoot, "a.txt"), "a", Date.now() - day);
  await scene.open();
  await app.keyboard.press("Control+Alt+S");
  await app.getByRole("dialog", { name: "Synchronize" }).getByRole("button", { name: "Compare" }).click();
  const notice = app.getByRole("region", { name: "Notices" }).getByRole("status").filter({ hasText: "Synchronize: nothing to do" });
  await expect(notice).toHaveText(/the folders are already in step/);
  await notice.getByRole("button", { name: "Dismiss" }).click();
});
