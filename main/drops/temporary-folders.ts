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
  /** Released folders not removed yet: the only ones a sweep has to look at. */
  private readonly released = new Set<string>();

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
    if (!idPattern.test(id) || !this.held.has(id))
      throw new UserFacingError("not-found", "That drop is no longer open; drop the files again.");
    return join(this.root, id);
  }

  /** Nobody holds the folder any more: it goes once no job needs it. */
  release(id: string): void {
    if (this.held.delete(id)) this.released.add(id);
  }

  /**
   * Removes the released folders that no job still to finish reads or writes. It runs after
   * every job, so it touches the disk only when there is something to remove.
   */
  async sweep(jobs: readonly TransferJob[]): Promise<void> {
    if (this.released.size === 0) return;
    for (const id of [...this.released]) {
      const folder = join(this.root, id);
      const inside = (p: string | undefined) => p !== undefined && p !== "" && isWithin(folder, p, path);
      // Stops at the first job that still needs the folder: the cheap case while a big drop runs.
      if (jobs.some((job) => !doneWith.has(job.status) && (inside(job.localPath) || inside(job.sourcePath)))) continue;
      this.released.delete(id);
      try {
        await rm(folder, { recursive: true, force: true });
      } catch (error) {
        this.released.add(id);
        throw error;
      }
    }
  }

  /** At start: whatever an earlier run left here is released, and goes unless a restored job needs it. */
  async sweepLeftovers(jobs: readonly TransferJob[]): Promise<void> {
    for (const name of await readdir(this.root).catch(() => [])) if (!this.held.has(name)) this.released.add(name);
    await this.sweep(jobs);
  }

  /** Ferry is quitting: nothing is held any more, and what no job needs goes. */
  async releaseAll(jobs: readonly TransferJob[]): Promise<void> {
    for (const id of this.held) this.released.add(id);
    this.held.clear();
    await this.sweep(jobs);
  }
}
