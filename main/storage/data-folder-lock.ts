import { readFileSync, unlinkSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";

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
 * Who holds a lock: the pid, and where the system tells them, the boot it ran in and when the
 * process started. A pid alone is not enough: after a reboot (or after many processes) the same
 * number belongs to some other process, which would keep a dead lock alive for ever.
 */
interface LockOwner {
  pid: number;
  /** Linux's boot id: another one means the owner ran before a reboot. */
  boot?: string | undefined;
  /** When the process started, in the system's own count (clock ticks since boot on Linux). */
  started?: string | undefined;
}

/** The running system's boot id, where the system has one (Linux). */
function bootId(): string | undefined {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/** When a process started (Linux: field 22 of /proc/PID/stat), or undefined where that cannot be told. */
function startOf(pid: number | "self"): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The name (field 2) is in parentheses and may hold spaces or parentheses itself: count from after its end.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19];
  } catch {
    return undefined;
  }
}

function ownLock(): string {
  return `${JSON.stringify({ pid: process.pid, boot: bootId(), started: startOf("self") } satisfies LockOwner)}\n`;
}

/**
 * Makes this process the one Ferry that owns a data folder, so that two never overwrite each
 * other's files. The lock file says which process holds it (pid, boot, start time); a lock whose
 * process is gone (a crash, kill -9, a reboot, its pid now another process's) is taken over.
 * Throws DataFolderInUse while another Ferry is alive.
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
    const text = await lockText(path);
    const owner = ownerOf(text);
    if (owner && owner.pid !== process.pid && isAlive(owner)) throw new DataFolderInUse(folder, owner.pid);
    await takeOver(path, text);
  }
  // Starts kept taking a stale lock from each other: another one won.
  throw new DataFolderInUse(folder, ownerOf(await lockText(path))?.pid ?? 0);
}

/** Writes the lock whole under another name, then links it into place: no one ever reads a half-written lock. */
async function create(path: string): Promise<boolean> {
  const draft = `${path}.${process.pid}.${randomBytes(4).toString("hex")}`;
  await writeFile(draft, ownLock(), { mode: 0o600 });
  try {
    await link(draft, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    // A file system without hard links: create it in place instead.
    return writeFile(path, ownLock(), { mode: 0o600, flag: "wx" }).then(
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
async function takeOver(path: string, stale: string): Promise<void> {
  const aside = `${path}.stale-${process.pid}`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  if ((await lockText(aside)) !== stale) await link(aside, path).catch(() => undefined);
  await rm(aside, { force: true });
}

function lockText(path: string): Promise<string> {
  return readFile(path, "utf8").catch(() => "");
}

const LockOwnerSchema = z.object({ pid: z.number().int().positive(), boot: z.string().optional(), started: z.string().optional() });

/** The lock's owner; a lock written by a Ferry before this one holds the pid alone. Undefined for a lock that holds no process. */
function ownerOf(text: string): LockOwner | undefined {
  const pid = Number(text.trim());
  if (Number.isInteger(pid) && pid > 0) return { pid };
  try {
    const parsed = LockOwnerSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the lock's owner still runs: the same boot, a live pid, and that pid started when the owner did. */
function isAlive(owner: LockOwner): boolean {
  const boot = bootId();
  if (owner.boot !== undefined && boot !== undefined && owner.boot !== boot) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  if (owner.started === undefined) return true;
  const started = startOf(owner.pid);
  // Where the start time cannot be read (another system, no /proc), the live pid is all there is to go by.
  return started === undefined || started === owner.started;
}

function held(path: string): DataFolderLock {
  const release = () => {
    process.off("exit", release);
    try {
      // Only our own lock: after a takeover it may be another's.
      if (ownerOf(readFileSync(path, "utf8"))?.pid === process.pid) unlinkSync(path);
    } catch {
      return;
    }
  };
  // Synchronous, as the exit event allows nothing else.
  process.on("exit", release);
  return { release };
}
