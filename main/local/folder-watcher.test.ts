import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { EventMessage } from "../../shared/contract";
import { FolderWatcher } from "./folder-watcher";

const sent: { message: EventMessage; to: string | undefined }[] = [];
const watcher = new FolderWatcher((message, to) => sent.push({ message, to }));
afterEach(() => {
  watcher.closeAll();
  sent.length = 0;
});

const changedFolders = () =>
  sent.map(({ message, to }) => ({ path: message.kind === "event" && "path" in message.payload ? message.payload.path : "", to }));

describe("watching the folders the Local panes show", () => {
  it("tells each page showing the folder that something changed in it", async () => {
    const folder = await mkdtemp(join(tmpdir(), "ferry-watch-"));
    watcher.show("page-1", folder);
    watcher.show("page-2", folder);
    await writeFile(join(folder, "new.txt"), "made behind Ferry's back");
    await vi.waitFor(() =>
      expect(changedFolders()).toEqual(
        expect.arrayContaining([
          { path: folder, to: "page-1" },
          { path: folder, to: "page-2" },
        ]),
      ),
    );
  });

  it("lets go of a folder the page left, and of a page that went away", async () => {
    const left = await mkdtemp(join(tmpdir(), "ferry-watch-left-"));
    const now = await mkdtemp(join(tmpdir(), "ferry-watch-now-"));
    watcher.show("page", left);
    watcher.show("page", now);
    await writeFile(join(left, "ignored.txt"), "x");
    await writeFile(join(now, "seen.txt"), "x");
    await vi.waitFor(() => expect(changedFolders()).toContainEqual({ path: now, to: "page" }));
    expect(changedFolders().map((change) => change.path)).not.toContain(left);

    watcher.clientGone("page");
    sent.length = 0;
    await writeFile(join(now, "after.txt"), "x");
    await mkdir(join(now, "sub"));
    // A change the page is still told about would come within the settle time; a second folder's change proves time passed.
    const other = await mkdtemp(join(tmpdir(), "ferry-watch-other-"));
    watcher.show("someone else", other);
    await writeFile(join(other, "x.txt"), "x");
    await vi.waitFor(() => expect(changedFolders()).toContainEqual({ path: other, to: "someone else" }));
    expect(changedFolders().map((change) => change.path)).not.toContain(now);
  });

  it("says once more when the folder itself is deleted", async () => {
    const folder = await mkdtemp(join(tmpdir(), "ferry-watch-gone-"));
    watcher.show("page", folder);
    await rm(folder, { recursive: true });
    await vi.waitFor(() => expect(changedFolders()).toContainEqual({ path: folder, to: "page" }));
  });
});
