import { mkdir, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scriptedSynchronize } from "../../test-support/scripted-session";

describe("Synchronize on a server whose LIST times are in Tokyo (UTC+9) and MDTM's in UTC", () => {
  it("detects the offset on its own walk, where the pane had listed no file, finds nothing to do for equal files, and the pane lists again", async () => {
    const folder = (name: string) => `drwxr-xr-x 2 u g 4096 Nov  2 12:00 ${name}\r\n`;
    const file = (name: string, time: string) => `-rw-r--r-- 1 u g 1 ${time} ${name}\r\n`;
    const { sessions, info, service, local } = await scriptedSynchronize({
      listings: {
        "/": folder("site"),
        "/site": `${folder("css")}${folder("www")}`,
        // Listed at once with www, and old: its day alone tells no offset, and it may be read before www's file tells it.
        "/site/css": file("site.css", "Nov 24  2025"),
        "/site/www": file("page.html", "Nov  2 12:04"),
      },
      files: { "/site/www/page.html": "x", "/site/css/site.css": "y" },
      // 12:04 in Tokyo; slow, so that the other folder's listing is read meanwhile.
      replies: { MDTM: "213 20261102030400" },
      trickle: { verbs: ["MDTM"], everyMs: 20 },
    });
    for (const [path, content, utc] of [
      ["www/page.html", "x", "2026-11-02T03:04:00Z"],
      // 05:00 on 24 November in Tokyo, still the 23rd in UTC.
      ["css/site.css", "y", "2025-11-23T20:00:00Z"],
    ] as const) {
      await mkdir(join(local, path, ".."), { recursive: true });
      await writeFile(join(local, path), content);
      await utimes(join(local, path), new Date(utc), new Date(utc));
    }

    // The pane shows css, whose day alone tells no offset.
    const shown = async () => (await sessions.list(info.id, "/site/css")).entries[0]?.modified;
    expect(await shown()).toBe(Date.parse("2025-11-24T00:00:00Z"));

    const plan = await service.compare("zone", {
      sessionId: info.id,
      localFolder: local,
      remoteFolder: "/site",
      direction: "both",
      mode: "files",
      criteria: "time",
      toleranceMs: 1000,
      deleteMissing: false,
      subfolders: true,
    });

    expect(plan.actions.map((action) => `${action.kind} ${action.path}`)).toEqual([]);
    expect(sessions.timeOffsetMs(info.id)).toBe(9 * 3_600_000);
    // The pane's kept listing goes with the offset it was read with: css lists again, at Tokyo's midnight.
    expect(await shown()).toBe(Date.parse("2025-11-23T15:00:00Z"));
  });
});
