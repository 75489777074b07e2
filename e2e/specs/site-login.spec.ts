import type { Page } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expectAccessible } from "../fixtures/accessibility";
import { expect, test } from "../fixtures/ferry-app";
import { remote } from "../fixtures/quick-connect";
import { screenshots } from "../fixtures/screenshots";
import { startScriptedServer, type ScriptedServer } from "../../test-support/scripted-ftp-server";

// A server that asks for an account after the password (332), on the IPv6 loopback.
let server: ScriptedServer;
test.beforeAll(async () => {
  server = await startScriptedServer({
    host: "::1",
    listings: { "/": "-rw-r--r-- 1 u g 5 Nov 23  2025 ledger.txt\r\n" },
    replies: { PASS: "332 Need account for login.", ACCT: "230 Account DEPT42 accepted.", SITE: "200 UMASK set to 002" },
  });
});
test.afterAll(() => server.close());

const siteManager = (app: Page) => app.getByRole("dialog", { name: "Site manager" });

test("a site's account and commands after login: saved, sent when connecting, and shown in the log", async ({ app, world }, testInfo) => {
  // Screenshots and accessibility audits, in light and dark, on a loaded machine.
  test.slow();
  await app.getByRole("button", { name: /Site manager/ }).click();
  const dialog = siteManager(app);
  await dialog.getByRole("button", { name: "New site" }).click();
  const form = dialog.getByRole("form", { name: "New site" });
  await form.getByLabel("Name", { exact: true }).fill("Mainframe");
  await form.getByLabel("Host", { exact: true }).fill("::1");
  await form.getByLabel("Port", { exact: true }).fill(String(server.port));
  await form.getByLabel("Encryption").selectOption({ label: "Plain FTP (insecure)" });
  await form.getByLabel("User", { exact: true }).fill("payroll");
  await form.getByLabel("Password", { exact: true }).fill("payroll-pass");
  await form.getByLabel("Account", { exact: true }).fill("DEPT42");
  await form.getByLabel("Commands after login").fill("TYPE A");
  await expect(form.getByText(/^Ferry sends the login, TLS, transfer type and data connection commands itself/)).toBeVisible();
  await expect(form.getByLabel("Commands after login")).toHaveAttribute("aria-invalid", "true");
  await form.getByLabel("Commands after login").fill("SITE UMASK 002\n\n  NOOP  ");
  await expectAccessible(app, { include: ".site-form" });
  await form.getByLabel("Account", { exact: true }).scrollIntoViewIfNeeded();
  await screenshots(app, testInfo, "site-login-fields");
  await dialog.getByRole("button", { name: "Save", exact: true }).click();
  const saved = dialog.getByRole("form", { name: "Site Mainframe" });
  await expect(saved.getByLabel("Commands after login")).toHaveValue("SITE UMASK 002\nNOOP");
  const stored = await readFile(join(world.dataDir, "sites.json"), "utf8");
  expect(stored).toMatch(/"account": ?"DEPT42"/);

  await dialog
    .getByRole("tree", { name: "Sites" })
    .getByRole("treeitem", { name: /Mainframe/ })
    .dblclick();
  await expect(
    remote(app)
      .getByRole("grid")
      .getByRole("row", { name: /ledger\.txt/ }),
  ).toBeVisible();
  expect(server.commands.slice(0, 3)).toEqual(["USER payroll", "PASS", "ACCT DEPT42"]);
  await app.getByRole("button", { name: "Session log" }).click();
  const log = app.getByRole("region", { name: "Session log" });
  for (const line of ["ACCT DEPT42", "230 Account DEPT42 accepted.", "SITE UMASK 002", "200 UMASK set to 002", "NOOP"])
    await expect(log).toContainText(line);

  // Recent connections write the IPv6 host in brackets before its port.
  await app.getByRole("button", { name: /Site manager/ }).click();
  await expect(dialog.getByRole("region", { name: "Recent connections" })).toContainText(`payroll@[::1]:${server.port}`);
  await app.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await app.getByRole("button", { name: "Disconnect" }).click();
});
