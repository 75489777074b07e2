import { readFileSync, unlinkSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Another live Ferry owns the folder; the message is the one sentence to print. */
export class DataFolderInUse extends Error {
  constructor(
    readonly folder: string,
    readonly pid: number,
  ) {
    super(
      `Another Ferry (process ${pid}) is already using the data folder ${folder}; close it first, or start this one with another data folder.`,
    );
    this.name = "DataFolderInUse";
  }
}

export interface DataFolderLock {
  /** Gives the folder up; also done when the process exits. */
  release(): void;
}

const lockName = "ferry.lock";

/**
 * Makes this process the one Ferry that owns a data folder, so that two never overwrite each
 * other's files. The lock file holds the owner's pid; a lock whose process is gone (a crash,
 * kill -9) is taken over. Throws DataFolderInUse while another Ferry is alive.
 */
export async function lockDataFolder(folder: string): Promise<DataFolderLock> {
  try {
    return await lock(folder);
  } catch (error) {
    if (error instanceof DataFolderInUse) throw error;
    throw new Error(`Ferry cannot write to its data folder ${folder}; check that it is a folder you may write to.`, { cause: error });
  }
}

async function lock(folder: string): Promise<DataFolderLock> {
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const path = join(folder, lockName);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await create(path)) return held(path);
    const owner = await ownerOf(path);
    if (owner !== undefined && owner !== process.pid && isAlive(owner)) throw new DataFolderInUse(folder, owner);
    await takeOver(path, owner);
  }
  // Starts kept taking a stale lock from each other: another one won.
  throw new DataFolderInUse(folder, (await ownerOf(path)) ?? 0);
}

/** Writes the lock whole under another name, then links it into place: no one ever reads a half-written lock. */
async function create(path: string): Promise<boolean> {
  const draft = `${path}.${process.pid}.${randomBytes(4).toString("hex")}`;
  await writeFile(draft, `${process.pid}\n`, { mode: 0o600 });
  try {
    await link(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    // A file system without hard links: create it in place instead.
    return writeFile(path, `${process.pid}\n`, { mode: 0o600, flag: "wx" }).then(
      () => true,
      (reason: unknown) => {
        if ((reason as NodeJS.ErrnoException).code === "EEXIST") return false;
        throw reason;
      },
    );
  } finally {
    await rm(draft, { force: true });
  }
}

/**
 * Removes the lock of a process that is gone. It is moved aside first and checked, so that a
 * lock another start has just created in its place is put back instead of removed.
 */
async function takeOver(path: string, stale: number | undefined): Promise<void> {
  const aside = `${path}.stale-${process.pid}`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  if ((await ownerOf(aside)) !== stale) await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
}

async function ownerOf(path: string): Promise<number | undefined> {
  const text = await readFile(path, "utf8").catch(() => "");
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function held(path: string): DataFolderLock {
  const release = () => {
    process.off("exit", release);
    try {
      // Only our own lock: after a takeover it may be another's.
      if (readFileSync(path, "utf8").trim() === String(process.pid)) unlinkSync(path);
    } catch {
      return;
    }
  };
  // Synchronous, as the exit event allows nothing else.
  process.on("exit", release);
  return { release };
}
