import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { launcherPage } from "./open-in-browser";

describe("the page the browser is opened with", () => {
  it("holds the token for this user alone, and the browser's arguments hold only the page's address", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "ferry-launcher-"));
    const url = 'http://127.0.0.1:4312/?token=5f3a9c&x=<"y">';

    const page = await launcherPage(dataDir, url);

    expect(page).toMatch(/^file:\/\//);
    expect(page).not.toContain("5f3a9c");
    const path = fileURLToPath(page);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const html = await readFile(path, "utf8");
    expect(html).toContain('content="0;url=http://127.0.0.1:4312/?token=5f3a9c&amp;x=&lt;&quot;y&quot;>"');
  });
});
