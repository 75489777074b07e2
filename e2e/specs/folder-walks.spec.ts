import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "../fixtures/ferry-app";
import { expectAccessible } from "../fixtures/accessibility";
import { remote } from "../fixtures/quick-connect";
import { screenshots } from "../fixtures/screenshots";
import { queue, showView, TransferScenes } from "../fixtures/transfer-scene";
import { createTestCertificates, type TestCertificates } from "../../test-support/test-certificates";
import { copyRowWithF5 } from "../fixtures/copy-dialog";

let certificates: TestCertificates;
const scenes = new TransferScenes();

test.beforeAll(async () => {
  certificates = await createTestCertificates();
});
test.afterAll(() => scenes.close());

test("a download of a big server tree shows how far reading its folders has come, and Stop ends it, keeping what was queued", async ({
  app,
  world,
}, testInfo) => {
  test.setTimeout(120_000);
  const scene = await scenes.setUp(app, world.home, certificates, 20_000);
  // 1 600 folders to list, one data connection each: long enough to watch and stop.
  for (let a = 0; a < 40; a++)
    for (let b = 0; b < 40; b++) {
      const folder = join(scene.serverRoot, "site", `part-${a}`, `section-${b}`);
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, "page.html"), "<p>hi</p>");
    }
  await scene.open();

  await copyRowWithF5(remote(app), /site/);
  const walks = app.getByRole("status", { name: "Reading folders" });
  await expect(walks).toContainText(/Reading folders to download from \/… [\d,.\s]+ folders?, [\d,.\s]+ files?/);
  await expect(walks).toContainText(/[1-9]\d* files/);
  await screenshots(app, testInfo, "folder-walk");
  await expectAccessible(app, { include: ".walk-progress" });

  await walks.getByRole("button", { name: "Stop" }).click();
  await expect(walks).toBeHidden({ timeout: 20_000 });
  const notice = app.getByRole("region", { name: "Notices" }).getByRole("status");
  await expect(notice).toContainText(
    /Stopped looking through the folders of \/, as you asked: the \d+ jobs? found until then stay in the queue/,
  );
  // What the walk queued runs on (tiny files): it ends in the Done view.
  await showView(app, "Done");
  await expect(
    queue(app)
      .getByRole("row", { name: /page\.html/ })
      .first(),
  ).toBeVisible({ timeout: 20_000 });
  await screenshots(app, testInfo, "folder-walk-stopped");

  // The web host is shared by the specs: its queue and notices are left as this test found them.
  await expect(queue(app).getByRole("status", { name: "Queue summary" })).toHaveText(/^Finished: /, { timeout: 30_000 });
  await queue(app).getByRole("button", { name: "Remove finished" }).click();
  await expect(queue(app).getByRole("row", { name: /page\.html/ })).toHaveCount(0);
  await notice.filter({ hasText: "Stopped looking" }).getByRole("button", { name: "Dismiss" }).click();
  await expect(notice).toHaveCount(0);
});
