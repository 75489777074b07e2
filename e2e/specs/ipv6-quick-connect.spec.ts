import type { Page } from "@playwright/test";
import { expectAccessible } from "../fixtures/accessibility";
import { expect, test } from "../fixtures/ferry-app";
import { remote, status } from "../fixtures/quick-connect";
import { screenshots } from "../fixtures/screenshots";
import { startScriptedServer, type ScriptedServer } from "../../test-support/scripted-ftp-server";

// A server of this spec's own on the IPv6 loopback only: 127.0.0.1 would not reach it.
let server: ScriptedServer;
test.beforeAll(async () => {
  server = await startScriptedServer({
    host: "::1",
    listings: { "/": "drwxr-xr-x 2 u g 4096 Nov 23  2025 pub\r\n", "/pub": "-rw-r--r-- 1 u g 9 Nov 23  2025 six.txt\r\n" },
  });
});
test.afterAll(() => server.close());

const bar = (app: Page) => app.getByRole("form", { name: "Quick connect" });

async function connectTo(app: Page, host: string, port = "") {
  await bar(app).getByLabel("Host").fill(host);
  await bar(app).getByLabel("Port").fill(port);
  await bar(app).getByLabel("Password").fill("secret");
  await bar(app).getByLabel("Encryption").selectOption({ label: "Plain FTP (insecure)" });
  await bar(app).getByRole("button", { name: "Connect", exact: true }).click();
}

test("an ftp:// URL with an IPv6 address in quick connect opens its folder, and the server shows as [::1]:port", async ({
  app,
}, testInfo) => {
  // Screenshots and accessibility audits, in light and dark, on a loaded machine.
  test.slow();
  await connectTo(app, `ftp://anna@[::1]:${server.port}/pub`);
  await expect(remote(app).getByLabel("Remote path")).toHaveText("/pub");
  await expect(
    remote(app)
      .getByRole("grid")
      .getByRole("row", { name: /six\.txt/ }),
  ).toBeVisible();
  await expect(status(app)).toContainText(`Unencrypted — anna@[::1]:${server.port}.`);
  const tab = app.getByRole("tablist", { name: "Sessions" }).getByRole("tab");
  await expect(tab).toContainText("anna@::1");
  // The fields take the URL apart, as the connection now shows them.
  await expect(bar(app).getByLabel("Host")).toHaveValue("::1");
  await expect(bar(app).getByLabel("Port")).toHaveValue(String(server.port));
  await expect(bar(app).getByLabel("User")).toHaveValue("anna");
  expect(server.commands).toContain("EPSV");
  expect(server.commands).not.toContain("PASV");

  await app.getByRole("button", { name: "Session log" }).click();
  await expect(app.getByRole("region", { name: "Session log" })).toContainText(`Connected to [::1]:${server.port}`);
  await expectAccessible(app, { include: ".quick-connect" });
  await screenshots(app, testInfo, "ipv6-quick-connect");
  await app.getByRole("button", { name: "Disconnect" }).click();
});

test("[::1]:port, and a bare ::1 with the Port field, connect alike", async ({ app }) => {
  for (const [host, port] of [
    [`[::1]:${server.port}`, ""],
    ["::1", String(server.port)],
  ] as const) {
    await connectTo(app, host, port);
    await expect(status(app)).toContainText(`[::1]:${server.port}`);
    await expect(remote(app).getByRole("grid").getByRole("row", { name: /pub/ })).toBeVisible();
    await app.getByRole("button", { name: "Disconnect" }).click();
    await expect(status(app)).toHaveText("Not connected");
  }
});

test("a host that cannot be read says how to write it, and connects nowhere", async ({ app }) => {
  await connectTo(app, "[::1]:99999");
  await expect(app.getByRole("alert")).toHaveText(/The port after the host must be a number from 1 to 65535\./);
  await connectTo(app, "fe80::1::2");
  await expect(app.getByRole("alert")).toContainText("write it as [address]:port");
  await expect(status(app)).toHaveText("Not connected");
});
