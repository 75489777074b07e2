import { quickConnect, remote, status } from "../fixtures/quick-connect";
import { seededFolder } from "../../test-support/server-folder";
import { expect, test } from "../fixtures/ferry-app";

for (const mode of [
  { name: "explicit", encryption: "Require explicit FTP over TLS", port: "explicit", secure: true },
  { name: "implicit", encryption: "Require implicit FTP over TLS", port: "implicit", secure: true },
  { name: "plain", encryption: "Plain FTP (insecure)", port: "plain", secure: false },
] as const) {
  test(`quick connect over ${mode.name} FTP lists and browses the server`, async ({ app, world }) => {
    await expect(remote(app).getByText("Not connected")).toBeVisible();
    await quickConnect(app, { port: world.ports[mode.port], user: world.user, password: world.password, encryption: mode.encryption });
    const grid = remote(app).getByRole("grid");
    await expect(remote(app).getByLabel("Remote path")).toHaveText("/");
    for (const name of [...seededFolder.folders, ...Object.keys(seededFolder.files)]) {
      await expect(grid.getByRole("row", { name: new RegExp(name) })).toBeVisible();
    }
    await expect(grid.getByRole("row", { name: /hello\.txt/ })).toContainText("14 B");
    if (mode.secure) await expect(status(app)).toContainText(/Encrypted: TLSv1\.[23], TLS_/);
    else await expect(status(app)).toContainText("Unencrypted");

    await grid.getByRole("row", { name: /docs/ }).dblclick();
    await expect(remote(app).getByLabel("Remote path")).toHaveText("/docs");
    await expect(grid.getByRole("row", { name: /readme\.txt/ })).toBeVisible();
    await grid.focus();
    await app.keyboard.press("Backspace");
    await expect(remote(app).getByLabel("Remote path")).toHaveText("/");

    await app.getByRole("button", { name: "Disconnect" }).click();
    await expect(status(app)).toHaveText("Not connected");
    await expect(remote(app).getByText("Not connected")).toBeVisible();
  });
}

test("'Require explicit' refuses a server without TLS and says why", async ({ app, world }) => {
  await quickConnect(app, {
    port: world.ports.plain,
    user: world.user,
    password: world.password,
    encryption: "Require explicit FTP over TLS",
  });
  await expect(app.getByRole("alert")).toContainText("does not support FTP over TLS");
  await expect(app.getByRole("alert")).toContainText("sent no user name or password");
  await expect(status(app)).toHaveText("Not connected");
});

test("'explicit if available' connects to a server without TLS and warns", async ({ app, world }) => {
  await quickConnect(app, {
    port: world.ports.plain,
    user: world.user,
    password: world.password,
    encryption: "Use explicit FTP over TLS if available",
  });
  await expect(status(app)).toContainText("Unencrypted");
  await expect(status(app)).toContainText("does not support FTP over TLS");
  await expect(remote(app).getByRole("row", { name: /hello\.txt/ })).toBeVisible();
});

test("a wrong password shows a readable error and Ferry stays usable", async ({ app, world }) => {
  await quickConnect(app, { port: world.ports.explicit, user: world.user, password: "wrong", encryption: "Require explicit FTP over TLS" });
  await expect(app.getByRole("alert")).toContainText("rejected the user name or password");
  await expect(app.getByRole("alert")).not.toContainText(/at \w+ \(|Error:/);
  await quickConnect(app, {
    port: world.ports.explicit,
    user: world.user,
    password: world.password,
    encryption: "Require explicit FTP over TLS",
  });
  await expect(remote(app).getByRole("row", { name: /hello\.txt/ })).toBeVisible();
  await expect(app.getByRole("alert")).toHaveCount(0);
});

test("a refused connection says so, and the dismissed message goes away", async ({ app, world }) => {
  const closedPort = world.ports.nobodyListening;
  await quickConnect(app, { port: closedPort, user: world.user, password: world.password, encryption: "Plain FTP (insecure)" });
  await expect(app.getByRole("alert")).toContainText(`127.0.0.1:${closedPort} refused the connection`);
  await app.getByRole("alert").getByRole("button", { name: "Dismiss" }).click();
  await expect(app.getByRole("alert")).toHaveCount(0);
});

test("a user without a password is asked for it", async ({ app, world }) => {
  await quickConnect(app, { port: world.ports.explicit, user: world.user, password: "", encryption: "Require explicit FTP over TLS" });
  const dialog = app.getByRole("dialog", { name: "Password" });
  await dialog.getByLabel("Password").fill(world.password);
  await dialog.getByRole("button", { name: "OK" }).click();
  await expect(remote(app).getByRole("row", { name: /hello\.txt/ })).toBeVisible();
});

test("the main window, connected, as a user sees it", async ({ app, world }, testInfo) => {
  await quickConnect(app, {
    port: world.ports.explicit,
    user: world.user,
    password: world.password,
    encryption: "Require explicit FTP over TLS",
  });
  await expect(remote(app).getByRole("row", { name: /hello\.txt/ })).toBeVisible();
  await app.getByRole("region", { name: "Local" }).getByRole("grid").focus();
  await app.screenshot({ path: testInfo.outputPath("main-window.png") });
});

test("the main window follows the OS into the dark theme", async ({ app, world }, testInfo) => {
  await app.emulateMedia({ colorScheme: "dark" });
  await quickConnect(app, {
    port: world.ports.explicit,
    user: world.user,
    password: world.password,
    encryption: "Require explicit FTP over TLS",
  });
  await expect(remote(app).getByRole("row", { name: /hello\.txt/ })).toBeVisible();
  const background = await app.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe("rgb(27, 31, 36)");
  await app.screenshot({ path: testInfo.outputPath("main-window-dark.png") });
});

test("at 200% zoom the main window stays usable", async ({ app, world }, testInfo) => {
  // A 1280×760 window at 200% zoom lays out like 640×380 CSS pixels.
  await app.setViewportSize({ width: 640, height: 380 });
  await quickConnect(app, {
    port: world.ports.explicit,
    user: world.user,
    password: world.password,
    encryption: "Require explicit FTP over TLS",
  });
  await expect(status(app)).toContainText("Encrypted");
  await app.screenshot({ path: testInfo.outputPath("main-window-200.png") });
  await expect(remote(app).getByRole("row", { name: /hello\.txt/ })).toBeVisible();
  await expect(app.getByRole("region", { name: "Local" }).getByRole("row", { name: /todo\.txt/ })).toBeVisible();
  await expect(status(app)).toBeInViewport();
  await app.screenshot({ path: testInfo.outputPath("main-window-200.png") });
});
