import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures/ferry-app";
import { hostOn } from "../fixtures/own-host";
import { quickConnect, remote, status } from "../fixtures/quick-connect";

const tabList = (app: Page) => app.getByRole("tablist", { name: "Sessions" });
const tabs = (app: Page) => tabList(app).getByRole("tab");
const quickConnectBar = (app: Page) => app.getByRole("form", { name: "Quick connect" });

/** Opens a quick connection and waits for its tab and its listing, so that the next step starts after it. */
async function openTab(app: Page, port: number, encryption: string, count: number, login: { user: string; password: string }) {
  await quickConnect(app, { port, encryption, ...login });
  await expect(tabs(app)).toHaveCount(count);
  // Once its folder is listed, the new tab's remote pane takes the focus.
  await expect(remote(app).getByRole("grid")).toBeFocused();
}

test("a tab is named after its saved site or user@host, and tabs to one server are numbered", async ({ browser, world }) => {
  // A host of its own with a saved site and no saved password: the site manager connects and asks for it.
  const { host, url } = await hostOn(async (dataDir) => {
    const site = {
      id: "plain-site",
      name: "Plain site",
      host: "127.0.0.1",
      port: world.ports.plain,
      encryption: "plain",
      user: world.user,
    };
    await writeFile(join(dataDir, "sites.json"), JSON.stringify({ version: 2, folders: [], sites: [site] }));
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
  try {
    const app = await context.newPage();
    await app.goto(url);
    for (const count of [1, 2]) {
      await app.getByRole("button", { name: /Site manager/ }).click();
      await app
        .getByRole("dialog", { name: "Site manager" })
        .getByRole("treeitem", { name: /Plain site/ })
        .dblclick();
      const ask = app.getByRole("dialog", { name: "Password" });
      await ask.getByLabel("Password").fill(world.password);
      await ask.getByRole("button", { name: "OK" }).click();
      await expect(tabs(app)).toHaveCount(count);
    }
    await openTab(app, world.ports.plain, "Plain FTP (insecure)", 3, world);
    await expect(tabs(app)).toHaveText(["Plain site", "Plain site (2)", `${world.user}@127.0.0.1`]);
    // The tooltip names the server, which a site's name does not.
    await expect(tabs(app).first()).toHaveAttribute("title", `${world.user}@127.0.0.1:${world.ports.plain}`);

    await tabs(app).first().click();
    await expect(quickConnectBar(app).getByLabel("Port")).toHaveValue(String(world.ports.plain));
    await expect(quickConnectBar(app).getByLabel("Encryption")).toHaveValue("plain");
  } finally {
    await context.close();
    host.kill("SIGTERM");
  }
});

test("Ctrl+Tab, Ctrl+Shift+Tab, Ctrl+PageDown and Ctrl+PageUp switch tabs, and quick connect shows the active tab's server", async ({
  app,
  world,
}) => {
  await openTab(app, world.ports.explicit, "Require explicit FTP over TLS", 1, world);
  await openTab(app, world.ports.implicit, "Require implicit FTP over TLS", 2, world);
  const [explicit, implicit] = [tabs(app).nth(0), tabs(app).nth(1)];
  await expect(implicit).toHaveAttribute("aria-selected", "true");
  // Two tabs to one host on different ports say which port each is.
  await expect(tabs(app)).toHaveText([
    `${world.user}@127.0.0.1:${world.ports.explicit}`,
    `${world.user}@127.0.0.1:${world.ports.implicit}`,
  ]);

  await remote(app).getByRole("grid").focus();
  const steps: [key: string, active: typeof explicit, port: number][] = [
    ["Control+Tab", explicit, world.ports.explicit],
    ["Control+Tab", implicit, world.ports.implicit],
    ["Control+Shift+Tab", explicit, world.ports.explicit],
    ["Control+PageDown", implicit, world.ports.implicit],
    ["Control+PageUp", explicit, world.ports.explicit],
  ];
  for (const [key, active, port] of steps) {
    await app.keyboard.press(key);
    await expect(active, key).toHaveAttribute("aria-selected", "true");
    await expect(status(app)).toContainText(`:${port}`);
    await expect(quickConnectBar(app).getByLabel("Port")).toHaveValue(String(port));
  }
  await expect(quickConnectBar(app).getByLabel("Encryption")).toHaveValue("explicit-required");
});

test("the tabs are one tab stop moved through with arrow keys; Delete closes one; + starts a new connection", async ({ app, world }) => {
  await openTab(app, world.ports.explicit, "Require explicit FTP over TLS", 1, world);
  await openTab(app, world.ports.explicit, "Require explicit FTP over TLS", 2, world);
  await openTab(app, world.ports.implicit, "Require implicit FTP over TLS", 3, world);
  await expect(tabList(app).locator("[tabindex='0']")).toHaveCount(1);
  const third = tabs(app).nth(2);
  await third.focus();

  await app.keyboard.press("ArrowRight");
  await expect(tabs(app).first()).toBeFocused();
  await expect(tabs(app).first()).toHaveAttribute("aria-selected", "true");
  await app.keyboard.press("End");
  await expect(third).toBeFocused();
  await app.keyboard.press("ArrowLeft");
  await expect(tabs(app).nth(1)).toBeFocused();
  await expect(tabs(app).nth(1)).toHaveText(`${world.user}@127.0.0.1:${world.ports.explicit} (2)`);
  await expect(tabs(app).nth(1)).toHaveAttribute("aria-selected", "true");
  await expect(tabList(app).locator("[tabindex='0']")).toHaveCount(1);

  await app.keyboard.press("Delete");
  await expect(tabs(app)).toHaveCount(2);
  await expect(tabs(app)).toHaveText([
    `${world.user}@127.0.0.1:${world.ports.explicit}`,
    `${world.user}@127.0.0.1:${world.ports.implicit}`,
  ]);

  // Past the tabs comes "+", which empties Quick connect and puts the focus in Host.
  await tabList(app).locator("[tabindex='0']").focus();
  await app.keyboard.press("Tab");
  const plus = app.getByRole("button", { name: "New tab" });
  await expect(plus).toBeFocused();
  await app.keyboard.press("Enter");
  await expect(quickConnectBar(app).getByLabel("Host")).toBeFocused();
  await expect(quickConnectBar(app).getByLabel("Host")).toHaveValue("");
  await expect(quickConnectBar(app).getByLabel("Port")).toHaveValue("");

  // The close buttons are not in the tab list, and each is at least 24 px square.
  await expect(tabList(app).getByRole("button")).toHaveCount(0);
  for (const close of await app.getByRole("button", { name: /^Close / }).all()) {
    const box = await close.boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(24);
    expect(box?.height).toBeGreaterThanOrEqual(24);
  }
  await app.getByRole("button", { name: `Close ${world.user}@127.0.0.1:${world.ports.implicit}` }).click();
  await expect(tabs(app)).toHaveText([`${world.user}@127.0.0.1`]);
});
