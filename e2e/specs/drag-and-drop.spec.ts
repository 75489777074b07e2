import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "../fixtures/ferry-app";
import { remote } from "../fixtures/quick-connect";
import { createTestCertificates, type TestCertificates } from "../../test-support/test-certificates";
import { sha256, tree } from "../../test-support/test-helpers";
import { jobRow, localPane, queue, showView, TransferScenes } from "../fixtures/transfer-scene";

let certificates: TestCertificates;
const scenes = new TransferScenes();

test.beforeAll(async () => {
  certificates = await createTestCertificates();
});
test.afterAll(() => scenes.close());

const row = (pane: Locator, name: string) => pane.getByRole("row", { name: new RegExp(`^${name.replace(".", "\\.")}`) });
const badge = (app: Page) => app.getByRole("tooltip");

/** Drags with the mouse, as a user does: press on the source, move in steps, and (unless told not to) let go. */
async function drag(app: Page, from: Locator, to: Locator, options: { release?: boolean; position?: { x: number; y: number } } = {}) {
  const start = await from.boundingBox();
  const end = await to.boundingBox();
  if (!start || !end) throw new Error("drag source or target is not on screen");
  await app.mouse.move(start.x + 20, start.y + start.height / 2);
  await app.mouse.down();
  const x = end.x + (options.position?.x ?? 30);
  const y = end.y + (options.position?.y ?? end.height / 2);
  await app.mouse.move(x, y, { steps: 8 });
  // Chromium reports a drag's position one move late: one more nudge lands the last one.
  await app.mouse.move(x + 1, y);
  if (options.release !== false) await app.mouse.up();
}

/** Drops files onto an element the way the desktop does: a DataTransfer carrying File objects. */
async function dropFiles(target: Locator, files: { name: string; content: string }[], extra?: { text: string }) {
  await target.evaluate(
    (element, { files, extra }) => {
      const data = new DataTransfer();
      for (const file of files) data.items.add(new File([file.content], file.name, { type: "application/octet-stream" }));
      if (extra) data.setData("text/plain", extra.text);
      const rect = element.getBoundingClientRect();
      const at = { clientX: rect.left + 40, clientY: rect.bottom - 10, bubbles: true, cancelable: true, dataTransfer: data };
      element.dispatchEvent(new DragEvent("dragenter", at));
      element.dispatchEvent(new DragEvent("dragover", at));
      element.dispatchEvent(new DragEvent("drop", at));
    },
    { files, extra },
  );
}

test("dragging between panes uploads onto a folder row and downloads onto empty space", async ({ app, world }, testInfo) => {
  const scene = await scenes.setUp(app, world.home, certificates);
  await writeFile(join(scene.localFolder, "index.html"), "<h1>home</h1>");
  await writeFile(join(scene.localFolder, "style.css"), "body {}");
  await mkdir(join(scene.serverRoot, "www"));
  const report = randomBytes(120_000);
  await writeFile(join(scene.serverRoot, "report.pdf"), report);
  await scene.open();
  // Finished jobs are in the Done view.
  await showView(app, "Done");

  const local = localPane(app).getByRole("grid");
  const server = remote(app).getByRole("grid");
  // Two marked files travel together.
  await row(local, "index.html").click();
  await app.keyboard.press("Insert");
  await app.keyboard.press("Insert");
  await drag(app, row(local, "index.html"), row(server, "www"), { release: false });
  await expect(row(server, "www")).toHaveClass(/grid-row-drop/);
  await expect(badge(app)).toHaveText(/^Copy 2 items to www/);
  await app.screenshot({ path: testInfo.outputPath("drop-onto-folder-row.png") });
  await app.mouse.up();
  await expect(badge(app)).toHaveCount(0);
  await expect(jobRow(app, "style.css")).toContainText("Done");
  expect(await tree(join(scene.serverRoot, "www"))).toEqual({ "index.html": sha256("<h1>home</h1>"), "style.css": sha256("body {}") });

  // Onto the empty space below the rows: into the folder the local pane shows.
  await drag(app, row(server, "report.pdf"), local, { release: false, position: { x: 60, y: 200 } });
  await expect(local).toHaveClass(/grid-drop-target/);
  await expect(badge(app)).toHaveText(new RegExp(`^Copy 1 item to ${scene.localFolder.replace(/[/\\]/g, ".")}`));
  await app.screenshot({ path: testInfo.outputPath("drop-onto-pane.png") });
  await app.mouse.up();
  await expect(jobRow(app, "report.pdf")).toContainText("Done");
  expect((await readFile(join(scene.localFolder, "report.pdf"))).equals(report)).toBe(true);
  // A copy leaves the source where it was.
  expect(await readdir(scene.serverRoot)).toContain("report.pdf");
});

test("Shift at drop time moves instead of copying", async ({ app, world }) => {
  const scene = await scenes.setUp(app, world.home, certificates);
  await writeFile(join(scene.serverRoot, "old-log.txt"), "rotated");
  await scene.open();
  // Finished jobs are in the Done view.
  await showView(app, "Done");

  const server = remote(app).getByRole("grid");
  await drag(app, row(server, "old-log.txt"), localPane(app).getByRole("grid"), { release: false, position: { x: 60, y: 200 } });
  await expect(badge(app)).toContainText("Shift moves");
  await app.keyboard.down("Shift");
  await app.mouse.move(300, 300, { steps: 2 });
  await expect(badge(app)).toHaveText(/^Move 1 item to /);
  await app.mouse.up();
  await app.keyboard.up("Shift");
  await expect(jobRow(app, "old-log.txt")).toContainText("Done");
  expect(await readFile(join(scene.localFolder, "old-log.txt"), "utf8")).toBe("rotated");
  await expect.poll(() => readdir(scene.serverRoot)).toEqual([]);
  await expect(queue(app).getByRole("row", { name: /Download \(move\)/ })).toBeVisible();
});

test("dropping onto a folder row of the same pane moves there after a confirmation", async ({ app, world }) => {
  const scene = await scenes.setUp(app, world.home, certificates);
  await writeFile(join(scene.localFolder, "draft.md"), "words");
  await mkdir(join(scene.localFolder, "archive"));
  await scene.openLocal();

  const local = localPane(app).getByRole("grid");
  await drag(app, row(local, "draft.md"), row(local, "archive"), { release: false });
  await expect(badge(app)).toHaveText("Move 1 item into archive");
  await app.mouse.up();
  const ask = app.getByRole("dialog", { name: "Move" });
  await expect(ask).toContainText("Move “draft.md” into “archive”?");
  await ask.getByRole("button", { name: "Move" }).click();
  await expect(row(local, "draft.md")).toHaveCount(0);
  expect(await tree(scene.localFolder)).toEqual({ archive: "folder", "archive/draft.md": sha256("words") });

  // Cancel leaves everything where it was.
  await writeFile(join(scene.localFolder, "keep.md"), "stay");
  await app.keyboard.press("Control+r");
  await drag(app, row(local, "keep.md"), row(local, "archive"));
  await app.getByRole("dialog", { name: "Move" }).getByRole("button", { name: "Cancel" }).click();
  expect((await readdir(scene.localFolder)).sort()).toEqual(["archive", "keep.md"]);
});

test("files dropped from the desktop are uploaded from their contents, or copied into the local folder", async ({ app, world }) => {
  const scene = await scenes.setUp(app, world.home, certificates);
  await mkdir(join(scene.serverRoot, "incoming"));
  await scene.open();
  // Finished jobs are in the Done view.
  await showView(app, "Done");

  const server = remote(app).getByRole("grid");
  await dropFiles(row(server, "incoming"), [
    { name: "notes.txt", content: "from the desktop" },
    { name: "empty.txt", content: "" },
  ]);
  await expect(jobRow(app, "notes.txt")).toContainText("Done");
  await expect(jobRow(app, "empty.txt")).toContainText("Done");
  expect(await tree(join(scene.serverRoot, "incoming"))).toEqual({ "notes.txt": sha256("from the desktop"), "empty.txt": sha256("") });

  const local = localPane(app).getByRole("grid");
  const big = "x".repeat(2_500_000);
  await dropFiles(local, [{ name: "big.log", content: big }]);
  await expect(queue(app).getByRole("row", { name: /^Copy/ })).toContainText("Done");
  expect(await readFile(join(scene.localFolder, "big.log"), "utf8")).toBe(big);
  // The temporary copy the web host made of the dropped contents is gone once uploaded.
  await expect.poll(() => readdir(join(world.dataDir, "temporary")).catch(() => [])).toEqual([]);

  // Text is not a file: nothing happens and nothing is said.
  await dropFiles(server, [], { text: "just some words" });
  await expect(remote(app).getByRole("alert")).toHaveCount(0);
});

test("a drop onto the remote pane before connecting says why nothing happened", async ({ app, world }) => {
  const scene = await scenes.setUp(app, world.home, certificates);
  await writeFile(join(scene.localFolder, "page.html"), "<p>");
  await scene.openLocal();

  await drag(app, row(localPane(app).getByRole("grid"), "page.html"), remote(app).getByRole("grid"), {
    release: false,
    position: { x: 60, y: 120 },
  });
  await expect(badge(app)).toHaveText("Not connected: nothing can be dropped here");
  await app.mouse.up();
  await expect(remote(app).getByRole("alert")).toHaveText("Not connected: connect to a server, then drop the files again.");

  await dropFiles(remote(app).getByRole("grid"), [{ name: "a.txt", content: "a" }]);
  await expect(remote(app).getByRole("alert")).toHaveText("Not connected: connect to a server, then drop the files again.");
  await expect(queue(app).getByRole("row", { name: /a\.txt/ })).toHaveCount(0);
});

test("Escape cancels a drag: nothing is queued", async ({ app, world }) => {
  const scene = await scenes.setUp(app, world.home, certificates);
  await writeFile(join(scene.localFolder, "draft.txt"), "not yet");
  await writeFile(join(scene.localFolder, "final.txt"), "ready");
  await scene.open();
  // Finished jobs are in the Done view.
  await showView(app, "Done");
  await drag(app, row(localPane(app).getByRole("grid"), "draft.txt"), remote(app).getByRole("grid"), {
    release: false,
    position: { x: 60, y: 150 },
  });
  await expect(badge(app)).toBeVisible();
  await app.keyboard.press("Escape");
  await app.mouse.up();
  await expect(badge(app)).toHaveCount(0);
  // A drag that is not cancelled, to know the queue has had its chance with the first one.
  await drag(app, row(localPane(app).getByRole("grid"), "final.txt"), remote(app).getByRole("grid"), { position: { x: 60, y: 150 } });
  await expect(jobRow(app, "final.txt")).toContainText("Done");
  await expect(queue(app).getByRole("row", { name: /draft\.txt/ })).toHaveCount(0);
  expect(await readdir(scene.serverRoot)).toEqual(["final.txt"]);
});
