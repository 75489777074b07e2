import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { interopQueue } from "./interop-queue";
import { interopSession } from "./interop-session";

const { servers: file } = inject("interop");
const vsftpd = file.servers.find((server) => server.name.startsWith("vsftpd explicit"));
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("commands after login, against vsftpd", () => {
  it(
    "reach every connection: SITE UMASK on the transfer connection sets the uploaded file's permissions",
    { timeout: 60_000 },
    async () => {
      if (!vsftpd) throw new Error("servers.json lists no vsftpd explicit TLS server");
      // vsftpd's own umask (local_umask) is 077: without the command an upload is rw-------.
      const { sessions, info } = await interopSession(vsftpd, { postLoginCommands: ["SITE UMASK 022", "SITE NO-SUCH-THING"] });
      const app = await interopQueue(sessions, info.id);
      cleanups.push(() => sessions.closeAll(), app.close);
      const log = () =>
        sessions
          .log(info.id)
          .all()
          .map((line) => `${line.kind}: ${line.text}`);
      expect(log()).toEqual(
        expect.arrayContaining([
          "command: SITE UMASK 022",
          expect.stringMatching(/^reply: 200 UMASK set to 0?022/),
          "command: SITE NO-SUCH-THING",
          expect.stringMatching(
            /^error: The server refused the command after login "SITE NO-SUCH-THING" \(500 .*\); the connection goes on without it\.$/,
          ),
        ]),
      );

      const local = await mkdtemp(join(tmpdir(), "ferry-interop-umask-"));
      cleanups.push(() => rm(local, { recursive: true, force: true }));
      const name = `umask-${Date.now()}.txt`;
      await writeFile(join(local, name), "umask 022\n");
      await app.copy("upload", local, [name], file.startPath);
      expect((await app.drained()).filter((job) => job.status !== "done")).toEqual([]);
      const uploaded = (await sessions.list(info.id, file.startPath, false, true)).entries.find((entry) => entry.name === name);
      expect(uploaded?.permissions).toBe("rw-r--r--");
      expect(log()).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^reply: \[transfer \d+\] 200 /),
          expect.stringMatching(/^command: \[transfer \d+\] SITE UMASK 022$/),
        ]),
      );
    },
  );
});
