import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expectAccessible } from "../fixtures/accessibility";
import { expect, test } from "../fixtures/ferry-app";
import { hostOn } from "../fixtures/own-host";
import { quickConnect, remote } from "../fixtures/quick-connect";
import { jobRow, localPane, showView, TransferScenes } from "../fixtures/transfer-scene";
import { createTestCertificates, type TestCertificates } from "../../test-support/test-certificates";
import { copyRowWithF5 } from "../fixtures/copy-dialog";

// Each audit runs axe twice (light and dark), which takes a while on a busy machine.
test.describe.configure({ timeout: 120_000 });

let certificates: TestCertificates;
const scenes = new TransferScenes();

test.beforeAll(async () => {
  certificates = await createTestCertificates();
});
test.afterAll(() => scenes.close());

test("the main window, not connected, has no accessibility violation", async ({ app }) => {
  await expect(localPane(app).getByRole("grid")).toBeVisible();
  await expectAccessible(app);
});

test("the main window with two tabs, a queue, the log and the context menu open has no accessibility violation", async ({ app, world }) => {
  const scene = await scenes.setUp(app, world.home, certificates);
  await writeFile(join(scene.localFolder, "report.txt"), "a report");
  await scene.open();
  // The upload goes to the scene's own server, before a second tab (to the shared one) becomes the active tab.
  const grid = localPane(app).getByRole("grid");
  await copyRowWithF5(grid, /report\.txt/);
  await showView(app, "Done");
  await expect(jobRow(app, "report.txt")).toContainText("Done");
  await quickConnect(app, { port: world.ports.plain, user: world.user, password: world.password, encryption: "Plain FTP (insecure)" });
  await expect(app.getByRole("tablist", { name: "Sessions" }).getByRole("tab")).toHaveCount(2);
  // Once its folder is listed the new tab's remote pane takes the focus; only then is the local pane clicked.
  await expect(remote(app).getByRole("grid")).toBeFocused();
  await app.getByRole("button", { name: "Session log" }).click();
  await expect(app.getByRole("region", { name: "Session log" })).toBeVisible();
  await expectAccessible(app);

  await grid.getByRole("row", { name: /report\.txt/ }).click({ button: "right" });
  await expect(app.getByRole("menu")).toBeVisible();
  await expectAccessible(app, {
    allowedModerate: {
      // The menu floats over the page at the pointer, like a native context menu; it is a popup, not page content.
      region: "the context menu and its backdrop are a popup over the landmarks, not content of their own",
    },
  });
});

test("the main window with the notice bar showing has no accessibility violation", async ({ browser }) => {
  const { host, url } = await hostOn(async (dataDir) => {
    await writeFile(join(dataDir, "bookmarks.json"), "{ broken");
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await expect(page.getByRole("region", { name: "Notices" }).getByRole("status")).toHaveCount(1);
    await expectAccessible(page);
  } finally {
    await context.close();
    host.kill("SIGTERM");
  }
});
