import type { FileChecksum } from "../../shared/files";
import type { DeleteProgress } from "./delete-progress";

/**
 * The file operations of one pane's side, the local disk or a session's server, so that each
 * `files.*` command has one handler for both. Names are single segments (checked by the contract).
 */
export interface PaneFiles {
  mkdir(folder: string, name: string): Promise<void>;
  newFile(folder: string, name: string): Promise<void>;
  /** Never replaces an existing item. */
  rename(folder: string, from: string, to: string): Promise<void>;
  /** Moves the names into another folder of the same side; returns how many moved. */
  moveInto(folder: string, names: string[], to: string): Promise<number>;
  /** Folders go with everything in them; returns how many of the names were deleted. */
  delete(folder: string, names: string[], progress?: DeleteProgress): Promise<number>;
  /** Sets permission bits; returns how many items changed, those inside folders included. */
  chmod(folder: string, names: string[], mode: number, recursive: boolean): Promise<number>;
  /** The server's checksum of one file. */
  checksum(folder: string, name: string): Promise<FileChecksum>;
}
