import { isSafeName } from "../../shared/files";

/**
 * A name from a remote listing is used to build paths and FTP commands. Names that could
 * climb out of the folder or inject a command are not shown at all.
 */
export const isSafeEntryName = isSafeName;
