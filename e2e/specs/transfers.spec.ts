import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures/ferry-app";
import { remote } from "../fixtures/quick-connect";
import { createTestCertificates, type TestCertificates } from "../../test-support/test-certificates";
import { copyRowWithF5, copyWithF5 } from "../fixtures/copy-dialog";
import { screenshots } from "../fixtures/screenshots";
import { jobRow, localPane, queue, showView, TransferScenes } from "../fixtures/transfer-scene";
import { expectAccessible } from "../fixtures/accessibility";

let certificates: TestCertificates;
const scenes = new TransferScenes();

test.beforeAll(async () => {
  certificates = await createTestCertificates();
});
test.afterAll(() => scenes.close());

const setUp = (app: Page, home: string, bytesPerSecond?: number) => scenes.setUp(app, home, certificates, bytesPerSecond);

test("F5 uploads the marked files, and the queue shows them finishing", async ({ app, world }) => {
  const scene = await setUp(app, world.home);
  await writeFile(join(scene.localFolder, "a.txt"), "first");
  await writeFile(join(scene.localFolder, "b.txt"), "not this one");
  await writeFile(join(scene.localFolder, "c.bin"), randomBytes(200_000));
  await scene.open();

  const grid = localPane(app).getByRole("grid");
  await grid.focus();
  await app.keyboard.press("ArrowDown");
  await app.keyboard.press("Insert");
  await app.keyboard.press("ArrowDown");
  await app.keyboard.press("Insert");
  await expect(grid.getByRole("row", { selected: true })).toHaveCount(2);
  await copyWithF5(app);

  await showView(app, "Done");
  await expect(jobRow(app, "a.txt")).toContainText("Done");
  await expect(jobRow(app, "c.bin")).toContainText("Done");
  await expect(jobRow(app, "c.bin")).toContainText("200 KB");
  await expect(queue(app).getByRole("status", { name: "Queue summary" })).toHaveText(/^Finished: \d+ done/);
  await expect(remote(app).getByRole("row", { name: /c\.bin/ })).toBeVisible();
  expect((await readdir(scene.serverRoot)).sort()).toEqual(["a.txt", "c.bin"]);
  expect(await readFile(join(scene.serverRoot, "a.txt"), "utf8")).toBe("first");
});

test("a large download can be paused and resumed from the queue", async ({ app, world }, testInfo) => {
  const scene = await setUp(app, world.home, 1_000_000);
  const content = randomBytes(4_000_000);
  await writeFile(join(scene.serverRoot, "video.mp4"), content);
  await scene.open();

  await copyRowWithF5(remote(app), /video\.mp4/);
  const row = jobRow(app, "video.mp4");
  await expect(row).toContainText("Transferring");
  await expect(row).toContainText(/\/s/);
  await app.screenshot({ path: testInfo.outputPath("queue-mid-transfer.png") });

  await queue(app).getByRole("button", { name: "Pause all" }).click();
  await expect(row).toContainText("Paused");
  expect(await readdir(scene.localFolder)).toEqual(["video.mp4.filepart"]);
  await queue(app).getByRole("button", { name: "Resume all" }).click();
  await showView(app, "Done");
  await expect(row).toContainText("Done", { timeout: 20_000 });
  expect((await readFile(join(scene.localFolder, "video.mp4"))).equals(content)).toBe(true);
});

test("an existing target asks, and Rename keeps both", async ({ app, world }, testInfo) => {
  const scene = await setUp(app, world.home);
  await writeFile(join(scene.serverRoot, "report.txt"), "the server's report");
  await writeFile(join(scene.localFolder, "report.txt"), "mine");
  await scene.open();

  await copyRowWithF5(remote(app), /report\.txt/);
  const dialog = app.getByRole("dialog", { name: "File exists" });
  await expect(dialog).toContainText("19 B");
  await expect(dialog).toContainText("4 B");
  await expect(dialog.getByLabel("New name (for Rename)")).toHaveValue("report (1).txt");
  await app.screenshot({ path: testInfo.outputPath("overwrite-dialog.png") });
  await dialog.getByRole("button", { name: "Rename" }).click();
  await showView(app, "Done");
  await expect(jobRow(app, "report.txt")).toContainText("Done");
  expect((await readdir(scene.localFolder)).sort()).toEqual(["report (1).txt", "report.txt"]);
  expect(await readFile(join(scene.localFolder, "report.txt"), "utf8")).toBe("mine");
  expect(basename(scene.localFolder)).toMatch(/^transfers-/);
});

test("a local folder where the downloaded file would go asks only skip or rename, and Skip leaves the folder", async ({
  app,
  world,
}, testInfo) => {
  const scene = await setUp(app, world.home);
  await writeFile(join(scene.serverRoot, "ledger"), "the server's report");
  await mkdir(join(scene.localFolder, "ledger"));
  await writeFile(join(scene.localFolder, "ledger", "notes.txt"), "mine");
  await scene.open();

  await copyRowWithF5(remote(app), /ledger/);
  const dialog = app.getByRole("dialog", { name: "A folder is in the way" });
  await expect(dialog).toContainText("Ferry never replaces a folder with a file");
  await expect(dialog.getByRole("button", { name: "Resume" })).toHaveCount(0);
  await expect(dialog.getByRole("button", { name: "Overwrite" })).toHaveCount(0);
  await screenshots(app, testInfo, "folder-in-the-way");
  // A 1280×760 window at 200 % zoom lays out like 640×380.
  await app.setViewportSize({ width: 640, height: 380 });
  await app.screenshot({ path: testInfo.outputPath("folder-in-the-way-zoom-200.png") });
  await app.setViewportSize({ width: 1280, height: 760 });
  await dialog.getByRole("button", { name: "Skip" }).click();
  await showView(app, "Failed");
  await expect(jobRow(app, "ledger")).toContainText("a folder named ledger is in the way");
  expect(await readdir(scene.localFolder)).toEqual(["ledger"]);
  expect(await readFile(join(scene.localFolder, "ledger", "notes.txt"), "utf8")).toBe("mine");
});

test("closing a tab with a transfer still running asks first", async ({ app, world }) => {
  // The last spec of a long run, with an audit in both themes: a loaded CI machine once needed more than 30 s.
  test.slow();
  const scene = await setUp(app, world.home, 500_000);
  // Long enough (about 24 s) to be still running after the dialog's audit in both themes.
  await writeFile(join(scene.serverRoot, "slow.bin"), randomBytes(12_000_000));
  await scene.open();
  await copyRowWithF5(remote(app), /slow\.bin/);
  await expect(jobRow(app, "slow.bin")).toContainText("Transferring");

  await app.getByRole("button", { name: "Disconnect" }).click();
  const ask = app.getByRole("dialog", { name: "Close tab" });
  await expect(ask).toContainText("1 transfer to 127.0.0.1 is not finished");
  await expectAccessible(app, { include: "dialog" });
  await ask.getByRole("button", { name: "Keep the tab" }).click();
  await expect(app.getByRole("tablist", { name: "Sessions" }).getByRole("tab")).toHaveCount(1);
  await expect(jobRow(app, "slow.bin")).toContainText("Transferring");

  await app.getByRole("button", { name: "Disconnect" }).click();
  await ask.getByRole("button", { name: "Close and cancel transfers" }).click();
  await showView(app, "Failed");
  await expect(jobRow(app, "slow.bin")).toContainText("Cancelled");
  await expect(app.getByRole("tablist", { name: "Sessions" })).toHaveCount(0);
  expect(await readdir(scene.localFolder)).toEqual([]);
});
