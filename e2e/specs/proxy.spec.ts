import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/accessibility";
import { expect, test } from "../fixtures/ferry-app";
import { quickConnect, status } from "../fixtures/quick-connect";
import { screenshots } from "../fixtures/screenshots";
import { startScriptedProxy, type ScriptedProxy } from "../../test-support/scripted-proxy";

const login = { user: "proxy-user", password: "pr0xy-pa55" };
const explicit = "Require explicit FTP over TLS";
let proxy: ScriptedProxy;

test.beforeAll(async () => {
  proxy = await startScriptedProxy({ kind: "socks5", login });
});
test.afterAll(async () => {
  await proxy.close();
});

const proxyDialog = (app: Page) => app.getByRole("dialog", { name: "Proxy" });

/** Opens the Proxy dialog from the command bar and fills what is given, as a user would. */
async function setProxy(app: Page, settings: { kind: string; port?: number; user?: string; password?: string }) {
  await app.getByRole("button", { name: "Proxy…" }).click();
  const dialog = proxyDialog(app);
  await dialog.getByLabel("Connect through").selectOption({ label: settings.kind });
  if (settings.port !== undefined) {
    await dialog.getByLabel("Proxy host").fill("127.0.0.1");
    await dialog.getByLabel("Port", { exact: true }).fill(String(settings.port));
  }
  if (settings.user !== undefined) await dialog.getByLabel("User", { exact: true }).fill(settings.user);
  if (settings.password !== undefined) await dialog.getByLabel("Password", { exact: true }).fill(settings.password);
  await dialog.getByRole("button", { name: "OK" }).click();
  await expect(dialog).toHaveCount(0);
}

// The web host's preferences are shared by every spec: the next one must connect directly, also after a test that
// failed with a dialog open.
test.afterEach(async ({ app }) => {
  for (const name of ["Proxy", "Site manager"]) {
    const dialog = app.getByRole("dialog", { name });
    if ((await dialog.count()) > 0) await dialog.getByRole("button", { name: "Cancel" }).click();
  }
  await setProxy(app, { kind: "No proxy" });
});

test("the Proxy dialog opens with the saved settings, so a choice made in it is never undone by their arrival", async ({
  app,
  desktop,
}) => {
  // On the web the saved settings' answer can be held back, as a loaded machine does; Electron's IPC cannot be.
  let release = () => {};
  if (!desktop) {
    const held = new Promise<void>((resolve) => (release = resolve));
    await app.routeWebSocket(/\/ws/, (socket) => {
      const server = socket.connectToServer();
      socket.onMessage((message) => {
        if (typeof message === "string" && message.includes('"channel":"proxy.get"')) void held.then(() => server.send(message));
        else server.send(message);
      });
    });
    await app.reload();
  }
  await app.getByRole("button", { name: "Proxy…" }).click();
  if (!desktop) await expect(proxyDialog(app)).toHaveCount(0);
  release();
  const kind = proxyDialog(app).getByLabel("Connect through");
  await expect(kind).toBeFocused();
  await expect(kind).toHaveValue("none");
  await proxyDialog(app).getByRole("button", { name: "Cancel" }).click();
});

test("a SOCKS5 proxy with a login carries the session; its password is kept sealed and never shown again", async ({
  app,
  world,
}, testInfo) => {
  // Two audits and four screenshots on top of a connection: more than a loaded machine does in 30 s.
  test.slow();
  await setProxy(app, { kind: "SOCKS5", port: proxy.port, ...login });
  await app.getByRole("button", { name: "Proxy…" }).click();
  const dialog = proxyDialog(app);
  await expect(dialog.getByLabel("Connect through")).toHaveValue("socks5");
  await expect(dialog.getByLabel("Password", { exact: true })).toHaveValue("");
  await expect(dialog.getByLabel("Password", { exact: true })).toHaveAttribute("placeholder", "Saved — type to replace");
  await expect(dialog.getByLabel(/DNS through the proxy/)).toBeChecked();
  await expectAccessible(app, { include: ".proxy-dialog" });
  await screenshots(app, testInfo, "proxy-dialog");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  expect(await readFile(join(world.dataDir, "proxy.json"), "utf8")).not.toContain(login.password);

  await quickConnect(app, { port: world.ports.explicit, user: world.user, password: world.password, encryption: explicit });
  await expect(status(app)).toContainText("Encrypted");
  expect(proxy.requested()).toContain(`127.0.0.1:${world.ports.explicit}`);
});

test("a wrong proxy password is told in words that name the proxy", async ({ app, world }) => {
  await setProxy(app, { kind: "SOCKS5", port: proxy.port, user: login.user, password: "not-it" });
  await quickConnect(app, { port: world.ports.explicit, user: world.user, password: world.password, encryption: explicit });
  await expect(app.getByRole("alert")).toContainText(`The proxy at 127.0.0.1:${proxy.port} refused the connection: authentication failed.`);
});

test("a site with \u201cDon't use the proxy for this site\u201d connects directly", async ({ app, world }, testInfo) => {
  // A proxy nobody answers at: only a site that stays off it can connect.
  await setProxy(app, { kind: "HTTP (CONNECT)", port: world.ports.nobodyListening, user: "" });
  await app.getByRole("button", { name: /Site manager/ }).click();
  const manager = app.getByRole("dialog", { name: "Site manager" });
  await manager.getByRole("button", { name: "New site" }).click();
  const form = manager.getByRole("form", { name: "New site" });
  await form.getByLabel("Name", { exact: true }).fill("Direct server");
  await form.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  await form.getByLabel("Port", { exact: true }).fill(String(world.ports.explicit));
  await form.getByLabel("User", { exact: true }).fill(world.user);
  await form.getByLabel("Password", { exact: true }).fill(world.password);
  const noProxy = form.getByLabel("Don't use the proxy for this site");
  await expect(noProxy).not.toBeChecked();
  await noProxy.click();
  await expect(noProxy).toBeChecked();
  await noProxy.scrollIntoViewIfNeeded();
  await app.screenshot({ path: testInfo.outputPath("site-no-proxy.png") });
  await manager.getByRole("button", { name: "Save", exact: true }).click();
  const site = manager.getByRole("treeitem", { name: /Direct server/ });
  // Opened once the list says it is saved.
  await expect(site).not.toContainText("not saved yet");
  await site.dblclick();
  await expect(status(app)).toContainText("Encrypted");
});
