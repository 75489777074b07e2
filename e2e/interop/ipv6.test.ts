import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { seededFolder } from "../../test-support/server-folder";
import { tree } from "../../test-support/test-helpers";
import { interopQueue } from "./interop-queue";
import { interopSession } from "./interop-session";
import { cleanups, temporary } from "../../test-support/test-cleanups";

const { servers: file } = inject("interop");
describe.each(file.ipv6)("$name", (server) => {
  it("is reached at [::1], its certificate verified by its IP address, and lists over EPSV alone", async () => {
    const { sessions, info } = await interopSession(server, { host: server.host });
    cleanups.push(() => sessions.closeAll());
    expect(info).toMatchObject({ host: "::1", port: server.port, security: { encrypted: true, trust: "verified" } });
    const listing = await sessions.list(info.id);
    expect(listing.entries.map((entry) => entry.name)).toEqual(expect.arrayContaining(Object.keys(seededFolder.files)));
    const log = sessions
      .log(info.id)
      .all()
      .map((line) => `${line.kind}: ${line.text}`);
    expect(log).toContain(`info: Connected to [::1]:${server.port}; asking for TLS`);
    expect(log).toContain("command: EPSV");
    expect(log.some((line) => line.startsWith("command: PASV"))).toBe(false);
  });

  it("takes a tree up and brings it back down identical", { timeout: 90_000 }, async () => {
    const { sessions, info } = await interopSession(server, { host: server.host });
    const app = await interopQueue(sessions, info.id);
    cleanups.push(() => sessions.closeAll(), app.close);
    const local = await temporary("ferry-interop-ipv6-");
    await mkdir(join(local, "six", "deeper"), { recursive: true });
    await mkdir(join(local, "six", "empty"));
    await writeFile(join(local, "six", "big.bin"), randomBytes(1_500_000));
    await writeFile(join(local, "six", "deeper", "small.txt"), "over IPv6\n");
    const remoteFolder = `${file.startPath}/ipv6-${Date.now()}`;
    await app.copy("upload", local, ["six"], remoteFolder);
    expect((await app.drained()).filter((job) => job.status !== "done")).toEqual([]);
    const back = await temporary("ferry-interop-ipv6-back-");
    await app.copy("download", remoteFolder, ["six"], back);
    expect((await app.drained()).filter((job) => job.status !== "done")).toEqual([]);
    expect(await tree(join(back, "six"))).toEqual(await tree(join(local, "six")));
  });
});
