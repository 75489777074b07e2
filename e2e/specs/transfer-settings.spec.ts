import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expectAccessible } from "../fixtures/accessibility";
import { copyRowWithF5 } from "../fixtures/copy-dialog";
import { startChecksumServer } from "../fixtures/checksum-server";
import { expect, test } from "../fixtures/ferry-app";
import { quickConnect, remote } from "../fixtures/quick-connect";
import { screenshots } from "../fixtures/screenshots";
import { jobRow, localPane, queue, showView, TransferScenes } from "../fixtures/transfer-scene";
import { createTestCertificates, type TestCertificates } from "../../test-support/test-certificates";

let certificates: TestCertificates;
const scenes = new TransferScenes();

test.beforeAll(async () => {
  certificates = await createTestCertificates();
});
test.afterAll(() => scenes.close());

test("a download limit set in the queue's settings holds a running download back, and lifting it lets the download finish", async ({
  app,
  world,
}, testInfo) => {
  const scene = await scenes.setUp(app, world.home, certificates);
  await writeFile(join(scene.serverRoot, "video.mp4"), randomBytes(5_000_000));
  await scene.open();
  const badge = queue(app).locator(".speed-limit-badge");
  await queue(app).getByText("Settings").click();
  const limit = queue(app).getByLabel("Download limit");
  await limit.fill("100");
  await limit.press("Enter");
  await expect(badge).toHaveText("Speed limit: 100 KB/s down");
  // The settings cover the top of the panes: Escape puts them away.
  await app.keyboard.press("Escape");
  await expect(limit).toBeHidden();

  await copyRowWithF5(remote(app), /video\.mp4/);
  const row = jobRow(app, "video.mp4");
  await expect(row).toContainText("Transferring");
  // The Speed column, over the meter's last seconds, stays near the limit (5 MB would take well under a second without it).
  await expect(row.getByRole("gridcell").nth(6)).toHaveText(/^(8\d|9\d|1[0-2]\d) KB\/s$/, { timeout: 10_000 });
  // They open again where they were.
  await queue(app).getByText("Settings").click();
  await expect(limit).toHaveValue("100");
  await expectAccessible(app, { include: "section.queue" });
  await screenshots(app, testInfo, "speed-limit");

  await limit.fill("");
  await limit.press("Tab");
  await expect(badge).toHaveCount(0);
  await showView(app, "Done");
  await expect(jobRow(app, "video.mp4")).toContainText("Done", { timeout: 15_000 });
  await queue(app).getByRole("button", { name: "Remove finished" }).click();
});

test("permissions set in the queue's settings are given to uploaded files; what chmod does not take is put back", async ({
  app,
  world,
}) => {
  const scene = await scenes.setUp(app, world.home, certificates);
  await writeFile(join(scene.localFolder, "private.txt"), "for the owner and the group");
  await scene.open();
  await queue(app).getByText("Settings").click();
  // A refused SITE CHMOD would leave the upload done with a note: permission errors are ignored by default.
  await expect(queue(app).getByLabel("Ignore permission errors")).toBeChecked();
  const files = queue(app).getByLabel("Permissions of uploaded files");
  await files.fill("999");
  await files.press("Enter");
  await expect(files).toHaveValue("");
  await files.fill("640");
  await files.press("Enter");
  await expect(files).toHaveValue("640");
  // The settings cover the panes: Escape closes them, as a user would.
  await app.keyboard.press("Escape");

  await copyRowWithF5(localPane(app), /private\.txt/);
  await showView(app, "Done");
  await expect(jobRow(app, "private.txt")).toContainText("Done");
  await expect(remote(app).getByRole("row", { name: /private\.txt/ })).toContainText("rw-r-----");

  await queue(app).getByText("Settings").click();
  await files.fill("");
  await files.press("Enter");
  await expect(files).toHaveAttribute("placeholder", "default");
  await app.keyboard.press("Escape");
  await queue(app).getByRole("button", { name: "Remove finished" }).click();
});

test("a download from a server that offers checksums is verified, and the queue says so", async ({ app, world }, testInfo) => {
  const scene = await scenes.setUp(app, world.home, certificates);
  const { server } = await startChecksumServer();
  try {
    await quickConnect(app, { port: server.port, user: "u", password: "p", encryption: "Plain FTP (insecure)" });
    // Once its folder is listed the new tab's remote pane takes the focus; only then is the local pane opened.
    await expect(remote(app).getByRole("grid")).toBeFocused();
    await scene.openLocal();
    await copyRowWithF5(remote(app), /checked\.txt/);
    await showView(app, "Done");
    const status = jobRow(app, "checked.txt").locator(".status-cell");
    await expect(status).toHaveText("Done, verified");
    await expect(status).toHaveAttribute("title", "The server's SHA-256 checksum of the file matches this copy's");
    await screenshots(app, testInfo, "verified");
    await queue(app).getByRole("button", { name: "Remove finished" }).click();
  } finally {
    await server.close();
  }
});

test("the Copy dialog's Web upload preset sends text as text, sets 644/755 and leaves out what its mask excludes; a bad mask says why", async ({
  app,
  world,
}, testInfo) => {
  const scene = await scenes.setUp(app, world.home, certificates);
  await mkdir(join(scene.localFolder, "site", ".git"), { recursive: true });
  await writeFile(join(scene.localFolder, "site", "index.html"), "<h1>hi</h1>\n<p>there</p>\n");
  await writeFile(join(scene.localFolder, "site", "logo.png"), "\x89PNG\n\n", "latin1");
  await writeFile(join(scene.localFolder, "site", "notes.bak"), "old");
  await writeFile(join(scene.localFolder, "site", ".git", "config"), "[core]\n");
  await scene.open();

  await localPane(app).getByRole("row", { name: /site/ }).click();
  await app.keyboard.press("Shift+F5");
  const dialog = app.getByRole("dialog", { name: "Copy" });
  const mask = dialog.getByLabel("File mask");
  await mask.fill("*>1Q");
  await expect(dialog.locator(".field-error")).toContainText("is not a size");
  await expect(dialog.getByRole("button", { name: "OK" })).toBeDisabled();
  await mask.fill("");

  await dialog.getByText("Transfer settings: Default").click();
  await dialog.getByLabel("Preset").selectOption({ label: "Web upload" });
  await expect(mask).toHaveValue(/\.git\//);
  await expect(dialog.getByRole("radio", { name: "Automatic" })).toBeChecked();
  await expect(dialog.getByLabel("Permissions of files")).toHaveValue("644");
  await expect(dialog.getByText("Transfer settings: Web upload")).toBeVisible();
  await expectAccessible(app, { include: ".copy-dialog" });
  await screenshots(app, testInfo, "copy-dialog-settings");
  // Changing one setting makes it the user's own.
  await dialog.getByLabel("Keep modification times").uncheck();
  await expect(dialog.getByText("Transfer settings: Custom")).toBeVisible();
  await dialog.getByLabel("Keep modification times").check();
  await dialog.getByRole("button", { name: "OK" }).click();

  await showView(app, "Done");
  await expect(jobRow(app, "index.html")).toContainText("Done");
  await expect(jobRow(app, "logo.png")).toContainText("Done");
  await expect(jobRow(app, "notes.bak")).toHaveCount(0);
  const uploaded = join(scene.serverRoot, "site");
  // The test server keeps what the wire carried: text mode sent CRLF, the picture went as it is.
  expect(await readFile(join(uploaded, "index.html"), "latin1")).toBe("<h1>hi</h1>\r\n<p>there</p>\r\n");
  expect(await readFile(join(uploaded, "logo.png"), "latin1")).toBe("\x89PNG\n\n");
  expect(((await stat(join(uploaded, "index.html"))).mode & 0o777).toString(8)).toBe("644");
  expect(((await stat(uploaded)).mode & 0o777).toString(8)).toBe("755");
  expect(existsSync(join(uploaded, ".git"))).toBe(false);
  expect(existsSync(join(uploaded, "notes.bak"))).toBe(false);
  await queue(app).getByRole("button", { name: "Remove finished" }).click();
});

test("the queue's settings choose the transfer mode and the text masks; a bad mask says why and is not taken", async ({
  app,
  world,
}, testInfo) => {
  const scene = await scenes.setUp(app, world.home, certificates);
  await scene.open();
  await queue(app).getByText("Settings").click();
  await queue(app).getByLabel("Transfer mode").selectOption({ label: "Automatic" });
  const masks = queue(app).getByLabel("Text files (automatic mode)");
  await expect(masks).toHaveValue(/\*\.\*html; \*\.htm; \*\.txt/);
  await masks.fill("*.php; *>1Q");
  await expect(queue(app).locator(".queue-preferences .field-error")).toContainText("is not a size");
  await expectAccessible(app, { include: "section.queue" });
  await screenshots(app, testInfo, "text-masks");
  await masks.press("Enter");
  await expect(masks).toHaveValue(/\*\.\*html/);
  await masks.fill("*.php; *.tpl");
  await masks.press("Enter");
  await expect(masks).toHaveValue("*.php; *.tpl");
  // The box shows the preference once main has saved it: clicked, then checked.
  const compress = queue(app).getByLabel("Compress transfers");
  await compress.click();
  await expect(compress).toBeChecked();
  await app.keyboard.press("Escape");

  await writeFile(join(scene.localFolder, "page.tpl"), "{{ title }}\n");
  await copyRowWithF5(localPane(app), /page\.tpl/);
  await showView(app, "Done");
  await expect(jobRow(app, "page.tpl")).toContainText("Done");
  expect(await readFile(join(scene.serverRoot, "page.tpl"), "latin1")).toBe("{{ title }}\r\n");
  await queue(app).getByText("Settings").click();
  await queue(app).getByLabel("Transfer mode").selectOption({ label: "Binary" });
  await compress.click();
  await expect(compress).not.toBeChecked();
  await app.keyboard.press("Escape");
  await queue(app).getByRole("button", { name: "Remove finished" }).click();
});
