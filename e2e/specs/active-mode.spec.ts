import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/accessibility";
import { expect, test } from "../fixtures/ferry-app";
import { remote } from "../fixtures/quick-connect";
import { screenshots } from "../fixtures/screenshots";
import { queue } from "../fixtures/transfer-scene";

const siteManager = (app: Page) => app.getByRole("dialog", { name: "Site manager" });
const tree = (app: Page) => siteManager(app).getByRole("tree", { name: "Sites" });

/** The saved site of this name in sites.json (other specs' sites share the file). */
async function savedSite(dataDir: string, name: string): Promise<Record<string, unknown> | undefined> {
  const search = (value: unknown): Record<string, unknown> | undefined => {
    if (Array.isArray(value)) return value.map(search).find(Boolean);
    if (typeof value !== "object" || value === null) return undefined;
    const record = value as Record<string, unknown>;
    return record["name"] === name && "host" in record ? record : Object.values(record).map(search).find(Boolean);
  };
  return search(JSON.parse(await readFile(join(dataDir, "sites.json"), "utf8")));
}

test("a site in active mode: chosen next to the passive settings, kept, and its server connects back", async ({ app, world }, testInfo) => {
  // An accessibility audit, four screenshots and a connection: more than a quick test's time on a loaded machine.
  test.slow();
  await app.getByRole("region", { name: "Local" }).getByRole("grid").focus();
  await app.keyboard.press("Control+s");
  const dialog = siteManager(app);
  await dialog.getByRole("button", { name: "New site" }).click();
  const form = dialog.getByRole("form", { name: "New site" });
  await form.getByLabel("Name", { exact: true }).fill("Active server");
  await form.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  await form.getByLabel("Port", { exact: true }).fill(String(world.ports.explicit));
  await form.getByLabel("User", { exact: true }).fill(world.user);
  await form.getByLabel("Password", { exact: true }).fill(world.password);
  const mode = form.getByRole("combobox", { name: "Data connections" });
  await expect(mode.locator("option:checked")).toHaveText("Passive (Ferry connects to the server)");
  await mode.selectOption("active");
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  await expect(dialog.getByRole("form", { name: "Site Active server" })).toBeVisible();
  await expect.poll(async () => (await savedSite(world.dataDir, "Active server"))?.["dataConnectionMode"]).toBe("active");

  const saved = dialog.getByRole("form", { name: "Site Active server" }).getByRole("combobox", { name: "Data connections" });
  await expect(saved.locator("option:checked")).toHaveText("Active (the server connects back to Ferry)");
  await saved.scrollIntoViewIfNeeded();
  await expectAccessible(app, { include: ".site-manager" });
  await screenshots(app, testInfo, "site-active-mode");

  // Connecting from it: the listing comes over a data connection the server opened to Ferry (EPRT).
  await tree(app)
    .getByRole("treeitem", { name: /Active server/ })
    .dblclick();
  await expect(siteManager(app)).toHaveCount(0);
  await expect(remote(app).getByRole("grid")).toContainText("docs");
  await remote(app).getByRole("grid").focus();
  await app.keyboard.press("Alt+L");
  const log = app.getByRole("region", { name: "Session log" });
  await expect(log.getByRole("list", { name: "Log lines" })).toContainText(/EPRT \|1\|127\.0\.0\.1\|\d+\|/);
  await expect(log.getByRole("list", { name: "Log lines" })).not.toContainText("EPSV");
});

test("the queue's settings hold active mode's ports and address, and trying the other mode", async ({ app, world }, testInfo) => {
  await queue(app).getByText("Settings").click();
  const fallback = queue(app).getByLabel("If the default mode fails, try the other");
  await expect(fallback).toBeChecked();
  const limit = queue(app).getByLabel("Limit local ports used by Ferry");
  await limit.click();
  await expect(limit).toBeChecked();
  await queue(app).getByLabel("Lowest port").fill("40000");
  await queue(app).getByLabel("Lowest port").press("Enter");
  await queue(app).getByLabel("Active mode address").selectOption("fixed");
  const address = queue(app).getByLabel("IP address", { exact: true });
  await address.fill("not an address");
  await expect(queue(app).getByText("Enter an IPv4 or IPv6 address, such as 203.0.113.5.")).toBeVisible();
  await address.fill("203.0.113.5");
  await address.press("Enter");
  await screenshots(app, testInfo, "queue-settings-active-mode");
  await expect
    .poll(async () => JSON.parse(await readFile(join(world.dataDir, "preferences.json"), "utf8")) as unknown, { timeout: 5_000 })
    .toMatchObject({ activePortsLimited: true, activePortFrom: 40000, activeAddressFrom: "fixed", activeAddress: "203.0.113.5" });
  // Back as they were: the web host's preferences are shared across specs.
  await queue(app).getByLabel("Active mode address").selectOption("system");
  await limit.click();
  await expect(limit).not.toBeChecked();
  await queue(app).getByText("Settings").click();
});
