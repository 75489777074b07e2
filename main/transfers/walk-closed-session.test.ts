import { describe, expect, it } from "vitest";
import { scriptedSynchronize } from "../../test-support/scripted-session";
import { failure } from "../../test-support/test-helpers";
import { walkCutShort } from "./folder-walks";

const line = (name: string) => `-rw-r--r-- 1 u g 10 Nov 23  2025 ${name}\r\n`;
/** Every folder holds 20 files and a folder: a walk that goes on until it is stopped. */
const files = Array.from({ length: 20 }, (_, i) => line(`f${i}.txt`)).join("");

describe("closing a server tab while a download's folder walk runs", () => {
  it("stops the walk, and what it found that has not started fails, saying why, instead of waiting in the queue", async () => {
    const { sessions, info, queue, local } = await scriptedSynchronize({
      listings: () => `${files}drwxr-xr-x 2 u g 4096 Nov 23  2025 d\r\n`,
      // Downloads take their time: most jobs found are still waiting when the tab closes.
      files: {},
      trickle: { verbs: ["RETR", "SIZE", "MDTM"], everyMs: 50 },
    });
    const added = queue.add({
      connector: sessions.connector(info.id),
      direction: "download",
      move: false,
      sourceFolder: "/",
      names: ["d"],
      targetFolder: local,
    });
    await expect.poll(() => queue.list().jobs.length, { timeout: 20_000 }).toBeGreaterThan(40);

    sessions.close(info.id);

    expect(await failure(added)).toEqual({ code: "cancelled", message: "Looking through the folders stopped: the session was closed." });
    const jobs = queue.list().jobs;
    expect(jobs.filter((job) => job.status === "queued")).toEqual([]);
    expect(jobs.filter((job) => job.message === walkCutShort).length).toBeGreaterThan(30);
    // What was running when the tab closed ends on its own connection.
    await expect.poll(() => queue.list().summary.active, { timeout: 20_000 }).toBe(0);
  });
});
