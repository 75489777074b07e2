import { describe, expect, it } from "vitest";
import type { ScriptedContent } from "../../test-support/scripted-ftp-server";
import { scriptedSynchronize } from "../../test-support/scripted-session";
import { failure, tree } from "../../test-support/test-helpers";

const line = (name: string) => `-rw-r--r-- 1 u g 1 Nov 23  2025 ${name}\r\n`;

/** /site/www, whose listing pure-ftpd cuts short at two of its three files. */
const cutShort: ScriptedContent = {
  listings: { "/site": "drwxr-xr-x 2 u g 4096 Nov 23  2025 www\r\n", "/site/www": `${line("a.txt")}${line("b.txt")}` },
  files: { "/site/www/a.txt": "a", "/site/www/b.txt": "b", "/site/www/c.txt": "c" },
  listDone: (path) => (path === "/site/www" ? "226-Options: -a -l\r\n226 Output truncated to 2 matches" : undefined),
  changes: true,
  replies: { RMD: "250 removed" },
};

describe("a folder whose listing the server cuts short", () => {
  it("shows in the pane what was listed, saying that the folder holds more", async () => {
    const { sessions, info } = await scriptedSynchronize(cutShort);
    const listing = await sessions.list(info.id, "/site/www");
    expect(listing.entries.map((entry) => entry.name)).toEqual(["a.txt", "b.txt"]);
    expect(listing.incomplete).toBe(
      "The server cut the folder’s listing short (“Output truncated to 2 matches”): the folder holds more than was listed.",
    );
  });

  it("is not deleted from what was listed: nothing in it is touched, and the delete says why", async () => {
    const { server, sessions, info } = await scriptedSynchronize(cutShort);
    const from = server.commands.length;
    const error = await failure(sessions.session(info.id).delete("/site", ["www"]));
    expect(error.message).toBe(
      "The server cut its listing of /site/www short (“Output truncated to 2 matches”): the folder holds more than was listed.",
    );
    expect(server.commands.slice(from).filter((command) => /^(DELE|RMD)/.test(command))).toEqual([]);
  });

  it("is not downloaded as if what was listed were all of it: the download fails and says why", async () => {
    const { sessions, info, queue, local } = await scriptedSynchronize(cutShort);
    const error = await failure(
      queue.add({
        connector: sessions.connector(info.id),
        direction: "download",
        move: false,
        sourceFolder: "/site",
        names: ["www"],
        targetFolder: local,
      }),
    );
    expect(error.message).toBe(
      "The server cut its listing of /site/www short (“Output truncated to 2 matches”): the folder holds more than was listed.",
    );
    expect(queue.list().jobs).toEqual([]);
    expect(await tree(local)).toEqual({ www: "folder" });
  });
});
