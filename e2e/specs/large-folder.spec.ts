import { expect, test } from "../fixtures/ferry-app";
import { quickConnect, remote } from "../fixtures/quick-connect";
import { startScriptedServer } from "../../test-support/scripted-ftp-server";

const count = 100_000;

test("a remote folder of 100 000 entries lists, and scrolls to its end", async ({ app }) => {
  const lines = Array.from({ length: count }, (_, i) => `-rw-r--r-- 1 u g ${i * 7} Nov 23  2025 file-${i}.txt`);
  const server = await startScriptedServer(`${lines.join("\r\n")}\r\n`);
  try {
    await quickConnect(app, { port: server.port, user: "u", password: "p", encryption: "Plain FTP (insecure)" });
    const grid = remote(app).getByRole("grid");
    await expect(grid).toHaveAttribute("aria-rowcount", String(count + 1), { timeout: 30_000 });
    await expect(grid.getByRole("row", { name: /^file-0\.txt/ })).toBeVisible();
    // Only the rows in view (and a few around them) are in the page.
    expect(await grid.getByRole("row").count()).toBeLessThan(200);

    await grid.focus();
    await app.keyboard.press("End");
    await expect(grid.getByRole("row", { name: /^file-99999\.txt/ })).toBeVisible();
    await expect(grid.getByRole("row", { selected: true })).toContainText("file-99999.txt");
    await app.keyboard.press("Home");
    await expect(grid.getByRole("row", { name: /^file-0\.txt/ })).toBeVisible();
  } finally {
    await server.close();
  }
});
