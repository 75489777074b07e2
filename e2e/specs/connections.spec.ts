import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectAccessible } from "../fixtures/accessibility";
import { expect, test } from "../fixtures/ferry-app";
import { quickConnect, remote, status } from "../fixtures/quick-connect";
import { screenshots } from "../fixtures/screenshots";
import { startTestServer, type RunningTestServer } from "../../test-support/ftp-test-server";
import { startScriptedServer, type ScriptedServer } from "../../test-support/scripted-ftp-server";
import { seedServerFolder } from "../../test-support/server-folder";

// Servers of this spec's own, which it can cut off or that close idle sessions.
let root: string;
const servers: (RunningTestServer | ScriptedServer)[] = [];

test.beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "ferry-e2e-connections-"));
  await seedServerFolder(root);
});
test.afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await rm(root, { recursive: true, force: true });
});

const plain = "Plain FTP (insecure)";

test("a dropped connection keeps its tab and folder; Ctrl+R reconnects and lists", async ({ app }, testInfo) => {
  const server = await startTestServer({ root, tls: "none" });
  servers.push(server);
  await quickConnect(app, { port: server.port, user: server.user, password: server.password, encryption: plain });
  const grid = remote(app).getByRole("grid");
  await grid.getByRole("row", { name: /docs/ }).dblclick();
  await expect(grid.getByRole("row", { name: /readme\.txt/ })).toBeVisible();

  server.dropConnections();
  await expect(status(app)).toContainText(`Disconnected — ${server.user}@127.0.0.1:${server.port}`);
  await expect(status(app)).toContainText("The server or the network closed the connection.");
  await expect(app.getByRole("alert")).toContainText(`${server.user}@127.0.0.1:${server.port}:`);
  const tabs = app.getByRole("tablist", { name: "Sessions" }).getByRole("tab");
  await expect(tabs).toHaveCount(1);
  await expect(tabs).toContainText("disconnected");
  await expect(tabs).toHaveAttribute("title", /The server or the network closed the connection/);
  await expect(remote(app).getByLabel("Remote path")).toHaveText("/docs");
  await expect(grid.getByRole("row", { name: /readme\.txt/ })).toBeVisible();
  await expect(status(app).getByRole("button", { name: "Reconnect" })).toBeVisible();
  await expectAccessible(app, { include: ".tab-bar" });
  await expectAccessible(app, { include: ".status-bar" });
  await expectAccessible(app, { include: ".error-banner" });
  await screenshots(app, testInfo, "disconnected");

  await grid.focus();
  await app.keyboard.press("Control+r");
  await expect(status(app)).toContainText("Unencrypted");
  await expect(tabs).not.toContainText("disconnected");
  await expect(app.getByRole("alert")).toHaveCount(0);
  await expect(remote(app).getByLabel("Remote path")).toHaveText("/docs");
  await expect(grid.getByRole("row", { name: /readme\.txt/ })).toBeVisible();
});

test("a server that closes idle sessions: the Reconnect button connects again and lists", async ({ app }) => {
  const server = await startScriptedServer({ listings: { "/": "-rw-r--r-- 1 u g 5 Nov 23  2025 idle.txt\r\n" }, idleTimeoutMs: 1_500 });
  servers.push(server);
  await quickConnect(app, { port: server.port, user: "u", password: "p", encryption: plain });
  const grid = remote(app).getByRole("grid");
  await expect(grid.getByRole("row", { name: /idle\.txt/ })).toBeVisible();
  await expect(status(app)).toContainText("Disconnected", { timeout: 10_000 });

  await status(app).getByRole("button", { name: "Reconnect" }).click();
  await expect(status(app)).toContainText("Unencrypted");
  await expect(grid.getByRole("row", { name: /idle\.txt/ })).toBeVisible();
  expect(server.commands.filter((command) => command.startsWith("USER"))).toHaveLength(2);
});

test("a failed login's dialogue stays in the log, and the log can switch between attempts", async ({ app, world }, testInfo) => {
  await quickConnect(app, { port: world.ports.plain, user: world.user, password: "wrong", encryption: plain });
  await expect(app.getByRole("alert")).toContainText("rejected the user name or password");
  await app.getByRole("alert").getByRole("button", { name: "Show log" }).click();
  const log = app.getByRole("region", { name: "Session log" });
  const lines = log.getByRole("list");
  await expect(lines).toContainText(`USER ${world.user}`);
  await expect(lines).toContainText("PASS ###");
  await expect(lines).toContainText(/530/);
  const picker = log.getByRole("combobox", { name: "Connection" });
  await expect(picker.locator("option:checked")).toHaveText(
    new RegExp(`^${world.user}@127\\.0\\.0\\.1:${world.ports.plain} — .+ — failed: .*rejected the user name or password`),
  );
  await screenshots(app, testInfo, "log-failed-attempt");

  await quickConnect(app, {
    port: world.ports.explicit,
    user: world.user,
    password: world.password,
    encryption: "Require explicit FTP over TLS",
  });
  await expect(remote(app).getByRole("row", { name: /hello\.txt/ })).toBeVisible();
  await expect(lines).toContainText("; asking for TLS");
  await expect(lines).not.toContainText("No encryption");
  await expect(lines).not.toContainText(/530/);
  await expect(lines.getByText(`USER ${world.user}`)).toHaveCount(1);
  await expect(picker.locator("option:checked")).toHaveText(/ — connected$/);
  await expectAccessible(app, { include: ".log-panel" });
  await screenshots(app, testInfo, "log-attempts");

  await picker.selectOption({ index: 1 });
  await expect(lines).toContainText(/530/);
});

test("'Remember for this session' in the password prompt: a second tab to the same server does not ask", async ({
  app,
  world,
}, testInfo) => {
  await quickConnect(app, { port: world.ports.explicit, user: world.user, password: "", encryption: "Require explicit FTP over TLS" });
  const dialog = app.getByRole("dialog", { name: "Password" });
  await dialog.getByLabel("Password").fill(world.password);
  await dialog.getByRole("checkbox", { name: "Remember for this session" }).check();
  await expectAccessible(app, { include: "dialog" });
  await dialog.screenshot({ path: testInfo.outputPath("password-remember.png") });
  await dialog.getByRole("button", { name: "OK" }).click();
  await expect(remote(app).getByRole("row", { name: /hello\.txt/ })).toBeVisible();

  await quickConnect(app, { port: world.ports.explicit, user: world.user, password: "", encryption: "Require explicit FTP over TLS" });
  await expect(app.getByRole("tablist", { name: "Sessions" }).getByRole("tab")).toHaveCount(2);
  await expect(dialog).toHaveCount(0);
  await expect(remote(app).getByRole("row", { name: /hello\.txt/ })).toBeVisible();
});
