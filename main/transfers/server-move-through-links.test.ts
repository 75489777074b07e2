import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { scriptedSession } from "../../test-support/scripted-session";
import { synchronizeBeside } from "../../test-support/synchronize-beside";
import { cleanups, temporary } from "../../test-support/test-cleanups";

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const folder = (name: string) => `drwxr-xr-x 2 u g 4096 Nov 23  2025 ${name}\r\n`;
const file = (name: string, size: number) => `-rw-r--r-- 1 u g ${size} Nov 23  2025 ${name}\r\n`;

describe("moving (F6) a server folder that holds a link the server lists as a folder", () => {
  it("downloads what the link leads to but deletes none of it, and keeps the link and the folders holding it", async () => {
    const files: Record<string, string> = { "/proj/trash/old.txt": "old", "/home/data/thesis.pdf": "years of work" };
    const { server, sessions, info } = await scriptedSession({
      listings: {
        "/proj": folder("trash"),
        "/proj/trash": `${file("old.txt", 3)}${folder("data")}`,
        "/home/data": file("thesis.pdf", 13),
      },
      files,
      links: { "/proj/trash/data": "/home/data" },
      changes: true,
      replies: { RMD: "250 removed" },
    });
    const { queue } = await synchronizeBeside(sessions, await temporary("ferry-move-link-data-"));
    cleanups.push(() => queue.close());
    const local = await temporary("ferry-move-link-local-");

    const { batchId } = await queue.add({
      connector: sessions.connector(info.id),
      direction: "download",
      move: true,
      sourceFolder: "/proj",
      names: ["trash"],
      targetFolder: local,
    });
    const jobs = await queue.whenCompleted(batchId);

    expect(await readFile(join(local, "trash", "old.txt"), "utf8")).toBe("old");
    expect(await readFile(join(local, "trash", "data", "thesis.pdf"), "utf8")).toBe("years of work");
    // What the user moved is gone from the server; what the link leads to stays, and so does the link's folder.
    expect(Object.keys(files)).toEqual(["/home/data/thesis.pdf"]);
    expect(server.commands.filter((command) => /^(DELE|RMD) /.test(command))).toEqual(["DELE /proj/trash/old.txt"]);
    expect(jobs.map((job) => job.message).filter(Boolean)).toEqual([
      "Kept /proj/trash/data on the server: it leads to another folder (a link the server lists as a folder), whose files were copied, not moved.",
    ]);
  });
});
