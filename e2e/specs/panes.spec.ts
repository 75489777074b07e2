import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Locator, Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/accessibility";
import { expect, test } from "../fixtures/ferry-app";
import { quickConnect, remote } from "../fixtures/quick-connect";
import { screenshots } from "../fixtures/screenshots";
import { jobRow, localPane, queue, showView, TransferScenes } from "../fixtures/transfer-scene";
import { startScriptedServer } from "../../test-support/scripted-ftp-server";
import { createTestCertificates, type TestCertificates } from "../../test-support/test-certificates";

let certificates: TestCertificates;
const scenes = new TransferScenes();
const folders: string[] = [];
test.beforeAll(async () => {
  certificates = await createTestCertificates();
});
test.afterAll(async () => {
  await scenes.close();
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

/** A local folder beside the test HOME (so other specs' listings stay as they expect), opened in the Local pane. */
async function openLocalFolder(app: Page, home: string, files: Record<string, number>, subfolders: string[] = []): Promise<string> {
  const folder = await mkdtemp(join(dirname(home), "panes-"));
  folders.push(folder);
  for (const [name, size] of Object.entries(files)) await writeFile(join(folder, name), "x".repeat(size));
  for (const name of subfolders) await mkdir(join(folder, name));
  const local = localPane(app);
  await expect(local.getByLabel("Local path")).toHaveText(home);
  await local.getByRole("grid").focus();
  await app.keyboard.press("Control+l");
  await app.keyboard.type(folder);
  await app.keyboard.press("Enter");
  await expect(local.getByLabel("Local path")).toHaveText(folder);
  return folder;
}

/** The queue outlives the test (it is main's, kept on disk): later specs find their own jobs in view. */
async function removeFinishedJobs(app: Page): Promise<void> {
  await expect(queue(app).getByRole("status", { name: "Queue summary" })).toHaveText(/^Finished: /);
  await queue(app).getByRole("button", { name: "Remove finished" }).click();
  await expect(queue(app).getByRole("row")).toHaveCount(1);
}

/** The left edge of each cell (or column header) of a row, in CSS pixels. */
const lefts = (row: Locator) =>
  row.evaluate((element) => [...element.children].map((cell) => Math.round(cell.getBoundingClientRect().left * 10) / 10));

test("columns line up in every row, whatever the name's length, and keep a size the user drags or keys", async ({ app }, testInfo) => {
  const long = `${"a-very-long-file-name-".repeat(14)}end.txt`;
  expect(long.length).toBeGreaterThanOrEqual(300);
  const server = await startScriptedServer(
    [
      `-rw-r--r-- 1 u g 67108864 Nov 23  2025 ${long}`,
      "-rw-r--r-- 1 u g 12 Nov 23  2025 short.txt",
      "drwxr-xr-x 1 u g 0 Nov 23  2025 folder",
      "",
    ].join("\r\n"),
  );
  try {
    await quickConnect(app, { port: server.port, user: "u", password: "p", encryption: "Plain FTP (insecure)" });
    const grid = remote(app).getByRole("grid");
    const header = grid.getByRole("row").first();
    const longRow = grid.getByRole("row", { name: new RegExp(long) });
    await expect(longRow).toBeVisible();
    const columnLefts = await lefts(header);
    for (const name of [long, "short.txt", "folder"])
      expect(await lefts(grid.getByRole("row", { name: new RegExp(name) }))).toEqual(columnLefts);
    // The long name is cut with an ellipsis, and whole on hover; the size is exact on hover.
    const nameCell = longRow.getByRole("gridcell").first();
    await expect(nameCell).toHaveAttribute("title", long);
    expect(await nameCell.evaluate((cell) => cell.scrollWidth > cell.clientWidth)).toBe(true);
    await expect(longRow.getByRole("gridcell").nth(1)).toHaveText("67 MB");
    await expect(longRow.getByRole("gridcell").nth(1)).toHaveAttribute("title", `${(67_108_864).toLocaleString("en-US")} bytes`);
    // Name, Size, Modified: the remote pane starts without Type, as WinSCP's does.
    await expect(longRow.getByRole("gridcell").nth(2)).toContainText("2025");

    // F2 turns the name into a field without moving any column.
    await longRow.click();
    await app.keyboard.press("F2");
    await expect(longRow.getByLabel("New name")).toBeFocused();
    expect(await lefts(longRow)).toEqual(columnLefts);
    await screenshots(app, testInfo, "columns-long-name");
    await app.keyboard.press("Escape");

    // Dragging the Size column's edge widens it; every row follows.
    const sizeHeader = remote(app).getByRole("columnheader", { name: "Size" });
    const before = (await sizeHeader.boundingBox())!;
    const edge = remote(app).getByRole("separator", { name: "Width of the Size column" });
    const grip = (await edge.boundingBox())!;
    await app.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
    await app.mouse.down();
    await app.mouse.move(grip.x + grip.width / 2 + 60, grip.y + grip.height / 2, { steps: 4 });
    await app.mouse.up();
    await expect.poll(async () => Math.round((await sizeHeader.boundingBox())!.width - before.width)).toBe(60);
    // And from the keyboard: Left narrows it by 10.
    await edge.focus();
    await app.keyboard.press("ArrowLeft");
    await expect.poll(async () => Math.round((await sizeHeader.boundingBox())!.width - before.width)).toBe(50);
    const resized = await lefts(header);
    expect(resized).not.toEqual(columnLefts);
    expect(await lefts(longRow)).toEqual(resized);

    // The width is remembered for this pane.
    await app.reload();
    await expect(app.getByRole("region", { name: "Local" }).getByRole("grid")).toBeVisible();
    await quickConnect(app, { port: server.port, user: "u", password: "p", encryption: "Plain FTP (insecure)" });
    await expect(grid.getByRole("row", { name: /short\.txt/ })).toBeVisible();
    await expect.poll(async () => Math.round((await sizeHeader.boundingBox())!.width - before.width)).toBe(50);
  } finally {
    await server.close();
  }
});

test("the path bar's menus open above the file list, inside the window, and close on Escape and outside clicks", async ({
  app,
}, testInfo) => {
  const local = localPane(app);
  const trigger = local.getByRole("button", { name: "Local bookmarks" });
  const menu = local.getByRole("group", { name: "Local bookmarks" });
  for (const size of [
    { width: 1280, height: 760 },
    { width: 640, height: 380 },
  ]) {
    await app.setViewportSize(size);
    await trigger.click();
    await expect(menu).toBeVisible();
    const box = (await menu.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(size.width);
    expect(box.y + box.height).toBeLessThanOrEqual(size.height);
    // Nothing covers it: what is under its middle is the menu itself.
    const onTop = await menu.evaluate((element) => {
      const rect = element.getBoundingClientRect();
      return element.contains(document.elementFromPoint(rect.left + rect.width / 2, rect.bottom - 8));
    });
    expect(onTop).toBe(true);
    await app.keyboard.press("Escape");
    await expect(menu).toBeHidden();
  }
  await app.setViewportSize({ width: 1280, height: 760 });

  await trigger.click();
  await app.screenshot({ path: testInfo.outputPath("bookmarks-menu.png") });
  await expectAccessible(app, { include: ".popover-menu:popover-open" });
  await menu.getByRole("button", { name: "Bookmark this folder" }).click();
  await expect(trigger).toHaveText("★");
  await app.mouse.click(640, 400);
  await expect(menu).toBeHidden();

  const columns = local.getByRole("group", { name: "Local columns" });
  await local.getByRole("button", { name: "Local columns" }).click();
  await expect(columns).toBeVisible();
  await expectAccessible(app, { include: ".popover-menu:popover-open" });
  await screenshots(app, testInfo, "columns-menu");
  await columns.getByLabel("Modified").uncheck();
  await expect(local.getByRole("columnheader", { name: "Modified" })).toHaveCount(0);
  await columns.getByLabel("Modified").check();
  await app.keyboard.press("Escape");
  await expect(columns).toBeHidden();
});

test("each pane's status line counts what the folder holds and what is marked; marks show by more than colour", async ({
  app,
  world,
}, testInfo) => {
  await openLocalFolder(app, world.home, { "a.txt": 10_000, "b.txt": 5_000, "c.txt": 3_000 }, ["d", "e"]);
  const local = localPane(app);
  const status = local.getByRole("status", { name: "Local summary" });
  await expect(status).toHaveText("3 files and 2 folders, 18 KB");
  const grid = local.getByRole("grid");
  await grid.getByRole("row", { name: /a\.txt/ }).click();
  await app.keyboard.press("Insert");
  await app.keyboard.press("ArrowDown");
  await app.keyboard.press("Insert");
  await expect(status).toHaveText("2 of 5 marked, 13 KB of 18 KB");
  const marked = grid.getByRole("row", { name: /a\.txt/ });
  const mark = (row: Locator) => row.locator(".name").evaluate((cell) => getComputedStyle(cell, "::before").content);
  expect(await mark(marked)).toContain("✓");
  expect(Number(await marked.evaluate((row) => getComputedStyle(row).fontWeight))).toBeGreaterThanOrEqual(600);
  expect(await mark(grid.getByRole("row", { name: /b\.txt/ }))).not.toContain("✓");
  // The panes only: the rest of the window is audited by the specs of its own parts.
  await expectAccessible(app, { include: "main.panes" });
  await screenshots(app, testInfo, "status-line");
});

test("the Local pane sees files made and deleted on disk, keeping the cursor and the marks", async ({ app, world }) => {
  const folder = await openLocalFolder(app, world.home, { "keep.txt": 4, "other.txt": 2 });
  const local = localPane(app);
  const grid = local.getByRole("grid");
  await grid.getByRole("row", { name: /other\.txt/ }).click();
  await app.keyboard.press("Space");
  await writeFile(join(folder, "made-on-disk.txt"), "hello");
  await expect(grid.getByRole("row", { name: /made-on-disk\.txt/ })).toBeVisible();
  await expect(local.getByRole("status", { name: "Local summary" })).toHaveText("1 of 3 marked, 2 B of 11 B");
  await rm(join(folder, "keep.txt"));
  await expect(grid.getByRole("row", { name: /keep\.txt/ })).toHaveCount(0);
  await expect(grid.getByRole("row", { selected: true })).toContainText("other.txt");
});

test("F5 asks where, with the other pane's folder filled in; Enter starts it, and “Don't ask again” copies at once", async ({
  app,
  world,
}, testInfo) => {
  const scene = await scenes.setUp(app, world.home, certificates);
  await writeFile(join(scene.localFolder, "one.txt"), "x".repeat(1_500));
  await writeFile(join(scene.localFolder, "two.txt"), "22");
  await mkdir(join(scene.serverRoot, "inbox"));
  await scene.open();
  const grid = localPane(app).getByRole("grid");
  await grid.getByRole("row", { name: /one\.txt/ }).click();
  await app.keyboard.press("F5");
  const dialog = app.getByRole("dialog", { name: "Copy" });
  await expect(dialog).toContainText("Copy “one.txt” (1 file, 1.5 KB) to the server folder");
  await expect(dialog.getByLabel("Target folder")).toHaveValue("/");
  await expect(dialog.getByRole("button", { name: "OK" })).toBeFocused();
  await screenshots(app, testInfo, "copy-dialog");
  await expectAccessible(app, { include: "dialog" });
  await dialog.getByLabel("Target folder").fill("/inbox");
  await app.keyboard.press("Enter");
  await expect(dialog).toHaveCount(0);
  await showView(app, "Done");
  await expect(jobRow(app, "one.txt")).toContainText("Done");
  // The test server may answer 226 a moment before its file is closed on disk.
  await expect.poll(() => readdir(join(scene.serverRoot, "inbox"))).toEqual(["one.txt"]);

  // F6 is the same dialog, named Move; Escape gives up.
  await grid.focus();
  await app.keyboard.press("F6");
  await expect(app.getByRole("dialog", { name: "Move" })).toBeVisible();
  await app.keyboard.press("Escape");
  await expect(app.getByRole("dialog", { name: "Move" })).toHaveCount(0);

  // "Don't ask again": the next F5 copies at once; Shift+F5 still asks.
  await app.keyboard.press("F5");
  await dialog.getByLabel(/Don’t ask again/).check();
  await dialog.getByRole("button", { name: "OK" }).click();
  await expect.poll(() => readdir(scene.serverRoot).then((names) => names.sort())).toEqual(["inbox", "one.txt"]);
  await grid.getByRole("row", { name: /two\.txt/ }).click();
  await app.keyboard.press("F5");
  await expect.poll(() => readdir(scene.serverRoot).then((names) => names.sort())).toEqual(["inbox", "one.txt", "two.txt"]);
  await expect(dialog).toHaveCount(0);
  await app.keyboard.press("Shift+F5");
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Cancel" }).click();
  // The reverse is in the pane's ⋮ menu.
  await localPane(app).getByRole("button", { name: "Local columns" }).click();
  await expect(localPane(app).getByLabel("Ask where before copying (F5, F6)")).not.toBeChecked();
  await app.keyboard.press("Escape");
  await removeFinishedJobs(app);
});

test("Enter or a double-click on a file copies it to the other pane's folder, and the Local pane shows it", async ({ app, world }) => {
  const scene = await scenes.setUp(app, world.home, certificates);
  await writeFile(join(scene.serverRoot, "report.pdf"), "the report");
  await writeFile(join(scene.serverRoot, "photo.jpg"), "a photo");
  await scene.open();
  const grid = remote(app).getByRole("grid");
  await grid.getByRole("row", { name: /report\.pdf/ }).click();
  await app.keyboard.press("Enter");
  await showView(app, "Done");
  await expect(jobRow(app, "report.pdf")).toContainText("Done");
  await expect(localPane(app).getByRole("row", { name: /report\.pdf/ })).toBeVisible();
  expect(await readFile(join(scene.localFolder, "report.pdf"), "utf8")).toBe("the report");
  await grid.getByRole("row", { name: /photo\.jpg/ }).dblclick();
  await expect(localPane(app).getByRole("row", { name: /photo\.jpg/ })).toBeVisible();
  // The pane can show the file before its job has finished (its time is set after): the summary would still be the last one's.
  await expect(jobRow(app, "photo.jpg")).toContainText("Done");
  await removeFinishedJobs(app);
});

test("Properties adds up a folder on Calculate, with the exact byte count", async ({ app, world }, testInfo) => {
  const folder = await openLocalFolder(app, world.home, { "loose.txt": 3 }, ["site"]);
  await mkdir(join(folder, "site", "img"));
  await writeFile(join(folder, "site", "index.html"), "x".repeat(1_200));
  await writeFile(join(folder, "site", "img", "logo.png"), "x".repeat(2_000));
  const grid = localPane(app).getByRole("grid");
  await grid.getByRole("row", { name: /site/ }).click();
  await app.keyboard.press("F9");
  const dialog = app.getByRole("dialog", { name: "Properties" });
  await expect(dialog).toContainText("Folders not counted yet");
  await dialog.getByRole("button", { name: "Calculate" }).click();
  await expect(dialog).toContainText(`3.2 KB (${(3_200).toLocaleString("en-US")} bytes) in 2 files and 2 folders`);
  await screenshots(app, testInfo, "properties-calculate");
  await expectAccessible(app, { include: "dialog" });
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toHaveCount(0);
});

test("the splitters between the panes and above the queue move by drag and by key, and stay after a reload", async ({ app }, testInfo) => {
  const local = localPane(app);
  const split = app.getByRole("separator", { name: "Width of the Local and Remote panes" });
  const queuePanel = app.getByRole("region", { name: "Transfer queue" });
  const half = (await local.boundingBox())!.width;
  await split.focus();
  for (let i = 0; i < 5; i++) await app.keyboard.press("ArrowRight");
  await expect(split).toHaveAttribute("aria-valuenow", "60");
  expect((await local.boundingBox())!.width).toBeGreaterThan(half + 50);

  const queueHeight = (await queuePanel.boundingBox())!.height;
  const bar = (await app.getByRole("separator", { name: "Height of the transfer queue" }).boundingBox())!;
  await app.mouse.move(bar.x + 100, bar.y + bar.height / 2);
  await app.mouse.down();
  await app.mouse.move(bar.x + 100, bar.y + bar.height / 2 - 80, { steps: 4 });
  await app.mouse.up();
  await expect.poll(async () => Math.round((await queuePanel.boundingBox())!.height - queueHeight)).toBe(80);
  await screenshots(app, testInfo, "splitters");

  await app.reload();
  await expect(split).toHaveAttribute("aria-valuenow", "60");
  await expect.poll(async () => Math.round((await queuePanel.boundingBox())!.height - queueHeight)).toBe(80);
});
