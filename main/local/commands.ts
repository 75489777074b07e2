import type { localContract } from "../../shared/local";
import { commandClient } from "../router/command-client";
import type { DomainHandlers } from "../router/router";
import type { FolderWatcher } from "./folder-watcher";
import { listLocalFolder, localPath } from "./local-files";

/** Browsing the local disk, and watching the folder shown; file operations on it are the `files.*` commands. */
export function localCommands(watcher: FolderWatcher): DomainHandlers<typeof localContract> {
  return {
    "local.list": ({ path, showHidden }) => listLocalFolder(path, showHidden),
    "local.watch": async ({ path }) => {
      watcher.show(commandClient(), path === undefined ? undefined : localPath(path));
      return {};
    },
  };
}
