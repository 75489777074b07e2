import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ElectronApplication, Locator, Page } from "@playwright/test";
import { expect, test } from "../fixtures/ferry-app";
import { remote } from "../fixtures/quick-connect";
import { createTestCertificates, type TestCertificates } from "../../test-support/test-certificates";
import { jobRow, localPane, showView, TransferScenes } from "../fixtures/transfer-scene";

// Only the desktop app has the desktop's drag and dropped files' paths: these run in the Electron suite.
let certificates: TestCertificates;
const scenes = new TransferScenes();
test.beforeAll(async () => {
  certificates = await createTestCertificates();
});
test.afterAll(() => scenes.close());

type DragRecord = { dragged: string[][] };

/** Records what main hands to webContents.startDrag instead of starting an OS drag the test cannot finish. */
async function recordDrags(desktop: ElectronApplication): Promise<() => Promise<string[][]>> {
  await desktop.evaluate(({ BrowserWindow }) => {
    const record = globalThis as unknown as DragRecord;
    record.dragged = [];
    const contents = BrowserWindow.getAllWindows()[0]?.webContents;
    if (contents) contents.startDrag = (item) => void record.dragged.push(item.files ?? [item.file]);
  });
  return () => desktop.evaluate(() => (globalThis as unknown as DragRecord).dragged);
}

async function pressAndPull(app: Page, from: Locator) {
  const box = await from.boundingBox();
  if (!box) throw new Error("nothing to drag");
  await app.mouse.move(box.x + 20, box.y + box.height / 2);
  await app.mouse.down();
  await app.mouse.move(box.x + 120, box.y + 60, { steps: 6 });
}

function desktopOf(desktop: ElectronApplication | undefined): ElectronApplication {
  if (!desktop) throw new Error("the desktop specs run only in the Electron suite (npm run test:electron)");
  return desktop;
}

test("dragging local files out hands their paths to the desktop's drag", async ({ app, world, desktop }) => {
  const dragged = await recordDrags(desktopOf(desktop));
  const scene = await scenes.setUp(app, world.home, certificates);
  await writeFile(join(scene.localFolder, "invoice.pdf"), "pdf");
  await scene.openLocal();
  await pressAndPull(app, localPane(app).getByRole("row", { name: /invoice\.pdf/ }));
  await expect.poll(dragged).toEqual([[join(scene.localFolder, "invoice.pdf")]]);
  await app.mouse.up();
});

test("dragging a small server file out downloads it to a temporary copy first", async ({ app, world, desktop }) => {
  const dragged = await recordDrags(desktopOf(desktop));
  const scene = await scenes.setUp(app, world.home, certificates);
  const content = randomBytes(50_000);
  await writeFile(join(scene.serverRoot, "photo.jpg"), content);
  await scene.open();
  await pressAndPull(app, remote(app).getByRole("row", { name: /photo\.jpg/ }));
  await showView(app, "Done");
  await expect(jobRow(app, "photo.jpg")).toContainText("Done");
  await expect.poll(async () => (await dragged()).length).toBe(1);
  const [paths] = await dragged();
  expect(paths?.[0]).toMatch(/temporary/);
  expect((await readFile(paths?.[0] ?? "")).equals(content)).toBe(true);
  await app.mouse.up();
});

test("a file dropped from the desktop is uploaded from its path", async ({ app, world, desktop }) => {
  desktopOf(desktop);
  const scene = await scenes.setUp(app, world.home, certificates);
  const dropped = join(scene.localFolder, "from-desktop.txt");
  await writeFile(dropped, "dropped by path");
  await scene.open();
  // A file input hands out File objects backed by disk files, as a desktop drop does.
  await app.evaluate(() => {
    const input = document.createElement("input");
    input.type = "file";
    input.id = "desktop-files";
    document.body.append(input);
  });
  await app.setInputFiles("#desktop-files", dropped);
  await remote(app)
    .getByRole("grid")
    .evaluate((grid) => {
      const input = document.querySelector<HTMLInputElement>("#desktop-files");
      const data = new DataTransfer();
      for (const file of input?.files ?? []) data.items.add(file);
      const at = {
        bubbles: true,
        cancelable: true,
        dataTransfer: data,
        clientX: grid.getBoundingClientRect().left + 40,
        clientY: grid.getBoundingClientRect().bottom - 10,
      };
      grid.dispatchEvent(new DragEvent("dragover", at));
      grid.dispatchEvent(new DragEvent("drop", at));
    });
  await showView(app, "Done");
  await expect(jobRow(app, "from-desktop.txt")).toContainText("Done");
  expect(await readFile(join(scene.serverRoot, "from-desktop.txt"), "utf8")).toBe("dropped by path");
});
