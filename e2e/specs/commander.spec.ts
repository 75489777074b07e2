import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { startChecksumServer } from "../fixtures/checksum-server";
import { expect, test } from "../fixtures/ferry-app";
import { startTestServer } from "../../test-support/ftp-test-server";
import { screenshots } from "../fixtures/screenshots";
import { quickConnect, remote } from "../fixtures/quick-connect";
import { expectAccessible } from "../fixtures/accessibility";

const quickConnectTo = (app: Page, port: number, user: string, password: string) =>
  quickConnect(app, { port, user, password, encryption: "Require explicit FTP over TLS" });

const names = (app: Page) => remote(app).getByRole("grid").getByRole("row").locator("[role=gridcell]:first-child");

test("a keyboard-only session: connect, create, rename, delete a folder, sort by size, select by mask", async ({
  app,
  world,
}, testInfo) => {
  const bar = app.getByRole("form", { name: "Quick connect" });
  await bar.getByLabel("Host").focus();
  await app.keyboard.type("127.0.0.1");
  await app.keyboard.press("Tab");
  await app.keyboard.type(String(world.ports.explicit));
  await app.keyboard.press("Tab");
  await app.keyboard.type(world.user);
  await app.keyboard.press("Tab");
  await app.keyboard.type(world.password);
  await app.keyboard.press("Enter");
  const grid = remote(app).getByRole("grid");
  await expect(grid).toBeFocused();
  await expect(names(app)).toHaveText(["docs", "empty folder", "hello.txt", "notes 2024.md"]);

  await app.keyboard.press("F7");
  const create = app.getByRole("dialog", { name: "New folder" });
  await expect(create).toBeVisible();
  await expectAccessible(app, { include: "dialog" });
  await app.keyboard.type("Reports 2026");
  await app.keyboard.press("Enter");
  await expect(create).toHaveCount(0);
  await expect(grid.getByRole("row", { name: /Reports 2026/ })).toBeVisible();
  // The cursor lands on the new folder, as in WinSCP.
  await expect(grid.getByRole("row", { selected: true })).toContainText("Reports 2026");

  await app.keyboard.press("End");
  await app.keyboard.press("Home");
  // Folders come first: docs, empty folder, Reports 2026.
  await app.keyboard.press("ArrowDown");
  await app.keyboard.press("ArrowDown");
  await expect(grid.getByRole("row", { selected: true })).toContainText("Reports 2026");
  await app.keyboard.press("F2");
  const inPlace = grid.getByLabel("New name");
  await expect(inPlace).toHaveValue("Reports 2026");
  await expect(inPlace).toBeFocused();
  await app.keyboard.press("Control+a");
  await app.keyboard.type("Reports");
  await app.keyboard.press("Enter");
  await expect(grid.getByRole("row", { name: /^Reports/ })).toBeVisible();
  await expect(grid.getByRole("row", { name: /Reports 2026/ })).toHaveCount(0);
  await expect(grid.getByRole("row", { selected: true })).toContainText("Reports");
  await expect(grid).toBeFocused();

  await app.keyboard.press("Delete");
  const confirm = app.getByRole("dialog", { name: "Delete" });
  await expect(confirm).toContainText("Delete “Reports” from the server?");
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await expectAccessible(app, { include: "dialog" });
  await app.keyboard.press("Shift+Tab");
  await app.keyboard.press("Enter");
  await expect(grid.getByRole("row", { name: /Reports/ })).toHaveCount(0);

  await app.keyboard.press("Control+F6");
  await expect(remote(app).getByRole("columnheader", { name: /Size/ })).toHaveAttribute("aria-sort", "ascending");
  await expect(names(app)).toHaveText(["docs", "empty folder", "notes 2024.md", "hello.txt"]);
  await app.keyboard.press("Control+F6");
  await expect(names(app)).toHaveText(["empty folder", "docs", "hello.txt", "notes 2024.md"]);

  await app.keyboard.press("Control+f");
  await expect(remote(app).getByLabel("Filter Remote")).toBeFocused();
  await app.keyboard.type("notes");
  await expect(names(app)).toHaveText(["notes 2024.md"]);
  await app.keyboard.press("Escape");
  await expect(grid).toBeFocused();
  await expect(names(app)).toHaveCount(4);

  await app.keyboard.press("NumpadAdd");
  const byMask = app.getByRole("dialog", { name: "Select by mask" });
  await app.keyboard.type("*>1Q");
  await expect(byMask.locator(".field-error")).toHaveText(
    "“1Q” in “*>1Q” is not a size or an age: a size is a number with K, M or G (such as *>1M); an age is a number with Y, D, H, N or S (such as *>7D).",
  );
  await expect(byMask.getByRole("button", { name: "Select" })).toBeDisabled();
  await app.keyboard.press("Enter");
  await expect(byMask).toBeVisible();
  await app.keyboard.press("Control+a");
  await app.keyboard.type("*.md");
  await expect(byMask.locator(".field-error")).toHaveCount(0);
  await app.keyboard.press("Enter");
  await expect(grid.getByRole("row", { selected: true })).toHaveText([/notes 2024\.md/]);
  await app.screenshot({ path: testInfo.outputPath("commander-keyboard.png") });
});

test("the session log shows the FTP dialogue with the password masked, and can be copied and cleared", async ({ app, world }, testInfo) => {
  await app.getByRole("button", { name: "Session log" }).click();
  const log = app.getByRole("region", { name: "Session log" });
  await expect(log).toContainText("Nothing logged yet.");
  const bar = app.getByRole("form", { name: "Quick connect" });
  await bar.getByLabel("Host").fill("127.0.0.1");
  await bar.getByLabel("Port").fill(String(world.ports.explicit));
  await bar.getByLabel("User").fill(world.user);
  await bar.getByLabel("Password").fill(world.password);
  await bar.getByRole("button", { name: "Connect" }).click();
  await expect(log).toContainText(`USER ${world.user}`);
  await expect(log).toContainText("PASS ###");
  await expect(log).toContainText(/TLS handshake done: TLSv1\.[23]/);
  await expect(log).toContainText("Data connection: new TLS session");
  await expect(log).not.toContainText(world.password);
  await app.screenshot({ path: testInfo.outputPath("session-log.png") });

  await app.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await log.getByRole("button", { name: "Copy" }).click();
  expect(await app.evaluate(() => navigator.clipboard.readText())).toContain("PASS ###");
  await log.getByRole("button", { name: "Clear" }).click();
  await expect(log).toContainText("Nothing logged yet.");
  await app.getByRole("button", { name: "Session log" }).click();
  await expect(log).toHaveCount(0);
});

test("navigation: typed paths, breadcrumbs, back and forward, root, filter, type-ahead and Shift-extend", async ({ app, world }) => {
  await quickConnectTo(app, world.ports.explicit, world.user, world.password);
  const grid = remote(app).getByRole("grid");
  await expect(remote(app).getByLabel("Remote path")).toHaveText("/");
  await grid.focus();
  await app.keyboard.press("Control+l");
  const typed = remote(app).getByLabel("Remote path to open");
  await expect(typed).toBeFocused();
  await app.keyboard.type("/docs");
  await app.keyboard.press("Enter");
  await expect(remote(app).getByLabel("Remote path")).toHaveText("/docs");
  await expect(grid).toBeFocused();
  await app.keyboard.press("Alt+ArrowLeft");
  await expect(remote(app).getByLabel("Remote path")).toHaveText("/");
  await app.keyboard.press("Alt+ArrowRight");
  await expect(remote(app).getByLabel("Remote path")).toHaveText("/docs");
  await app.keyboard.press("Control+\\");
  await expect(remote(app).getByLabel("Remote path")).toHaveText("/");
  await remote(app).getByLabel("Remote path").getByRole("button", { name: "/" }).click();

  await remote(app).getByLabel("Filter Remote").fill("not");
  await expect(names(app)).toHaveText(["notes 2024.md"]);
  await remote(app).getByLabel("Filter Remote").fill("*.txt");
  await expect(names(app)).toHaveText(["hello.txt"]);
  await remote(app).getByLabel("Filter Remote").fill("");
  await grid.focus();
  await app.keyboard.type("he");
  await expect(grid.getByRole("row", { selected: true })).toContainText("hello.txt");
  await app.keyboard.press("Home");
  await app.keyboard.press("Shift+ArrowDown");
  await app.keyboard.press("Shift+ArrowDown");
  await expect(grid.getByRole("row", { selected: true })).toHaveText([/^docs/, /^empty folder/, /^hello\.txt/]);
});

test("the context menu and Properties change permissions with SITE CHMOD", async ({ app, world }, testInfo) => {
  await quickConnectTo(app, world.ports.explicit, world.user, world.password);
  const grid = remote(app).getByRole("grid");
  await expect(remote(app).getByLabel("Remote path")).toHaveText("/");
  await grid.focus();
  await app.keyboard.press("Shift+F4");
  await app.keyboard.type("perm.txt");
  await app.keyboard.press("Enter");
  // Shift+F4 opens the new file in the editor, as WinSCP does; Escape closes it (nothing was typed).
  await expect(app.getByRole("textbox", { name: "Text of perm.txt" })).toBeFocused();
  await app.keyboard.press("Escape");
  await expect(grid).toBeFocused();
  const row = grid.getByRole("row", { name: /perm\.txt/ });
  await expect(row).toBeVisible();

  await row.click({ button: "right" });
  const menu = app.getByRole("menu", { name: "Remote file actions" });
  await expect(menu.getByRole("menuitem", { name: /Properties/ })).toContainText("F9");
  await app.screenshot({ path: testInfo.outputPath("context-menu.png") });
  await menu.getByRole("menuitem", { name: /Properties/ }).click();
  const properties = app.getByRole("dialog", { name: "Properties" });
  await properties.getByLabel("Group read").uncheck();
  await properties.getByLabel("Others read").uncheck();
  await expect(properties.getByLabel("Octal")).toHaveValue("600");
  await app.screenshot({ path: testInfo.outputPath("properties.png") });
  await expectAccessible(app, { include: "dialog" });
  await properties.getByRole("button", { name: "Apply" }).click();
  await expect(row).toContainText("rw-------");
  // Apply keeps the dialog open; OK closes it.
  await expect(properties.getByRole("status")).toHaveText("Permissions set to 600.");
  // The test server's FEAT offers no checksum.
  await properties.getByRole("button", { name: "Calculate checksum" }).click();
  await expect(properties.getByRole("definition").last()).toContainText(
    "This server cannot compute checksums (its FEAT lists no HASH, XSHA512, XSHA256, XSHA1 or XMD5).",
  );
  await properties.getByRole("button", { name: "OK" }).click();
  await expect(properties).toHaveCount(0);

  await grid.focus();
  await app.keyboard.press("Shift+F10");
  await expect(menu).toBeVisible();
  await app.keyboard.press("Escape");
  await expect(menu).toHaveCount(0);
  await expect(grid).toBeFocused();
  await app.keyboard.press("Delete");
  await app.getByRole("dialog", { name: "Delete" }).getByRole("button", { name: "Delete" }).click();
  await expect(row).toHaveCount(0);
});

test("Properties shows the server's checksum of a file on request", async ({ app }, testInfo) => {
  const { server, body } = await startChecksumServer();
  try {
    await quickConnect(app, { port: server.port, user: "u", password: "p", encryption: "Plain FTP (insecure)" });
    const grid = remote(app).getByRole("grid");
    await expect(grid).toBeFocused();
    await grid.getByRole("row", { name: /checked\.txt/ }).click();
    await app.keyboard.press("F9");
    const properties = app.getByRole("dialog", { name: "Properties" });
    await expect(properties.getByRole("button", { name: "Calculate checksum" })).toBeVisible();
    await app.screenshot({ path: testInfo.outputPath("properties-before-checksum.png") });
    await properties.getByRole("button", { name: "Calculate checksum" }).click();
    const hex = createHash("sha256").update(body).digest("hex");
    await expect(properties.getByRole("definition").last()).toHaveText(`SHA-256 ${hex}`);
    await expect(properties.getByRole("button", { name: "Calculate checksum" })).toHaveCount(0);
    await expectAccessible(app, { include: "dialog" });
    await screenshots(app, testInfo, "properties-checksum");
    await properties.getByRole("button", { name: "Cancel" }).click();
    await expect(properties).toHaveCount(0);
  } finally {
    await server.close();
  }
});

test("two sessions in two tabs, each with its own remote folder", async ({ app, world }, testInfo) => {
  await quickConnect(app, {
    port: world.ports.explicit,
    user: world.user,
    password: world.password,
    encryption: "Require explicit FTP over TLS",
  });
  await expect(remote(app).getByLabel("Remote path")).toHaveText("/");
  await remote(app).getByRole("grid").getByRole("row", { name: /docs/ }).dblclick();
  await expect(remote(app).getByLabel("Remote path")).toHaveText("/docs");

  await quickConnect(app, {
    port: world.ports.implicit,
    user: world.user,
    password: world.password,
    encryption: "Require implicit FTP over TLS",
  });
  const tabs = app.getByRole("tablist", { name: "Sessions" });
  await expect(tabs.getByRole("tab")).toHaveCount(2);
  const second = tabs.getByRole("tab", { name: new RegExp(`:${world.ports.implicit}$`) });
  await expect(second).toHaveAttribute("aria-selected", "true");
  await expect(remote(app).getByLabel("Remote path")).toHaveText("/");
  await app.screenshot({ path: testInfo.outputPath("two-tabs.png") });

  const first = tabs.getByRole("tab", { name: new RegExp(`:${world.ports.explicit}$`) });
  await first.click();
  await expect(remote(app).getByLabel("Remote path")).toHaveText("/docs");
  await expect(app.getByRole("status", { name: "Connection status" })).toContainText(`:${world.ports.explicit}`);
  await second.click();
  await expect(remote(app).getByLabel("Remote path")).toHaveText("/");

  // The close buttons sit beside their tabs, outside the tab list.
  await app
    .getByRole("navigation", { name: "Session tabs" })
    .getByRole("button", { name: `Close ${world.user}@127.0.0.1:${world.ports.implicit}` })
    .click();
  // Alone again, the tab needs no port to tell it apart.
  await expect(tabs.getByRole("tab")).toHaveText([`${world.user}@127.0.0.1`]);
  await expect(tabs.getByRole("tab")).toHaveAttribute("aria-selected", "true");
  await expect(remote(app).getByLabel("Remote path")).toHaveText("/docs");
});

test("columns: the remote pane shows owner and group, and columns can be hidden", async ({ app, world }) => {
  await quickConnectTo(app, world.ports.explicit, world.user, world.password);
  await expect(remote(app).getByRole("columnheader", { name: "Owner/Group" })).toBeVisible();
  await expect(
    remote(app)
      .getByRole("row", { name: /hello\.txt/ })
      .getByRole("gridcell")
      .last(),
  ).not.toHaveText("");
  const local = app.getByRole("region", { name: "Local" });
  await local.getByLabel("Local columns").first().click();
  await local.getByRole("group", { name: "Local columns" }).getByLabel("Type").uncheck();
  await expect(local.getByRole("columnheader", { name: "Type" })).toHaveCount(0);
  await expect(local.getByRole("row", { name: /todo\.txt/ })).not.toContainText("TXT file");
  await local.getByRole("group", { name: "Local columns" }).getByLabel("Type").check();
  await expect(local.getByRole("columnheader", { name: "Type" })).toBeVisible();
});

test("bookmarks: Ctrl+B keeps a folder for this server, and the menu opens it", async ({ app, world }) => {
  await quickConnectTo(app, world.ports.explicit, world.user, world.password);
  const grid = remote(app).getByRole("grid");
  await grid.getByRole("row", { name: /docs/ }).dblclick();
  await expect(remote(app).getByLabel("Remote path")).toHaveText("/docs");
  await grid.focus();
  await app.keyboard.press("Control+b");
  await expect(remote(app).getByLabel("Remote bookmarks").first()).toHaveText("★");
  await app.keyboard.press("Backspace");
  await expect(remote(app).getByLabel("Remote path")).toHaveText("/");
  await remote(app).getByLabel("Remote bookmarks").first().click();
  await remote(app).getByRole("group", { name: "Remote bookmarks" }).getByRole("button", { name: "/docs" }).click();
  await expect(remote(app).getByLabel("Remote path")).toHaveText("/docs");
  await grid.focus();
  await app.keyboard.press("Control+b");
  await expect(remote(app).getByLabel("Remote bookmarks").first()).toHaveText("☆");
});

test("a failed operation says why beside its pane, and the session goes on", async ({ app, world }) => {
  await quickConnectTo(app, world.ports.explicit, world.user, world.password);
  const grid = remote(app).getByRole("grid");
  await expect(remote(app).getByLabel("Remote path")).toHaveText("/");
  await grid.focus();
  await app.keyboard.press("F7");
  await app.keyboard.type("docs");
  await app.keyboard.press("Enter");
  await expect(remote(app).getByRole("alert")).toContainText("“docs” already exists in /");
  await grid.getByRole("row", { name: /docs/ }).dblclick();
  await expect(remote(app).getByLabel("Remote path")).toHaveText("/docs");
  await expect(remote(app).getByRole("alert")).toHaveCount(0);
});

test("deleting a large tree shows progress and can be cancelled", async ({ app }, testInfo) => {
  const root = await mkdtemp(join(tmpdir(), "ferry-e2e-delete-"));
  await mkdir(join(root, "many"));
  for (let i = 0; i < 600; i++) await writeFile(join(root, "many", `file-${i}.txt`), "x");
  // 20 ms a file: the delete takes 12 s, time enough for the screenshot and Cancel on a loaded machine.
  const server = await startTestServer({ root, tls: "none", deleteMs: 20 });
  try {
    await quickConnect(app, { port: server.port, user: server.user, password: server.password, encryption: "Plain FTP (insecure)" });
    const grid = remote(app).getByRole("grid");
    await grid.getByRole("row", { name: /many/ }).click();
    await app.keyboard.press("Delete");
    await app.getByRole("dialog", { name: "Delete" }).getByRole("button", { name: "Delete" }).click();
    const progress = remote(app).getByRole("status").filter({ hasText: "Deleting…" });
    await expect(progress).toContainText(/Deleting… [1-9]\d* items? gone/);
    await app.screenshot({ path: testInfo.outputPath("delete-progress.png") });
    await progress.getByRole("button", { name: "Cancel" }).click();
    await expect(remote(app).getByRole("alert")).toContainText(/Deleting was cancelled; \d+ items? (was|were) deleted\./);
    await expect(progress).toHaveCount(0);
    const left = await readdir(join(root, "many"));
    expect(left.length).toBeGreaterThan(0);
    expect(left.length).toBeLessThan(600);
  } finally {
    await server.close();
    await rm(root, { recursive: true, force: true });
  }
});
