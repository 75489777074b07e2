import { mkdir, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { hostOn } from "../fixtures/own-host";
import { screenshots } from "../fixtures/screenshots";

async function damagedData(dataDir: string): Promise<void> {
  await mkdir(join(dataDir, "transfer-queue.json"), { recursive: true });
  await writeFile(join(dataDir, "transfer-queue.json", "mine.txt"), "a folder where the queue file should be");
  await writeFile(join(dataDir, "bookmarks.json"), "{ broken");
  await writeFile(join(dataDir, "preferences.json"), JSON.stringify({ parallel: "many" }));
}

test("damaged data files are kept aside and reported in a bar the user can dismiss; the host lives on", async ({ browser }, testInfo) => {
  const { host, url, dataDir } = await hostOn(damagedData);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    await page.goto(url);
    const notices = page.getByRole("region", { name: "Notices" }).getByRole("status");
    await expect(notices).toHaveCount(3);
    await expect(
      notices.filter({ hasText: "Your transfer queue could not be read (a folder is in its place), so the queue starts empty." }),
    ).toContainText(`The file was kept as ${join(dataDir, "transfer-queue.json.corrupt-")}`);
    await expect(
      notices.filter({ hasText: "Your bookmarks could not be read (it is not valid JSON), so Ferry started with no bookmarks." }),
    ).toContainText(`The file was kept as ${join(dataDir, "bookmarks.json.corrupt-")}`);
    await expect(notices.filter({ hasText: "Your preferences could not be read" })).toContainText("Ferry uses the default preferences");
    // The host still serves: the local pane lists the home folder.
    await expect(page.getByRole("grid").first()).toBeVisible();
    expect((await readdir(dataDir)).filter((name) => name.includes(".corrupt-")).length).toBeGreaterThanOrEqual(3);

    await screenshots(page, testInfo, "notices");
    // 200 % zoom of a 900×600 window: half the CSS pixels, each drawn twice as large.
    const zoomed = await browser.newPage({ viewport: { width: 450, height: 300 }, deviceScaleFactor: 2 });
    await zoomed.goto(url);
    await expect(zoomed.getByRole("region", { name: "Notices" }).getByRole("status")).toHaveCount(3);
    await zoomed.screenshot({ path: testInfo.outputPath("notices-zoom-200.png") });
    await zoomed.close();

    await notices.filter({ hasText: "Your bookmarks" }).getByRole("button", { name: "Dismiss" }).click();
    await notices.filter({ hasText: "Your transfer queue" }).getByRole("button", { name: "Dismiss" }).click();
    await expect(notices).toHaveCount(1);
    await page.reload();
    await expect(notices).toHaveCount(1);
    await expect(notices).toContainText("Your preferences could not be read");
    await page.close();
  } finally {
    host.kill("SIGTERM");
  }
});

test("a site whose saved password can no longer be read is marked in the Site Manager, and its password is asked again", async ({
  browser,
}, testInfo) => {
  const { host, url } = await hostOn(async (dataDir) => {
    const site = (name: string, extra: object) => ({
      id: name.toLowerCase(),
      name,
      host: "127.0.0.1",
      encryption: "explicit-required",
      user: "web",
      ...extra,
    });
    // Sealed with a key this data folder does not have.
    const sites = [site("Lost key", { secret: "c2VhbGVkIGVsc2V3aGVyZQ" }), site("Fine", {})];
    await writeFile(join(dataDir, "sites.json"), JSON.stringify({ version: 2, folders: [], sites }));
  });
  try {
    const open = async (page: Page) => {
      await page.goto(url);
      await page.getByRole("button", { name: /Site manager/ }).click();
      const dialog = page.getByRole("dialog", { name: "Site manager" });
      await expect(dialog.getByRole("treeitem", { name: /Fine/ })).toBeVisible();
      return dialog;
    };
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    const dialog = await open(page);
    const lost = dialog.getByRole("treeitem", { name: /Lost key/ });
    await expect(lost.getByRole("img", { name: "saved password can no longer be read" })).toBeVisible();
    await expect(dialog.getByRole("treeitem", { name: /Fine/ }).getByRole("img", { name: /can no longer be read/ })).toHaveCount(0);
    await lost.click();
    await expect(dialog.getByText("The saved password can no longer be read")).toBeVisible();
    await expect(page.getByRole("region", { name: "Notices" })).toContainText("Saved passwords of 1 site could not be opened.");

    await screenshots(page, testInfo, "site-manager-unreadable");
    await page.close();
    // 200 % zoom of a 900×600 window.
    const zoomed = await browser.newPage({ viewport: { width: 450, height: 300 }, deviceScaleFactor: 2 });
    const zoomedDialog = await open(zoomed);
    await zoomedDialog.getByRole("treeitem", { name: /Lost key/ }).click();
    await zoomed.screenshot({ path: testInfo.outputPath("site-manager-unreadable-zoom-200.png") });
    await zoomed.close();
  } finally {
    host.kill("SIGTERM");
  }
});
