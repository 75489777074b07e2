import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "../fixtures/ferry-app";
import { expectAccessible } from "../fixtures/accessibility";
import { remote } from "../fixtures/quick-connect";
import { screenshots } from "../fixtures/screenshots";
import { localPane, queue, TransferScenes } from "../fixtures/transfer-scene";
import { createTestCertificates, type TestCertificates } from "../../test-support/test-certificates";

let certificates: TestCertificates;
const scenes = new TransferScenes();

test.beforeAll(async () => {
  certificates = await createTestCertificates();
});
test.afterAll(() => scenes.close());

const onServer = (path: string) => readFile(path, "utf8").catch(() => undefined);

test("Keep remote directory up to date (Ctrl+U) uploads a file saved on disk, says so in its log, and stops", async ({
  app,
  world,
}, testInfo) => {
  // An audit in two themes and four screenshots.
  test.slow();
  const scene = await scenes.setUp(app, world.home, certificates);
  await writeFile(join(scene.localFolder, "already.txt"), "there before");
  await scene.open();

  await localPane(app).getByRole("grid").focus();
  // The context menu has it too, with its key.
  await app.keyboard.press("Shift+F10");
  const menuItem = app
    .getByRole("menu", { name: "Local file actions" })
    .getByRole("menuitem", { name: /Keep remote directory up to date…/ });
  await expect(menuItem).toContainText("Ctrl+U");
  await app.keyboard.press("Escape");
  await app.keyboard.press("Control+u");
  const dialog = app.getByRole("dialog", { name: "Keep remote directory up to date" });
  await expect(dialog.getByLabel("Watch for changes in the local folder")).toHaveValue(scene.localFolder);
  await expect(dialog.getByLabel(/^Upload them to the server folder/)).toHaveValue("/");
  const initialSync = dialog.getByRole("checkbox", { name: /Synchronize on start/ });
  await initialSync.click();
  await expect(initialSync).toBeChecked();
  await dialog.getByLabel("File mask").fill("| *.tmp");
  await dialog.getByRole("button", { name: "Start" }).click();

  const status = dialog.getByRole("status");
  await expect(status).toHaveText(`Watching ${scene.localFolder} for changes to upload to /.`);
  const log = dialog.getByRole("list", { name: "Uploaded files" });
  // The initial synchronization sends what the server lacks.
  await expect(log).toContainText("Uploaded already.txt.");
  expect(await onServer(join(scene.serverRoot, "already.txt"))).toBe("there before");

  await writeFile(join(scene.localFolder, "draft.tmp"), "left out");
  await writeFile(join(scene.localFolder, "saved.html"), "<p>saved in an editor</p>");
  await expect
    .poll(() => onServer(join(scene.serverRoot, "saved.html")), { timeout: 3000, intervals: [50] })
    .toBe("<p>saved in an editor</p>");
  await expect(log).toContainText("Uploaded saved.html.");
  await expect(dialog.getByRole("checkbox", { name: /Delete files on the server/ })).toBeDisabled();
  await expectAccessible(app, { include: ".keep-dialog" });
  await screenshots(app, testInfo, "keep-up-to-date");

  await dialog.getByRole("button", { name: "Stop" }).click();
  await expect(status).toHaveText("Stopped, as you asked.");
  await writeFile(join(scene.localFolder, "after-stop.txt"), "stays here");
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toHaveCount(0);
  // The remote pane shows what went up; the masked file and the one saved after Stop did not.
  await remote(app).getByRole("grid").focus();
  await app.keyboard.press("Control+r");
  await expect(remote(app).getByRole("row", { name: /saved\.html/ })).toBeVisible();
  await expect(remote(app).getByRole("row", { name: /draft\.tmp/ })).toHaveCount(0);
  expect(await onServer(join(scene.serverRoot, "after-stop.txt"))).toBeUndefined();

  // The web host is shared by the specs: the queue is left as this test found it.
  await expect(queue(app).getByRole("status", { name: "Queue summary" })).toHaveText(/^Finished/);
  await queue(app).getByRole("button", { name: "Remove finished" }).click();
});
