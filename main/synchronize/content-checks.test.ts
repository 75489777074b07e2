import { open } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scriptedSynchronize } from "../../test-support/scripted-session";
import { toUserError } from "../errors";

describe("a comparison by checksum", () => {
  it("stops at once when cancelled while it reads a big local file, not once the file is read", async () => {
    const bytes = 20_000_000_000;
    const { server, info, service, local } = await scriptedSynchronize({
      listings: { "/site": `-rw-r--r-- 1 u g ${bytes} Nov 23  2025 huge.bin\r\n` },
      files: { "/site/huge.bin": "the server's checksum is of these bytes" },
      checksums: { onlyX: true },
    });
    // 20 GB that take no disk: reading and hashing them takes many seconds.
    const huge = await open(join(local, "huge.bin"), "w");
    await huge.truncate(bytes);
    await huge.close();

    const comparing = service.compare("big", {
      sessionId: info.id,
      localFolder: local,
      remoteFolder: "/site",
      direction: "remote",
      mode: "files",
      criteria: "size",
      checksum: true,
      toleranceMs: 1000,
      deleteMissing: false,
      subfolders: true,
    });
    await expect.poll(() => server.commands.some((command) => command.startsWith("XSHA256"))).toBe(true);
    const cancelled = performance.now();
    service.cancel("big");
    const outcome = await comparing.then(
      () => "compared",
      (error: unknown) => toUserError(error).message,
    );
    expect(outcome).toBe("The comparison was stopped, as you asked.");
    expect(performance.now() - cancelled).toBeLessThan(3000);
  });
});
