/**
 * A synchronization names each file by its path from the compared folders ("css/site.css", "" for
 * the folders themselves): here, what that path is inside a folder, on this computer and on the server.
 */
import { join, posix } from "node:path";

/** The path of `name` inside the tree path `folder`. */
export const childPath = (folder: string, name: string) => (folder ? `${folder}/${name}` : name);

/** The local path of a tree path. */
export const localPathOf = (root: string, path: string) => (path ? join(root, ...path.split("/")) : root);

/** The server path of a tree path. */
export const remotePathOf = (root: string, path: string) => (path ? posix.join(root, path) : root);
