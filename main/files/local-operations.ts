import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { UserFacingError } from "../errors";

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

  async delete(folder: string, names: string[], trash: Trash | undefined): Promise<number> {
    for (const name of names) {
      const path = join(folder, name);
      if (trash) await trash(path);
      else await rm(path, { recursive: true });
    }
    return names.length;
  },
};
