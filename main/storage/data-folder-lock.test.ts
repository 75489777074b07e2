import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataFolderInUse, lockDataFolder } from "./data-folder-lock";

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
});

/** Another Ferry: a node process that takes the lock, says so, and holds it until stdin ends. */
async function otherOwner(folder: string): Promise<ChildProcess> {
  const script = join(folder, "..", `owner-${Date.now()}.mts`);
  await writeFile(
    script,
    `import { lockDataFolder } from ${JSON.stringify(resolve(import.meta.dirname, "data-folder-lock.ts"))};
await lockDataFolder(${JSON.stringify(folder)});
console.log("locked");
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));`,
  );
  const child = spawn(process.execPath, ["--import", "tsx", script], { stdio: ["pipe", "pipe", "inherit"] });
  children.push(child);
  const [line] = (await once(child.stdout!, "data")) as [Buffer];
  expect(line.toString().trim()).toBe("locked");
  return child;
}

async function dataFolder() {
  return join(await mkdtemp(join(tmpdir(), "ferry-lock-")), "data");
}

describe("the data-folder lock", () => {
  it("refuses a second owner while the first one lives, and lets it in once the first has exited", async () => {
    const folder = await dataFolder();
    const first = await otherOwner(folder);
    const refused = await lockDataFolder(folder).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DataFolderInUse);
    expect((refused as Error).message).toBe(
      `Another Ferry (process ${first.pid}) is already using the data folder ${folder}; close it first, or start this one with another data folder.`,
    );
    first.stdin!.end();
    await once(first, "exit");
    await expect(readFile(join(folder, "ferry.lock")), "released at exit").rejects.toThrow();
    const lock = await lockDataFolder(folder);
    expect((await readFile(join(folder, "ferry.lock"), "utf8")).trim()).toBe(String(process.pid));
    lock.release();
    await expect(readFile(join(folder, "ferry.lock"))).rejects.toThrow();
  });

  it("takes over the lock of a Ferry that was killed", async () => {
    const folder = await dataFolder();
    const killed = await otherOwner(folder);
    killed.kill("SIGKILL");
    await once(killed, "exit");
    expect((await readFile(join(folder, "ferry.lock"), "utf8")).trim()).toBe(String(killed.pid));
    const lock = await lockDataFolder(folder);
    expect((await readFile(join(folder, "ferry.lock"), "utf8")).trim()).toBe(String(process.pid));
    lock.release();
  });

  it("takes over a lock file that holds no process", async () => {
    const folder = await dataFolder();
    await lockDataFolder(folder).then((lock) => lock.release());
    await writeFile(join(folder, "ferry.lock"), "garbage");
    const lock = await lockDataFolder(folder);
    expect((await readFile(join(folder, "ferry.lock"), "utf8")).trim()).toBe(String(process.pid));
    lock.release();
  });

  it("says in a sentence when the data folder cannot be a folder", async () => {
    const parent = await mkdtemp(join(tmpdir(), "ferry-lock-"));
    await writeFile(join(parent, "data"), "a file");
    await expect(lockDataFolder(join(parent, "data"))).rejects.toThrow(
      `Ferry cannot write to its data folder ${join(parent, "data")}; check that it is a folder you may write to.`,
    );
  });
});
