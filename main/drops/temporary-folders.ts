import { randomUUID } from "node:crypto";
import { mkdir, readdir, rm } from "node:fs/promises";
import path, { join } from "node:path";
import type { TransferJob, TransferStatus } from "../../shared/transfer";
import { UserFacingError } from "../errors";
import { isWithin } from "../files/into-itself";

const idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Statuses after which a job will not read its source again unless the user retries it. */
const doneWith = new Set<TransferStatus>(["done", "skipped"]);

/**
 * Folders in Ferry's data folder that hold copies made for a drag: contents dropped into the
 * web host until they are uploaded, and server files downloaded to be dragged out to the
 * desktop. A folder stays while it is held or while a queued job still needs it, and is
 * removed by the next sweep after that (a crash leaves nothing for ever: sweeps run on start).
 */
export class TemporaryFolders {
  private readonly held = new Set<string>();

  constructor(private readonly root: string) {}

  /** A new, empty folder, held until released. */
  async create(): Promise<{ id: string; path: string }> {
    const id = randomUUID();
    await mkdir(join(this.root, id), { recursive: true, mode: 0o700 });
    this.held.add(id);
    return { id, path: join(this.root, id) };
  }

  /** The folder of a held id; anything else (an id from a stale page, a forged one) is refused. */
  pathOf(id: string): string {
    if (!idPattern.test(id) || !this.held.has(id)) throw new UserFacingError("not-found", "That drop is no longer open; drop the files again.");
    return join(this.root, id);
  }

  /** Nobody holds the folder any more: it goes once no job needs it. */
  release(id: string): void {
    this.held.delete(id);
  }

  /** Removes every folder that is neither held nor the source or target of a job still to finish. */
  async sweep(jobs: readonly TransferJob[]): Promise<void> {
    const names = (await readdir(this.root).catch(() => [])).filter((name) => !this.held.has(name));
    // Runs after every job: with no temporary folders about, it costs a readdir and nothing more.
    if (names.length === 0) return;
    const needed = jobs.filter((job) => !doneWith.has(job.status)).flatMap((job) => [job.localPath, job.sourcePath ?? ""]);
    for (const name of names) {
      const folder = join(this.root, name);
      if (needed.some((p) => p !== "" && isWithin(folder, p, path))) continue;
      await rm(folder, { recursive: true, force: true });
    }
  }

  /** Ferry is quitting: nothing is held any more, and what no job needs goes. */
  async releaseAll(jobs: readonly TransferJob[]): Promise<void> {
    this.held.clear();
    await this.sweep(jobs);
  }
}
