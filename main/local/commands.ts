import type { localContract } from "../../shared/local";
import type { DomainHandlers } from "../router/router";
import { listLocalFolder } from "./local-files";

/** Browsing the local disk; file operations on it are the `files.*` commands. */
export function localCommands(): DomainHandlers<typeof localContract> {
  return {
    "local.list": ({ path, showHidden }) => listLocalFolder(path, showHidden),
  };
}
