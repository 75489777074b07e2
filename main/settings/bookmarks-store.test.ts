import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BookmarksStore } from "./bookmarks-store";

describe("bookmarks", () => {
  it.each(["__proto__", "constructor", "toString", "hasOwnProperty"])("keep %s as a key like any other, across a restart", async (key) => {
    const path = join(await mkdtemp(join(tmpdir(), "ferry-bookmarks-")), "bookmarks.json");
    const store = new BookmarksStore(path);
    expect(await store.get(key)).toEqual([]);
    await store.set(key, ["/srv", "/srv", "/home"]);
    await store.set("local", ["/tmp"]);
    expect(await store.get(key)).toEqual(["/srv", "/home"]);
    const reread = new BookmarksStore(path);
    expect(await reread.get(key)).toEqual(["/srv", "/home"]);
    expect(await reread.get("local")).toEqual(["/tmp"]);
    expect(await reread.get("other")).toEqual([]);
    expect(Object.keys(JSON.parse(await readFile(path, "utf8")).bookmarks).sort()).toEqual([key, "local"].sort());
  });
});
