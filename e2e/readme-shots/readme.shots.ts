import { randomBytes } from "node:crypto";
import { mkdir, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Locator, Page } from "@playwright/test";
import { copyRowWithF5 } from "../fixtures/copy-dialog";
import { expect, test } from "../fixtures/ferry-app";
import { remote } from "../fixtures/quick-connect";
import { jobRow, localPane, queue, TransferScenes } from "../fixtures/transfer-scene";
import { createTestCertificates, type TestCertificates } from "../../test-support/test-certificates";

// Not part of `npm test`: `npm run screenshots` takes these pictures for the README.
const docs = join(import.meta.dirname, "..", "..", "docs");
let certificates: TestCertificates;
const scenes = new TransferScenes();

// Pixels as a 200 % display has them, for the zoomed picture; the others are taken in CSS pixels.
test.use({ deviceScaleFactor: 2 });

test.beforeAll(async () => {
  certificates = await createTestCertificates();
});
test.afterAll(() => scenes.close());

async function inBothThemes(page: Page, target: Page | Locator, name: string): Promise<void> {
  await target.screenshot({ path: join(docs, `${name}-light.png`), scale: "css" });
  await page.emulateMedia({ colorScheme: "dark" });
  await target.screenshot({ path: join(docs, `${name}-dark.png`), scale: "css" });
  await page.emulateMedia({ colorScheme: "light" });
}

/** Downloads a file of the remote pane to the local one, through the F5 dialog. */
const download = (app: Page, name: string) => copyRowWithF5(remote(app).getByRole("grid"), new RegExp(name.replace(".", "\\.")));

test("the main window and the queue", async ({ app, world }) => {
  const scene = await scenes.setUp(app, world.home, certificates, 150_000);
  for (const folder of ["css", "images", "js"]) await mkdir(join(scene.serverRoot, folder));
  await writeFile(join(scene.serverRoot, "index.html"), "<!doctype html><title>Home</title>\n".repeat(40));
  await writeFile(join(scene.serverRoot, "contact.html"), "<!doctype html><title>Contact</title>\n".repeat(30));
  await writeFile(join(scene.serverRoot, "robots.txt"), "User-agent: *\n");
  await writeFile(join(scene.serverRoot, "backup-2026-11.tar.gz"), randomBytes(8_000_000));
  await writeFile(join(scene.serverRoot, "photos.zip"), randomBytes(3_000_000));
  await writeFile(join(scene.serverRoot, "old-logo.png"), randomBytes(40_000));
  for (const folder of ["assets", "drafts"]) await mkdir(join(scene.localFolder, folder));
  await writeFile(join(scene.localFolder, "index.html"), "<!doctype html><title>Home</title>\n".repeat(41));
  await writeFile(join(scene.localFolder, "about.html"), "<!doctype html><title>About</title>\n".repeat(25));
  await writeFile(join(scene.localFolder, "notes.md"), "# Notes\n");
  // A folder where old-logo.png would land: that download is skipped, and shows in Failed.
  await mkdir(join(scene.localFolder, "old-logo.png"));
  await scene.open();
  await queue(app).getByText("Settings").click();
  await queue(app)
    .getByLabel(/^At once/)
    .selectOption("1");
  await queue(app).getByLabel("Small files at once").selectOption("1");
  await queue(app).getByText("Settings").click();

  await download(app, "robots.txt");
  await expect(queue(app).getByRole("tab", { name: "Done (1)" })).toBeVisible();
  await download(app, "old-logo.png");
  await app.getByRole("dialog", { name: "A folder is in the way" }).getByRole("button", { name: "Skip" }).click();
  await download(app, "backup-2026-11.tar.gz");
  await expect(jobRow(app, "backup-2026-11.tar.gz")).toContainText("Transferring");
  await download(app, "photos.zip");
  await download(app, "contact.html");
  await jobRow(app, "contact.html").click();
  await queue(app).getByRole("button", { name: "Pause 1 selected" }).click();
  await expect(jobRow(app, "contact.html")).toContainText("Paused");
  // Two marked rows on the left, for the status line.
  const local = localPane(app).getByRole("grid");
  await local.getByRole("row", { name: /about\.html/ }).click();
  await app.keyboard.press("Insert");
  await app.keyboard.press("ArrowDown");
  await app.keyboard.press("Insert");
  await expect(jobRow(app, "backup-2026-11.tar.gz")).toContainText(/8\.0 MB([1-9]\d{2} KB|\d(\.\d)? MB)/);

  await inBothThemes(app, app, "main-window");
  await inBothThemes(app, queue(app), "queue");
  const size = app.viewportSize() ?? { width: 1280, height: 760 };
  await app.setViewportSize({ width: 900, height: 600 });
  await app.screenshot({ path: join(docs, "main-window-900x600.png"), scale: "css" });
  // 200 % zoom of a 1280×760 window: half the CSS pixels, each drawn twice as large.
  await app.setViewportSize({ width: size.width / 2, height: size.height / 2 });
  await app.screenshot({ path: join(docs, "main-window-zoom200.png"), scale: "device" });
  await app.setViewportSize(size);
  // The site manager's picture is taken over an empty queue.
  await queue(app).getByRole("grid", { name: "Transfers" }).focus();
  await app.keyboard.press("Control+a");
  await queue(app)
    .getByRole("button", { name: /^Cancel \d+ selected$/ })
    .click();
  await queue(app).getByRole("button", { name: "Remove finished", exact: true }).click();
});

test("the site manager", async ({ app, world }) => {
  await localPane(app).getByRole("grid").focus();
  await app.keyboard.press("Control+s");
  const dialog = app.getByRole("dialog", { name: "Site manager" });
  await dialog.getByRole("button", { name: "New folder" }).click();
  await dialog.getByLabel("Folder name").fill("Clients");
  await dialog.getByRole("button", { name: "Create" }).click();
  await dialog.getByRole("button", { name: "New site" }).click();
  const form = dialog.getByRole("form", { name: "New site" });
  await form.getByLabel("Name", { exact: true }).fill("Bakery shop");
  await form.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  await form.getByLabel("Port", { exact: true }).fill(String(world.ports.explicit));
  await form.getByLabel("User", { exact: true }).fill("bakery");
  await form.getByLabel("Password", { exact: true }).fill("not-a-real-password");
  await form.getByLabel("Remote folder to open").fill("/public_html");
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await expect(dialog.getByRole("form", { name: "Site Bakery shop" }).getByLabel("Password", { exact: true })).toHaveAttribute(
    "placeholder",
    "Saved — type to replace",
  );
  await inBothThemes(app, app, "site-manager");
});

test("the synchronization checklist", async ({ app, world }) => {
  const scene = await scenes.setUp(app, world.home, certificates);
  const old = new Date("2026-10-01T09:30:00Z");
  const older = new Date("2026-09-01T09:30:00Z");
  const files: [string, string, Date][] = [
    ["index.html", "<!doctype html><title>Home</title>\n".repeat(41), old],
    ["about.html", "<!doctype html><title>About</title>\n".repeat(25), old],
    ["css/site.css", "body { margin: 0 }\n".repeat(60), old],
    ["js/app.js", "console.log('hi');\n".repeat(90), old],
  ];
  await mkdir(join(scene.localFolder, "css"));
  await mkdir(join(scene.localFolder, "js"));
  await mkdir(join(scene.serverRoot, "css"));
  for (const [path, text, when] of files) {
    await writeFile(join(scene.localFolder, path), text);
    await utimes(join(scene.localFolder, path), when, when);
  }
  await writeFile(join(scene.serverRoot, "index.html"), "<!doctype html><title>Old home</title>\n".repeat(40));
  await utimes(join(scene.serverRoot, "index.html"), older, older);
  await writeFile(join(scene.serverRoot, "old-page.html"), "<!doctype html><title>Gone</title>\n");
  await utimes(join(scene.serverRoot, "old-page.html"), older, older);
  await scene.open();
  await app.getByRole("button", { name: /^Synchronize…/ }).click();
  const dialog = app.getByRole("dialog", { name: "Synchronize" });
  await dialog.getByRole("checkbox", { name: "Delete files that are missing on the source" }).click();
  await dialog.getByRole("button", { name: "Compare" }).click();
  const checklist = app.getByRole("dialog", { name: "Synchronization checklist" });
  await expect(checklist.getByRole("table", { name: "Actions" }).getByRole("row")).toHaveCount(6);
  await inBothThemes(app, app, "synchronization-checklist");
  await checklist.getByRole("button", { name: "Cancel" }).click();
});

test("the editor", async ({ app, world }) => {
  const scene = await scenes.setUp(app, world.home, certificates);
  const page = [
    "<?php",
    "// The shop's front page: today's bread, and the opening hours.",
    "$breads = ['Sourdough', 'Rye', 'Baguette'];",
    "$hours = ['Mon–Fri' => '7:00–18:00', 'Sat' => '8:00–13:00'];",
    "?>",
    "<!doctype html>",
    '<html lang="en">',
    '<head><title>Bakery</title><link rel="stylesheet" href="css/site.css"></head>',
    "<body>",
    "  <h1>Fresh today</h1>",
    "  <ul>",
    "  <?php foreach ($breads as $bread): ?>",
    "    <li><?= htmlspecialchars($bread) ?></li>",
    "  <?php endforeach; ?>",
    "  </ul>",
    "</body>",
    "</html>",
  ].join("\r\n");
  await writeFile(join(scene.serverRoot, "index.php"), page + "\r\n");
  await scene.open();
  await remote(app)
    .getByRole("row", { name: /index\.php/ })
    .click();
  await app.keyboard.press("F4");
  await expect(app.getByRole("tab", { name: /index\.php — / })).toHaveAttribute("aria-selected", "true");
  await expect(app.getByLabel("Line endings")).toHaveValue("crlf");
  // A change not saved yet, for the status line.
  await app.keyboard.press("Control+End");
  await app.keyboard.type("<!-- baked fresh -->");
  await inBothThemes(app, app, "editor");
});
