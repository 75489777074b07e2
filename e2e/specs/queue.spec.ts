import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures/ferry-app";
import { expectAccessible } from "../fixtures/accessibility";
import { remote } from "../fixtures/quick-connect";
import { screenshots } from "../fixtures/screenshots";
import { jobRow, queue, showView, TransferScenes } from "../fixtures/transfer-scene";
import { createTestCertificates, type TestCertificates } from "../../test-support/test-certificates";
import { copyWithF5 } from "../fixtures/copy-dialog";

let certificates: TestCertificates;
const scenes = new TransferScenes();

test.beforeAll(async () => {
  certificates = await createTestCertificates();
});
test.afterAll(() => scenes.close());

const summary = (app: Page) => queue(app).getByRole("status", { name: "Queue summary" });
const tab = (app: Page, name: string) => queue(app).getByRole("tab", { name });
const button = (app: Page, name: string) => queue(app).getByRole("button", { name, exact: true });
const list = (app: Page) => queue(app).getByRole("grid", { name: "Transfers" });

/** Downloads `count` rows of the remote pane from the one named `first` on (marked with Insert) with F5, and unmarks them. */
async function download(app: Page, first: string, count = 1): Promise<void> {
  const row = remote(app)
    .getByRole("grid")
    .getByRole("row", { name: new RegExp(first.replace(".", "\\.")) });
  const mark = async () => {
    await row.click();
    for (let i = 0; i < count && count > 1; i++) await app.keyboard.press("Insert");
  };
  await mark();
  await copyWithF5(app);
  if (count > 1) await mark();
}

test("the queue shows its jobs in views with counts, a summary that tells the truth, and buttons that name what they act on", async ({
  app,
  world,
}, testInfo) => {
  // One long scene (five states, an audit and two sets of screenshots): three times a test's usual time.
  test.slow();
  // A slow server: the big file is still running when the test is done looking.
  const scene = await scenes.setUp(app, world.home, certificates, 200_000);
  for (const name of ["a.txt", "b.txt", "clash.txt", "w1.txt", "w2.txt"]) await writeFile(join(scene.serverRoot, name), `${name} content`);
  // A local folder where clash.txt would go: that download is skipped, with its reason.
  await mkdir(join(scene.localFolder, "clash.txt"));
  await writeFile(join(scene.serverRoot, "big.bin"), randomBytes(6_000_000));
  await scene.open();
  await queue(app).getByText("Settings").click();
  await queue(app)
    .getByLabel(/^At once/)
    .selectOption("1");
  await queue(app).getByLabel("Small files at once").selectOption("1");
  await queue(app).getByText("Settings").click();
  // The host serves every spec of this worker: what earlier specs left in the queue goes first.
  if (await button(app, "Cancel all").isEnabled()) await button(app, "Cancel all").click();
  await expect(button(app, "Cancel all")).toBeDisabled();
  if (await button(app, "Remove finished").isEnabled()) await button(app, "Remove finished").click();
  await expect(summary(app)).toHaveText("No transfers");
  for (const action of ["Pause all", "Resume all", "Cancel all", "Retry all", "Remove finished"])
    await expect(button(app, action)).toBeDisabled();

  await download(app, "a.txt", 2);
  await expect(tab(app, "Done (2)")).toBeVisible();
  await download(app, "clash.txt");
  await app.getByRole("dialog", { name: "A folder is in the way" }).getByRole("button", { name: "Skip" }).click();
  await expect(tab(app, "Failed (1)")).toBeVisible();
  await expect(summary(app)).toHaveText("Finished: 2 done, 1 skipped");

  await download(app, "big.bin");
  await expect(jobRow(app, "big.bin")).toContainText(/Transferring|Connecting|Checking/);
  await download(app, "w1.txt", 2);
  await expect(tab(app, "Queued (3)")).toBeVisible();
  // Running first, then the waiting jobs in queue order.
  await expect(list(app).getByRole("row")).toHaveCount(4);
  await expect(list(app).getByRole("row").nth(1)).toContainText("big.bin");
  await jobRow(app, "w2.txt").click();
  await button(app, "Pause 1 selected").click();
  await expect(jobRow(app, "w2.txt")).toContainText("Paused");
  await expect(summary(app)).toHaveText(/^1 running, 1 waiting, 1 paused, 1 skipped — [\d.]+ \w?B of 6\.0 MB \(\d+ %\)/);
  await expect(jobRow(app, "big.bin")).toContainText("Transferring");
  await expectAccessible(app, { include: "section.queue" });
  await screenshots(app, testInfo, "queue-views");

  // The failure reason, whole, under the list, with Copy.
  await showView(app, "Failed");
  await expect(tab(app, "Failed (1)")).toHaveAttribute("aria-selected", "true");
  await jobRow(app, "clash.txt").click();
  const details = queue(app).getByRole("group", { name: "Job details" });
  await expect(details).toContainText(/^Skipped: \/clash\.txt → .*clash\.txt — .*a folder named clash\.txt is in the way/);
  await expect(details.getByRole("button", { name: "Copy" })).toBeVisible();
  await expect(jobRow(app, "clash.txt").locator(".status-cell")).toHaveAttribute(
    "title",
    /^Skipped: .*a folder named clash\.txt is in the way/,
  );
  await screenshots(app, testInfo, "queue-failed");

  // An old finished row selected does not capture the toolbar: the buttons say they act on all.
  await showView(app, "Done");
  await jobRow(app, "a.txt").click();
  await expect(jobRow(app, "a.txt")).toHaveAttribute("aria-selected", "true");
  await expect(button(app, "Pause all")).toBeEnabled();
  await expect(button(app, "Move up")).toBeDisabled();
  await expect(queue(app).getByRole("button", { name: /selected/ })).toHaveCount(0);
  await button(app, "Pause all").click();
  await expect(summary(app)).toHaveText("Nothing running: 3 paused, 2 done, 1 skipped");
  await expect(jobRow(app, "a.txt")).toContainText("Done");
  await button(app, "Resume all").click();
  await showView(app, "Queued");
  await expect(jobRow(app, "big.bin")).toContainText("Transferring");

  // The keyboard: arrows, Shift, Space, Ctrl+A, and Delete cancels the selected jobs only.
  await list(app).focus();
  await app.keyboard.press("Home");
  await expect(list(app).getByRole("row", { selected: true })).toHaveText([/big\.bin/]);
  await app.keyboard.press("Shift+ArrowDown");
  await expect(list(app).getByRole("row", { selected: true })).toHaveCount(2);
  await expect(button(app, "Cancel 2 selected")).toBeVisible();
  await app.keyboard.press("Space");
  await expect(list(app).getByRole("row", { selected: true })).toHaveText([/big\.bin/]);
  await app.keyboard.press("ControlOrMeta+a");
  await expect(list(app).getByRole("row", { selected: true })).toHaveCount(3);
  await app.keyboard.press("Home");
  await app.keyboard.press("ArrowDown");
  await expect(list(app).getByRole("row", { selected: true })).toHaveText([/w1\.txt/]);
  await app.keyboard.press("Delete");
  await expect(tab(app, "Failed (2)")).toBeVisible();
  await expect(tab(app, "Queued (2)")).toBeVisible();
  await expect(jobRow(app, "big.bin")).toContainText("Transferring");

  // Once nothing is left to run, a notice says how it ended (the preference), and the summary never says "all finished".
  await queue(app).getByText("Settings").click();
  await queue(app).getByLabel("When the queue is done").selectOption("notify");
  await app.screenshot({ path: testInfo.outputPath("queue-settings.png") });
  await queue(app).getByText("Settings").click();
  await button(app, "Cancel all").click();
  await expect(summary(app)).toHaveText("Finished: 2 done, 3 cancelled, 1 skipped");
  await expect(app.getByText("The transfer queue has nothing left to run: 2 done, 3 cancelled, 1 skipped.")).toBeVisible();
  await expect(tab(app, "Queued (0)")).toBeVisible();
});
