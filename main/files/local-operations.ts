import { lstat, mkdir, readdir, rename, rmdir, stat, unlink, writeFile } from "node:fs/promises";
import path, { join } from "node:path";
import { UserFacingError } from "../errors";
import { localPath } from "../local/local-files";
import { refuseIntoItself } from "./into-itself";
import type { PaneFiles } from "./pane-files";

/** Sends a path to the OS trash; the Electron host has one, the web host does not. */
export type Trash = (path: string) => Promise<void>;

async function refuseExisting(path: string, name: string): Promise<void> {
  if (
    await stat(path).then(
      () => true,
      () => false,
    )
  )
    throw new UserFacingError("exists", `“${name}” already exists here.`);
}

/**
 * The local disk's side of the panes. Deletes go to `trash` where the host has one (Electron);
 * without it they are for good.
 */
export function localFiles(trash?: Trash): PaneFiles {
  return {
    async mkdir(folder, name) {
      const path = join(localPath(folder), name);
      await refuseExisting(path, name);
      await mkdir(path);
    },

    async newFile(folder, name) {
      await writeFile(join(localPath(folder), name), "", { flag: "wx" }).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "EEXIST") throw new UserFacingError("exists", `“${name}” already exists here.`);
        throw error;
      });
    },

    async rename(folder, from, to) {
      const at = localPath(folder);
      // rename() would silently replace an existing file: a rename never overwrites.
      if (from !== to) await refuseExisting(join(at, to), to);
      await rename(join(at, from), join(at, to));
    },

    /** A drop onto a folder row; nothing already there is replaced. */
    async moveInto(folder, names, to) {
      const [from, into] = [localPath(folder), localPath(to)];
      refuseIntoItself(from, names, into, path);
      for (const name of names) await refuseExisting(join(into, name), name);
      for (const name of names) {
        await rename(join(from, name), join(into, name)).catch((error: NodeJS.ErrnoException) => {
          if (error.code === "EXDEV")
            throw new UserFacingError("invalid-request", `“${name}” is on another disk than ${into}: copy it there instead.`);
          throw error;
        });
      }
      return names.length;
    },

    async delete(folder, names, progress) {
      const remove = async (path: string): Promise<void> => {
        progress?.next(path);
        const info = await lstat(path);
        if (info.isDirectory()) {
          for (const child of await readdir(path)) await remove(join(path, child));
          await rmdir(path);
        } else {
          await unlink(path);
        }
        progress?.deleted();
      };
      const at = localPath(folder);
      for (const name of names) {
        const path = join(at, name);
        // The trash takes a whole tree at once; a delete for good goes item by item, to show progress.
        if (trash) {
          progress?.next(path);
          await trash(path);
          progress?.deleted();
        } else await remove(path);
      }
      return names.length;
    },

    /** As in WinSCP's Commander, permissions are the server's business: the local pane has none to set. */
    chmod() {
      return Promise.reject(new UserFacingError("invalid-request", "Permissions can be changed only on the server."));
    },

    /** Properties asks a server for its checksum; a local file's is not offered. */
    checksum() {
      return Promise.reject(
        new UserFacingError("invalid-request", "Checksums are computed by the server: open Properties on a server file."),
      );
    },
  };
}
