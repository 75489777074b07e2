import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { JsonStore, type NoticeText } from "./json-store";

const Schema = z.object({ version: z.literal(1), names: z.array(z.string()) });
type Names = z.infer<typeof Schema>;

async function setUp() {
  const dir = await mkdtemp(join(tmpdir(), "ferry-store-"));
  const path = join(dir, "names.json");
  const notices: NoticeText[] = [];
  const open = () =>
    new JsonStore<Names>({
      path,
      schema: Schema,
      initial: { version: 1, names: [] },
      label: "Your names",
      afresh: "Ferry started with none",
      notify: (notice) => notices.push(notice),
    });
  return { dir, path, notices, open };
}

const add = (name: string) => (value: Names) => ({ ...value, names: [...value.names, name] });

describe("a JSON store", () => {
  it("starts from the initial value without a word when there is no file yet, and reads back what it wrote", async () => {
    const { path, notices, open } = await setUp();
    const store = open();
    expect(await store.read()).toEqual({ version: 1, names: [] });
    await store.update(add("a"));
    expect(await open().read()).toEqual({ version: 1, names: ["a"] });
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({ version: 1, names: ["a"] });
    expect(notices).toEqual([]);
  });

  it("loses none of many concurrent updates", async () => {
    const { open } = await setUp();
    const store = open();
    const names = Array.from({ length: 20 }, (_, i) => `n${i}`);
    await Promise.all(names.map((name) => store.update(add(name))));
    expect((await store.read()).names).toEqual(names);
    expect((await open().read()).names).toEqual(names);
  });

  it.each([
    { name: "not JSON", content: "{ broken", reason: "not valid JSON" },
    { name: "the wrong shape", content: JSON.stringify({ version: 7 }), reason: "does not hold what Ferry expects" },
  ])("keeps a file that is $name aside, says so once, and starts afresh", async ({ content, reason }) => {
    const { dir, path, notices, open } = await setUp();
    await writeFile(path, content);
    const store = open();
    expect(await store.read()).toEqual({ version: 1, names: [] });
    await store.read();
    expect(notices).toHaveLength(1);
    expect(notices[0]?.text).toContain(reason);
    expect(notices[0]?.text).toMatch(/^Your names could not be read \(it .*\), so Ferry started with none\.$/);
    const backup = /^The file was kept as (.*names\.json\.corrupt-.*)\.$/.exec(notices[0]?.detail ?? "")?.[1] ?? "";
    expect(await readFile(backup, "utf8")).toBe(content);
    await store.update(add("b"));
    expect((await readdir(dir)).sort()).toEqual(["names.json", backup.slice(dir.length + 1)]);
  });

  it("moves a folder standing where the file should be aside, with a notice and no throw", async () => {
    const { path, notices, open } = await setUp();
    await mkdir(path);
    await writeFile(join(path, "inside.txt"), "mine");
    const store = open();
    expect(await store.read()).toEqual({ version: 1, names: [] });
    expect(notices[0]?.text).toMatch(/a folder is in its place/);
    const backup = /^The file was kept as (.*)\.$/.exec(notices[0]?.detail ?? "")?.[1] ?? "";
    expect(await readFile(join(backup, "inside.txt"), "utf8")).toBe("mine");
    await store.update(add("c"));
    expect((await stat(path)).isFile()).toBe(true);
  });

  it("reports a file it can neither read nor move aside, and refuses to write over it", async () => {
    const { dir, notices } = await setUp();
    const blocked = join(dir, "sub");
    await writeFile(blocked, "a file where the store's folder should be");
    const store = new JsonStore<Names>({ ...storeOptions(join(blocked, "names.json")), notify: (notice) => notices.push(notice) });
    expect(await store.read()).toEqual({ version: 1, names: [] });
    expect(notices[0]?.text).toBe(
      "Your names could not be read (a file is where its folder should be), so Ferry started with none and will not save changes to it.",
    );
    await expect(store.update(add("x"))).rejects.toThrow(/^Your names could not be saved: .* does not replace what it cannot read\.$/);
    expect(await readFile(blocked, "utf8")).toBe("a file where the store's folder should be");
  });

  it("rejects a failed write with a sentence, keeps the last saved value and goes on with the next write", async () => {
    const { path, open } = await setUp();
    const store = open();
    await store.update(add("a"));
    const other = open();
    await other.read();
    await rm(path);
    await mkdir(path);
    await writeFile(join(path, "inside.txt"), "mine");
    await expect(other.update(add("x"))).rejects.toThrow("Your names could not be saved (a folder is in its place).");
    expect((await other.read()).names).toEqual(["a"]);
    await rm(path, { recursive: true });
    await Promise.allSettled([other.update(() => Promise.reject(new Error("no"))), other.update(add("y"))]);
    expect((await other.read()).names).toEqual(["a", "y"]);
    expect((await open().read()).names).toEqual(["a", "y"]);
  });
});

function storeOptions(path: string) {
  return { path, schema: Schema, initial: { version: 1 as const, names: [] }, label: "Your names", afresh: "Ferry started with none" };
}
