import { lstat, mkdir, readdir, rename, rmdir, stat, unlink, writeFile } from "node:fs/promises";
import path, { join } from "node:path";
import { UserFacingError } from "../errors";
import { refuseIntoItself } from "./into-itself";
import type { DeleteProgress } from "./delete-progress";

/** Sends a path to the OS trash; the Electron host has one, the web host does not. */
export type Trash = (path: string) => Promise<void>;

async function refuseExisting(path: string, name: string): Promise<void> {
  if (await stat(path).then(() => true, () => false)) throw new UserFacingError("exists", `“${name}” already exists here.`);
}

/** New folder, new file, rename and delete on the local disk; names are single segments (checked by the contract). */
export const localOperations = {
  async mkdir(folder: string, name: string): Promise<void> {
    await refuseExisting(join(folder, name), name);
    await mkdir(join(folder, name));
  },

  async newFile(folder: string, name: string): Promise<void> {
    await writeFile(join(folder, name), "", { flag: "wx" }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "EEXIST") throw new UserFacingError("exists", `“${name}” already exists here.`);
      throw error;
    });
  },

  async rename(folder: string, from: string, to: string): Promise<void> {
    // rename() would silently replace an existing file: a rename never overwrites.
    if (from !== to) await refuseExisting(join(folder, to), to);
    await rename(join(folder, from), join(folder, to));
  },

  /** Moves items into another folder (a drop onto a folder row); nothing already there is replaced. */
  async moveInto(folder: string, names: string[], to: string): Promise<number> {
    refuseIntoItself(folder, names, to, path);
    for (const name of names) await refuseExisting(join(to, name), name);
    for (const name of names) {
      await rename(join(folder, name), join(to, name)).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "EXDEV") throw new UserFacingError("invalid-request", `“${name}” is on another disk than ${to}: copy it there instead.`);
        throw error;
      });
    }
    return names.length;
  },

  async delete(folder: string, names: string[], trash: Trash | undefined, progress?: DeleteProgress): Promise<number> {
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
    for (const name of names) {
      const path = join(folder, name);
      // The trash takes a whole tree at once; a delete for good goes item by item, to show progress.
      if (trash) {
        progress?.next(path);
        await trash(path);
        progress?.deleted();
      } else await remove(path);
    }
    return names.length;
  },
};
