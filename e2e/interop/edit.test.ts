import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, inject, it } from "vitest";
import { editCommands } from "../../main/edit/commands";
import type { CommandRequest, CommandResponse } from "../../shared/contract";
import { interopSession } from "./interop-session";

const { servers: file } = inject("interop");
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Opened = CommandResponse<"edit.open"> & { kind: "text" };
const saveOf = (opened: Opened, text: string): Omit<CommandRequest<"edit.save">, "target" | "folder" | "name"> => ({
  text,
  encoding: opened.encoding,
  lineEnding: opened.lineEnding,
  guard: { kind: "unchanged", stamp: opened.stamp },
});

describe.each(file.servers)("editing a file on $name", (server) => {
  it(
    "round-trips a CRLF Windows-1252 file byte for byte through a temporary name, and sees someone else's change",
    { timeout: 60_000 },
    async () => {
      const { sessions, info } = await interopSession(server);
      cleanups.push(() => sessions.closeAll());
      const name = `edit-${server.port}-${Date.now()}`;
      // Made by the server's user, so that it may rename in it; the file itself is written on the server's disk.
      await sessions.session(info.id).mkdir(file.startPath, name);
      const folder = `${file.startPath}/${name}`;
      await writeFile(join(folder, "index.php"), Buffer.from("<?php\r\necho 'caf\xe9';\r\n", "latin1"));
      const edit = editCommands({ sessions, sizeLimit: async () => 1_000_000 });
      const at = { target: { side: "remote" as const, sessionId: info.id }, folder, name: "index.php" };

      const opened = await edit["edit.open"]({ ...at, purpose: "edit" });
      if (opened.kind !== "text") throw new Error(`opened as ${opened.kind}`);
      expect(opened).toMatchObject({ text: "<?php\necho 'café';\n", encoding: "windows-1252", lineEnding: "crlf" });
      const saved = await edit["edit.save"]({ ...at, ...saveOf(opened, "<?php\necho 'café €';\n") });
      expect(saved).toMatchObject({ kind: "saved" });
      expect(await readFile(join(folder, "index.php"))).toEqual(Buffer.from("<?php\r\necho 'caf\xe9 \x80';\r\n", "latin1"));
      // No temporary name is left behind, whichever way the server let Ferry put the file in place.
      expect(await readdir(folder)).toEqual(["index.php"]);

      const again = await edit["edit.open"]({ ...at, purpose: "edit" });
      if (again.kind !== "text") throw new Error(`opened as ${again.kind}`);
      await writeFile(join(folder, "index.php"), "someone else's change, longer than mine\n");
      expect(await edit["edit.save"]({ ...at, ...saveOf(again, "mine\n") })).toMatchObject({ kind: "conflict" });
      expect(await readFile(join(folder, "index.php"), "utf8")).toBe("someone else's change, longer than mine\n");
    },
  );
});
