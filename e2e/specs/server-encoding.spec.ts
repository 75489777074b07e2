import iconv from "iconv-lite";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/accessibility";
import { expect, test } from "../fixtures/ferry-app";
import { remote, status } from "../fixtures/quick-connect";
import { screenshots } from "../fixtures/screenshots";
import { startScriptedServer, type ScriptedServer } from "../../test-support/scripted-ftp-server";

const siteManager = (app: Page) => app.getByRole("dialog", { name: "Site manager" });

/** A name as an old Russian server's disk holds it, in the scripted server's bytes-as-Latin-1. */
const cp1251 = (name: string) => iconv.encode(name, "windows-1251").toString("latin1");
/** 0x98 is the one byte Windows-1251 leaves undefined: this name does not decode. */
const undecodable = "\xcf\x98.bin";

let server: ScriptedServer;
test.beforeAll(async () => {
  // No listing is scripted: the server lists its files, so that a deleted one goes. FEAT names no UTF8.
  server = await startScriptedServer({
    listings: {},
    changes: true,
    files: { [`/${cp1251("Привет.txt")}`]: "privet\n", [`/${cp1251("Отчёт за май.doc")}`]: "report\n", [`/${undecodable}`]: "kept\n" },
  });
});
test.afterAll(() => server.close());

test("a site's encoding of file names: Auto with a fallback, names read in it, one that does not decode marked, renamed and deleted", async ({
  app,
  world,
}, testInfo) => {
  // Two accessibility audits and eight screenshots.
  test.slow();
  await app.getByRole("button", { name: /Site manager/ }).click();
  const dialog = siteManager(app);
  await dialog.getByRole("button", { name: "New site" }).click();
  const form = dialog.getByRole("form", { name: "New site" });
  await form.getByLabel("Name", { exact: true }).fill("Old Russian server");
  await form.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  await form.getByLabel("Port", { exact: true }).fill(String(server.port));
  await form.getByLabel("Encryption").selectOption({ label: "Plain FTP (insecure)" });
  await form.getByLabel("User", { exact: true }).fill("u");
  await form.getByLabel("Password", { exact: true }).fill("p");

  // New sites start in Auto, as in FileZilla; the fallback shows only for Auto.
  const names = form.getByLabel("File names", { exact: true });
  const fallback = form.getByLabel("When the server does not announce UTF-8", { exact: true });
  await expect(names.locator("option:checked")).toHaveText("Auto (UTF-8 if the server announces it)");
  await expect(fallback.locator("option:checked")).toHaveText("UTF-8");
  await names.selectOption({ label: "Japanese (Shift_JIS)" });
  await expect(fallback).toHaveCount(0);
  await names.selectOption({ label: "Auto (UTF-8 if the server announces it)" });
  await fallback.selectOption({ label: "Cyrillic (Windows-1251)" });
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await expect(dialog.getByRole("form", { name: "Site Old Russian server" })).toBeVisible();
  const stored = JSON.stringify(JSON.parse(await readFile(join(world.dataDir, "sites.json"), "utf8")));
  expect(stored).toContain('"encoding":"auto","fallbackEncoding":"windows-1251"');
  await dialog.getByText("For old servers that keep names in a code page").scrollIntoViewIfNeeded();
  await expectAccessible(app, { include: ".site-manager" });
  await screenshots(app, testInfo, "site-file-names");

  await dialog.getByRole("treeitem", { name: /Old Russian server/ }).dblclick();
  await expect(siteManager(app)).toHaveCount(0);
  await expect(status(app)).toContainText("Unencrypted");
  const grid = remote(app).getByRole("grid");
  await expect(grid.getByRole("row", { name: /Привет\.txt/ })).toBeVisible();
  await expect(grid.getByRole("row", { name: /Отчёт за май\.doc/ })).toBeVisible();
  const kept = grid.getByRole("row", { name: /undecodable/ });
  await expect(kept).toContainText("\ufffd\ufffd.bin");
  await kept.click();
  await expectAccessible(app, { include: "[data-pane=remote] [role=grid]" });
  await screenshots(app, testInfo, "undecodable-name");

  // Renamed in place (F2) from its own bytes to a name in the site's encoding, then deleted.
  await app.keyboard.press("F2");
  const inPlace = grid.getByRole("textbox", { name: "New name" });
  await expect(inPlace).toBeFocused();
  await app.keyboard.press("Control+a");
  await app.keyboard.type("Прочитано.bin");
  await app.keyboard.press("Enter");
  const renamed = grid.getByRole("row", { name: /Прочитано\.bin/ });
  await expect(renamed).toBeVisible();
  await expect(kept).toHaveCount(0);
  expect(server.commands).toContain(`RNFR /${undecodable}`);
  expect(server.commands).toContain(`RNTO /${cp1251("Прочитано.bin")}`);

  await renamed.click();
  await app.keyboard.press("Delete");
  await app.getByRole("dialog", { name: "Delete" }).getByRole("button", { name: "Delete" }).click();
  await expect(renamed).toHaveCount(0);
  expect(server.commands).toContain(`DELE /${cp1251("Прочитано.bin")}`);
  await expect(grid.getByRole("row", { name: /Привет\.txt/ })).toBeVisible();
});
