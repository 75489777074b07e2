import { appendFile, mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { CommandRequest } from "../../shared/contract";
import { UserFacingError } from "../errors";
import { pathInside } from "../transfers/local-target";
import type { TemporaryFolders } from "./temporary-folders";

/**
 * Files dropped into the web host arrive as contents, not paths: they are written, chunk by
 * chunk, into a temporary folder, which is then queued like any other local folder.
 */
export class DroppedContents {
  constructor(private readonly folders: TemporaryFolders) {}

  async begin(): Promise<string> {
    return (await this.folders.create()).id;
  }

  async write(request: CommandRequest<"drops.write">): Promise<void> {
    const path = pathInside(this.folders.pathOf(request.dropId), ...request.path.split("/"));
    if (request.kind === "folder") {
      await mkdir(path, { recursive: true });
      return;
    }
    await mkdir(dirname(path), { recursive: true });
    const written = await stat(path).then(
      (info) => info.size,
      () => undefined,
    );
    // Chunks come in order: each one continues exactly where the file ends, so nothing is lost or doubled.
    if ((written ?? 0) !== request.offset) {
      throw new UserFacingError("invalid-request", `${request.path}: expected the chunk at byte ${written ?? 0}, got ${request.offset}.`);
    }
    const data = Buffer.from(request.data, "base64");
    if (written === undefined) await writeFile(path, data, { flag: "wx" });
    else await appendFile(path, data);
  }

  /** The dropped items at the top of the drop, ready to queue; the folder is released to the queue's care. */
  async finish(dropId: string): Promise<{ folder: string; names: string[] }> {
    const folder = this.folders.pathOf(dropId);
    const names = (await readdir(folder)).sort();
    if (names.length === 0) throw new UserFacingError("invalid-request", "Nothing arrived from the drop.");
    return { folder, names };
  }

  release(dropId: string): void {
    this.folders.release(dropId);
  }

  async cancel(dropId: string): Promise<void> {
    const folder = this.folders.pathOf(dropId);
    this.folders.release(dropId);
    await rm(folder, { recursive: true, force: true });
  }
}
