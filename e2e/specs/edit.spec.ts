import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import type { Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/accessibility";
import { expect, test } from "../fixtures/ferry-app";
import { remote } from "../fixtures/quick-connect";
import { screenshots } from "../fixtures/screenshots";
import { localPane, TransferScenes } from "../fixtures/transfer-scene";
import { createTestCertificates, type TestCertificates } from "../../test-support/test-certificates";

let certificates: TestCertificates;
const scenes = new TransferScenes();

test.beforeAll(async () => {
  certificates = await createTestCertificates();
});
test.afterAll(() => scenes.close());

/** Refusals the page's Content Security Policy logged: CodeMirror's styles and its lazily loaded grammars must cause none. */
function cspRefusals(app: Page): string[] {
  const refusals: string[] = [];
  app.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) refusals.push(message.text());
  });
  return refusals;
}

/** A real PNG: a 24×16 gradient, made here so that the test needs no binary fixture. */
function gradientPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, sum]);
  };
  const [width, height] = [24, 16];
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.concat(
    Array.from({ length: height }, (_, y) => Buffer.from([0, ...Array.from({ length: width }, (_, x) => [x * 10, y * 15, 160]).flat()])),
  );
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const row = (app: Page, name: string) =>
  remote(app)
    .getByRole("grid")
    .getByRole("row", { name: new RegExp(name.replace(".", "\\.")) });
const editor = (app: Page, name: string) => app.getByRole("textbox", { name: `Text of ${name}` });
const saveStatus = (app: Page) => app.locator(".editor-status-save");

test("F4 edits a server file: Ctrl+S uploads it, keeping its encoding and CRLF line ends", async ({ app, world }, testInfo) => {
  // Two axe audits and eight screenshots on a machine shared with other runs.
  test.slow();
  const refusals = cspRefusals(app);
  const scene = await scenes.setUp(app, world.home, certificates);
  const path = join(scene.serverRoot, "index.php");
  await writeFile(path, Buffer.from("<?php\r\n// café\r\necho 'hello';\r\n", "latin1"));
  await scene.open();
  await row(app, "index.php").click();
  await app.keyboard.press("F4");

  const text = editor(app, "index.php");
  await expect(text).toContainText("// café");
  await expect(text).toBeFocused();
  await expect(app.getByRole("tab", { name: /index\.php — / })).toHaveAttribute("aria-selected", "true");
  await expect(app.getByLabel("Encoding")).toHaveValue("windows-1252");
  await expect(app.getByLabel("Line endings")).toHaveValue("crlf");
  // CodeMirror's styles are adopted sheets of its shadow root: the page's style-src 'self' refuses <style> elements.
  expect(await app.locator(".code-editor").evaluate((host) => host.shadowRoot?.adoptedStyleSheets.length ?? 0)).toBeGreaterThan(0);
  expect(await app.locator("style").count()).toBe(0);
  // PHP's grammar loaded (a chunk of its own) and coloured the keyword.
  await expect(text.locator("span").filter({ hasText: "echo" }).first()).toHaveCSS("color", /rgb/);

  await app.keyboard.press("Control+End");
  await app.keyboard.type("echo 'déjà vu';\n");
  await expect(saveStatus(app)).toHaveText("Not saved");
  await expect(app.getByLabel("Editor status")).toContainText("Ln 5, Col 1");
  await app.keyboard.press("Control+s");
  await expect(saveStatus(app)).toHaveText(/^Saved to server \d\d:\d\d:\d\d$/);
  expect((await readFile(path)).toString("latin1")).toBe("<?php\r\n// café\r\necho 'hello';\r\necho 'déjà vu';\r\n");
  await expect(app.getByRole("dialog")).toHaveCount(0);

  await expectAccessible(app);
  await screenshots(app, testInfo, "editor");

  // Ctrl+F searches in the file (CodeMirror's panel), Escape closes the panel before the tab.
  await text.focus();
  await app.keyboard.press("Control+f");
  await expect(app.getByRole("textbox", { name: "Find" })).toBeFocused();
  await app.keyboard.press("Escape");
  await expect(app.getByRole("textbox", { name: "Find" })).toHaveCount(0);
  await expect(text).toBeVisible();
  await app.keyboard.press("Escape");
  await expect(text).toHaveCount(0);
  await expect(remote(app).getByRole("grid")).toBeVisible();
  expect(refusals).toEqual([]);
});

/** Pastes text into the editor as a Windows clipboard holds it (CRLF lines). */
async function paste(app: Page, name: string, text: string) {
  await editor(app, name).evaluate((element, data) => {
    const clipboardData = new DataTransfer();
    clipboardData.setData("text/plain", data);
    element.dispatchEvent(new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true }));
  }, text);
}

test("a file saved unchanged keeps every byte: a stray CR before a CRLF, and a file of LF and CRLF lines", async ({ app, world }) => {
  const scene = await scenes.setUp(app, world.home, certificates);
  const stray = join(scene.serverRoot, "stray.txt");
  const mixed = join(scene.serverRoot, "mixed.txt");
  await writeFile(stray, "one\r\r\ntwo\r\n");
  await writeFile(mixed, "a\r\nb\nc\r\n");
  await scene.open();

  await row(app, "stray.txt").click();
  await app.keyboard.press("F4");
  await expect(editor(app, "stray.txt")).toContainText("two");
  await expect(app.getByLabel("Line endings")).toHaveValue("crlf");
  await app.keyboard.press("Control+s");
  await expect(saveStatus(app)).toHaveText(/^Saved to server/);
  expect(await readFile(stray, "latin1")).toBe("one\r\r\ntwo\r\n");
  // Lines typed and pasted end as the file's do; the stray CR stays where it was.
  await app.keyboard.press("Control+End");
  await app.keyboard.type("three\n");
  await paste(app, "stray.txt", "four\r\nfive\r\n");
  await expect(editor(app, "stray.txt")).toContainText("five");
  await app.keyboard.press("Control+s");
  await expect(saveStatus(app)).toHaveText(/^Saved to server/);
  expect(await readFile(stray, "latin1")).toBe("one\r\r\ntwo\r\nthree\r\nfour\r\nfive\r\n");
  await app.keyboard.press("Escape");

  await row(app, "mixed.txt").click();
  await app.keyboard.press("F4");
  await expect(editor(app, "mixed.txt")).toContainText("c");
  await expect(app.getByLabel("Line endings")).toHaveValue("mixed");
  await app.keyboard.press("Control+s");
  await expect(saveStatus(app)).toHaveText(/^Saved to server/);
  expect(await readFile(mixed, "latin1")).toBe("a\r\nb\nc\r\n");
  // Choosing one line end makes every line end so.
  await app.getByLabel("Line endings").selectOption("crlf");
  await expect(app.getByLabel("Line endings").getByRole("option")).toHaveText(["LF", "CRLF", "CR"]);
  await editor(app, "mixed.txt").focus();
  await app.keyboard.press("Control+s");
  await expect(saveStatus(app)).toHaveText(/^Saved to server/);
  expect(await readFile(mixed, "latin1")).toBe("a\r\nb\r\nc\r\n");
});

test("a file someone else changed meanwhile asks: overwrite, reload theirs, or save mine as a new name", async ({ app, world }) => {
  const scene = await scenes.setUp(app, world.home, certificates);
  const path = join(scene.serverRoot, "notes.txt");
  await writeFile(path, "one\n");
  await scene.open();
  await row(app, "notes.txt").click();
  await app.keyboard.press("F4");
  await expect(editor(app, "notes.txt")).toContainText("one");
  await writeFile(path, "theirs\n");
  await app.keyboard.press("Control+End");
  await app.keyboard.type("two\n");
  await app.keyboard.press("Control+s");

  const dialog = app.getByRole("dialog", { name: "The file changed" });
  await expect(dialog).toContainText("Someone changed notes.txt on the server since you opened it");
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await expectAccessible(app, { include: "dialog" });
  await dialog.getByRole("button", { name: "Save mine as the new name" }).click();
  await expect(saveStatus(app)).toHaveText(/^Saved to server/);
  expect(await readFile(path, "utf8")).toBe("theirs\n");
  expect(await readFile(join(scene.serverRoot, "notes (mine).txt"), "utf8")).toBe("one\ntwo\n");
  await expect(app.getByRole("tab", { name: /^notes \(mine\)\.txt — / })).toBeVisible();

  // Closing with changes not saved asks; "Keep editing" keeps the text.
  await app.keyboard.type("three\n");
  await app.keyboard.press("Escape");
  const closing = app.getByRole("dialog", { name: "Close notes (mine).txt?" });
  await closing.getByRole("button", { name: "Keep editing" }).click();
  await expect(editor(app, "notes.txt")).toContainText("three");
  // The question gives the focus back to the text as it closes: Escape before that would go elsewhere.
  await expect(editor(app, "notes.txt")).toBeFocused();
  await app.keyboard.press("Escape");
  await closing.getByRole("button", { name: "Close without saving" }).click();
  await expect(app.getByRole("tab", { name: /notes/ })).toHaveCount(0);
});

test("F3 shows an image, refuses a binary file with a sentence, and F4 edits a local file in place", async ({ app, world }, testInfo) => {
  test.slow();
  const refusals = cspRefusals(app);
  const scene = await scenes.setUp(app, world.home, certificates);
  await writeFile(join(scene.serverRoot, "gradient.png"), gradientPng());
  await writeFile(join(scene.serverRoot, "data.bin"), Buffer.from([1, 2, 0, 3, 4]));
  await writeFile(join(scene.localFolder, "local.txt"), "local\n");
  await scene.open();

  await row(app, "gradient.png").click();
  await app.keyboard.press("F3");
  const image = app.getByRole("img", { name: "gradient.png" });
  await expect(image).toBeVisible();
  expect(await image.evaluate((element: HTMLImageElement) => element.naturalWidth)).toBe(24);
  await expectAccessible(app);
  await screenshots(app, testInfo, "viewer");
  // The tabs are one tab stop: the arrow keys go from the image's tab to Files, and back.
  const imageTab = app.getByRole("tab", { name: /^gradient\.png — / });
  await imageTab.focus();
  await app.keyboard.press("ArrowLeft");
  await expect(app.getByRole("tab", { name: "Files" })).toBeFocused();
  await expect(remote(app).getByRole("grid")).toBeVisible();
  await expect(image).toBeHidden();

  await row(app, "data.bin").click();
  await app.keyboard.press("F4");
  await expect(remote(app).getByRole("alert")).toHaveText(
    "data.bin is not a text file (it holds binary data), so Ferry will not edit it: saving it from a text editor would damage it.",
  );
  await app.keyboard.press("F3");
  await expect(remote(app).getByRole("alert")).toHaveText(
    "data.bin is not a text file or an image. Ferry shows text and images; download this file to open it.",
  );

  await localPane(app)
    .getByRole("grid")
    .getByRole("row", { name: /local\.txt/ })
    .click();
  // F3 on text: the same editor, read-only; Escape goes back to the pane.
  await app.keyboard.press("F3");
  await expect(editor(app, "local.txt")).toHaveAttribute("aria-readonly", "true");
  await expect(app.getByText("UTF-8 · LF · Read-only")).toBeVisible();
  await app.keyboard.press("Escape");
  await expect(localPane(app).getByRole("grid")).toBeFocused();
  await app.keyboard.press("F4");
  await expect(editor(app, "local.txt")).toBeFocused();
  await app.keyboard.press("Control+End");
  await app.keyboard.type("more\n");
  await app.keyboard.press("Control+s");
  await expect(saveStatus(app)).toHaveText(/^Saved to disk/);
  expect(await readFile(join(scene.localFolder, "local.txt"), "utf8")).toBe("local\nmore\n");
  expect(refusals).toEqual([]);
});

/** Sets a choice of the command bar's Editing settings, and closes them. */
async function setEditing(app: Page, field: string, value: string) {
  await app.getByRole("button", { name: "Editing settings" }).click();
  const panel = app.getByRole("group", { name: "Editing settings" });
  const control = panel.getByLabel(field);
  if ((await control.evaluate((element) => element.tagName)) === "SELECT") await control.selectOption(value);
  else {
    await control.fill(value);
    await control.press("Enter");
  }
  await expect(control).toHaveValue(value);
  await app.keyboard.press("Escape");
}

test("“Double-click a file: Open it” edits a text file and views an image in place of copying them; the size limit is a field in MB", async ({
  app,
  world,
}, testInfo) => {
  test.slow();
  const scene = await scenes.setUp(app, world.home, certificates);
  await writeFile(join(scene.serverRoot, "site.css"), "body {}\n");
  await writeFile(join(scene.serverRoot, "gradient.png"), gradientPng());
  await writeFile(join(scene.serverRoot, "big.log"), "x".repeat(2000));
  await scene.open();

  await app.getByRole("button", { name: "Editing settings" }).click();
  const panel = app.getByRole("group", { name: "Editing settings" });
  await expect(panel.getByLabel("Double-click a file")).toHaveValue("transfer");
  await expect(panel.getByLabel("Edit with")).toHaveValue("ferry");
  await expect(panel.getByLabel("Ask before opening files over")).toHaveValue("10");
  // A browser cannot start other programs: their choices are there, disabled, and a sentence says why.
  await expect(panel.getByRole("option", { name: "A program I choose" })).toBeDisabled();
  await expect(panel.getByText("In a browser, F4 edits in Ferry's editor: other programs open files in the desktop app.")).toBeVisible();
  await expectAccessible(app);
  await screenshots(app, testInfo, "editing-settings");
  await app.keyboard.press("Escape");

  // The web host's preferences outlive this test: they go back to their defaults whatever happens.
  try {
    await setEditing(app, "Double-click a file", "open");
    await row(app, "site.css").dblclick();
    const text = editor(app, "site.css");
    await expect(text).toContainText("body {}");
    await expect(text).toBeFocused();
    await app.keyboard.press("Control+End");
    await app.keyboard.type("p {}\n");
    await app.keyboard.press("Control+s");
    await expect(saveStatus(app)).toHaveText(/^Saved to server/);
    expect(await readFile(join(scene.serverRoot, "site.css"), "utf8")).toBe("body {}\np {}\n");
    await app.keyboard.press("Escape");

    await row(app, "gradient.png").click();
    await app.keyboard.press("Enter");
    await expect(app.getByRole("img", { name: "gradient.png" })).toBeVisible();
    await app.getByRole("tab", { name: "Files" }).click();
    // Nothing was copied to the local pane's folder.
    await expect(localPane(app).getByRole("row", { name: /site\.css|gradient\.png/ })).toHaveCount(0);

    await setEditing(app, "Ask before opening files over", "0.001");
    await row(app, "big.log").dblclick();
    const ask = app.getByRole("dialog", { name: "Open a large file?" });
    await expect(ask).toContainText(/big\.log is 2\.0 KB, larger than the 1\.0 KB Ferry opens without asking/i);
    await ask.getByRole("button", { name: "Cancel" }).click();
  } finally {
    // A question left open by a failure above would cover the settings.
    if (await app.getByRole("dialog").isVisible()) await app.keyboard.press("Escape");
    await setEditing(app, "Ask before opening files over", "10");
    await setEditing(app, "Double-click a file", "transfer");
  }
  // Transfer again: a double-click copies the file to the local pane.
  await row(app, "site.css").dblclick();
  await expect(localPane(app).getByRole("row", { name: /site\.css/ })).toBeVisible();
  await app.getByRole("button", { name: "Remove finished" }).click();
});

test("closing a server tab while its edited file is not saved asks first, and closing anyway closes the file with it", async ({
  app,
  world,
}) => {
  const scene = await scenes.setUp(app, world.home, certificates);
  const path = join(scene.serverRoot, "notes.txt");
  await writeFile(path, "one\n");
  await scene.open();
  await row(app, "notes.txt").click();
  await app.keyboard.press("F4");
  await expect(editor(app, "notes.txt")).toContainText("one");
  await app.keyboard.press("Control+End");
  await app.keyboard.type("two\n");
  await expect(saveStatus(app)).toHaveText("Not saved");

  const tabName = `${scene.server.user}@127.0.0.1`;
  await app.getByRole("button", { name: `Close ${tabName}` }).click();
  const ask = app.getByRole("dialog", { name: "Close tab" });
  await expect(ask).toHaveText(new RegExp(`“${tabName}”: 1 edited file is not saved\\. Closing the tab discards its changes\\.`));
  await expect(ask.getByRole("button", { name: "Keep the tab" })).toBeFocused();
  await expectAccessible(app, { include: "dialog" });
  await app.keyboard.press("Escape");
  await expect(ask).toHaveCount(0);
  await expect(app.getByRole("tablist", { name: "Sessions" }).getByRole("tab")).toHaveCount(1);
  await expect(editor(app, "notes.txt")).toContainText("two");

  await app.getByRole("button", { name: `Close ${tabName}` }).click();
  await ask.getByRole("button", { name: "Close and discard changes" }).click();
  await expect(app.getByRole("tablist", { name: "Sessions" })).toHaveCount(0);
  // The file could no longer be saved to its server: it closed with the tab.
  await expect(app.getByRole("tab", { name: /notes\.txt/ })).toHaveCount(0);
  await expect(localPane(app).getByRole("grid")).toBeVisible();
  expect(await readFile(path, "utf8")).toBe("one\n");
});
