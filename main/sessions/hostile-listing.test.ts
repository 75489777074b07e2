import { afterAll, describe, expect, it } from "vitest";
import { startScriptedServer } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { scriptedRequest } from "../../test-support/connect-requests";

const hostile = [
  "drwxr-xr-x 2 u g 4096 Nov 23  2025 ..",
  "drwxr-xr-x 2 u g 4096 Nov 23  2025 .",
  "-rw-r--r-- 1 u g 10 Nov 23  2025 ../../etc/passwd",
  "-rw-r--r-- 1 u g 10 Nov 23  2025 sub/inner.txt",
  "-rw-r--r-- 1 u g 10 Nov 23  2025 back\\slash",
  "-rw-r--r-- 1 u g 10 Nov 23  2025 nul\0byte",
  "-rw-r--r-- 1 u g 10 Nov 23  2025 bell\x07and\x1b[31mred",
  "this line is not a listing at all",
  "-rw-r--r-- 1 u g 1234 Nov 23  2025 good.txt",
  "drwxr-xr-x 2 u g 4096 Nov 23 10:00 good folder",
].join("\r\n");

const server = await startScriptedServer(`${hostile}\r\n`);
afterAll(() => server.close());

describe("a listing with hostile names", () => {
  it("shows the safe entries, counts the rest, and keeps the session usable", async () => {
    const { sessions } = sessionManagerForTests();
    const info = await sessions.open(scriptedRequest(server));
    try {
      const listing = await sessions.list(info.id);
      const names = listing.entries.map((entry) => entry.name).sort();
      expect(names).toEqual(["good folder", "good.txt"]);
      // basic-ftp drops "." and ".."; Ferry counts the five names it had to refuse, and says a line could not be read.
      expect(listing.rejectedNames).toBe(5);
      expect(listing.incomplete).toBe("1 line of the folder’s listing could not be read: the entry it names is missing from it.");
      expect(listing.entries.find((entry) => entry.name === "good.txt")).toMatchObject({
        kind: "file",
        size: 1234,
        permissions: "rw-r--r--",
      });
      expect(listing.entries.find((entry) => entry.name === "good folder")).toMatchObject({ kind: "folder" });
    } finally {
      sessions.closeAll();
    }
  });
});
