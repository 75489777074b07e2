import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readJsonFile, writeFileAtomic } from "./json-file";

const Schema = z.object({ version: z.literal(1), names: z.array(z.string()) });

async function folder() {
  return mkdtemp(join(tmpdir(), "ferry-json-"));
}

describe("settings files", () => {
  it("round-trips a value and leaves no temporary file behind", async () => {
    const path = join(await folder(), "settings.json");
    await writeFileAtomic(path, JSON.stringify({ version: 1, names: ["a"] }));
    expect(await readJsonFile(path, Schema)).toEqual({ state: "ok", value: { version: 1, names: ["a"] } });
    expect(await readdir(join(path, ".."))).toEqual(["settings.json"]);
  });

  it("reports a missing file as missing", async () => {
    expect(await readJsonFile(join(await folder(), "none.json"), Schema)).toEqual({ state: "missing" });
  });

  it.each([
    { name: "not JSON", content: "{ broken" },
    { name: "the wrong shape", content: JSON.stringify({ version: 7 }) },
  ])("keeps a file that is $name aside instead of overwriting it", async ({ content }) => {
    const dir = await folder();
    const path = join(dir, "settings.json");
    await writeFile(path, content);
    const read = await readJsonFile(path, Schema);
    expect(read.state).toBe("corrupt");
    if (read.state !== "corrupt") return;
    expect(await readFile(read.backup, "utf8")).toBe(content);
    expect(await readdir(dir)).toEqual([read.backup.slice(dir.length + 1)]);
  });

  it("keeps a file aside whose schema throws while reading it, instead of throwing", async () => {
    const dir = await folder();
    const path = join(dir, "settings.json");
    const content = JSON.stringify({ version: 1, names: ["a"] });
    await writeFile(path, content);
    const throwing = Schema.transform(() => {
      throw new Error("a bug in a migration");
    });
    const read = await readJsonFile(path, throwing);
    expect(read).toMatchObject({ state: "corrupt", reason: "it does not hold what Ferry expects there" });
    if (read.state !== "corrupt") return;
    expect(await readFile(read.backup, "utf8")).toBe(content);
  });

  it("leaves the old file intact when a write cannot finish", async () => {
    const dir = await folder();
    const path = join(dir, "settings.json");
    await writeFileAtomic(path, "old");
    // A folder where the temporary file's rename should land makes the write fail at the last step.
    const blocked = join(dir, "blocked");
    await writeFileAtomic(join(blocked, "inner"), "x");
    await expect(writeFileAtomic(blocked, "new")).rejects.toThrow();
    expect(await readFile(path, "utf8")).toBe("old");
    expect((await readdir(dir)).sort()).toEqual(["blocked", "settings.json"]);
  });
});
