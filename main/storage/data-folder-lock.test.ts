import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
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

async function lockOwner(folder: string): Promise<number> {
  return (JSON.parse(await readFile(join(folder, "ferry.lock"), "utf8")) as { pid: number }).pid;
}

/** A live process that is not Ferry, whose pid a stale lock can name. */
async function someProcess(): Promise<ChildProcess> {
  const child = spawn("sleep", ["60"], { stdio: "ignore" });
  children.push(child);
  await once(child, "spawn");
  return child;
}

/** When a process started, as /proc/PID/stat says (field 22). */
async function startOf(pid: number | undefined): Promise<string> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "";
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
    expect(await lockOwner(folder)).toBe(process.pid);
    lock.release();
    await expect(readFile(join(folder, "ferry.lock"))).rejects.toThrow();
  });

  it("takes over the lock of a Ferry that was killed", async () => {
    const folder = await dataFolder();
    const killed = await otherOwner(folder);
    killed.kill("SIGKILL");
    await once(killed, "exit");
    expect(await lockOwner(folder)).toBe(killed.pid);
    const lock = await lockDataFolder(folder);
    expect(await lockOwner(folder)).toBe(process.pid);
    lock.release();
  });

  it("takes over a lock file that holds no process", async () => {
    const folder = await dataFolder();
    await lockDataFolder(folder).then((lock) => lock.release());
    await writeFile(join(folder, "ferry.lock"), "garbage");
    const lock = await lockDataFolder(folder);
    expect(await lockOwner(folder)).toBe(process.pid);
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

describe.runIf(existsSync("/proc/sys/kernel/random/boot_id"))(
  "the data-folder lock on a system that tells boots and start times apart",
  () => {
    const boot = () => readFile("/proc/sys/kernel/random/boot_id", "utf8").then((text) => text.trim());

    it("takes over a lock left from before a reboot, though its pid is in use again", async () => {
      const folder = await dataFolder();
      const other = await someProcess();
      await lockDataFolder(folder).then((lock) => lock.release());
      await writeFile(
        join(folder, "ferry.lock"),
        JSON.stringify({ pid: other.pid, boot: "an-earlier-boot", started: await startOf(other.pid) }),
      );
      const lock = await lockDataFolder(folder);
      expect(await lockOwner(folder)).toBe(process.pid);
      lock.release();
    });

    it("takes over a lock whose pid now belongs to another process", async () => {
      const folder = await dataFolder();
      const other = await someProcess();
      await lockDataFolder(folder).then((lock) => lock.release());
      const started = await startOf(other.pid);
      await writeFile(
        join(folder, "ferry.lock"),
        JSON.stringify({ pid: other.pid, boot: await boot(), started: `${Number(started) - 1}` }),
      );
      const lock = await lockDataFolder(folder);
      expect(await lockOwner(folder)).toBe(process.pid);
      lock.release();
    });

    it("records the boot and the start time, and still honours a live Ferry's lock that holds its pid alone", async () => {
      const folder = await dataFolder();
      const lock = await lockDataFolder(folder);
      expect(JSON.parse(await readFile(join(folder, "ferry.lock"), "utf8"))).toEqual({
        pid: process.pid,
        boot: await boot(),
        started: await startOf(process.pid),
      });
      lock.release();
      const older = await someProcess();
      await writeFile(join(folder, "ferry.lock"), `${older.pid}\n`);
      await expect(lockDataFolder(folder)).rejects.toBeInstanceOf(DataFolderInUse);
    });
  },
);
