import { join, posix } from "node:path";
import { editHardLimit, type editContract } from "../../shared/edit";
import type { DomainHandlers } from "../router/router";
import type { SessionManager } from "../sessions/session-manager";
import { UserFacingError } from "../errors";
import { readLocalFile, saveLocalFile } from "./local-file";
import { openedFile } from "./opened-file";
import { readRemoteFile, saveRemoteFile } from "./remote-file";
import { encodeText } from "./text-encoding";

export interface EditCommandsOptions {
  sessions: SessionManager;
  /** Bytes above which a file is opened only after asking (the preference). */
  sizeLimit(): Promise<number>;
}

const megabytes = (bytes: number) => `${Math.round(bytes / 100_000) / 10} MB`;

/** F3 View and F4 Edit: reading a file of either pane for the editor or viewer, and writing the editor's saves back. */
export function editCommands(options: EditCommandsOptions): DomainHandlers<typeof editContract> {
  return {
    "edit.open": async ({ target, folder, name, purpose, allowLarge }) => {
      const limit = allowLarge ? editHardLimit : await options.sizeLimit();
      const read =
        target.side === "local"
          ? await readLocalFile(join(folder, name), limit)
          : await options.sessions
              .session(target.sessionId)
              .withConnection((client) => readRemoteFile(client, posix.join(folder, name), limit));
      if (read.kind === "too-large" && allowLarge)
        throw new UserFacingError(
          "invalid-request",
          `${name} is larger than ${megabytes(editHardLimit)}, too large for Ferry's editor: download it to open it.`,
        );
      return openedFile(read, name, purpose, limit);
    },
    "edit.save": async ({ target, folder, name, text, encoding, lineEnding, guard }) => {
      const bytes = encodeText(text, encoding, lineEnding);
      if (target.side === "local") return saveLocalFile(folder, name, bytes, guard);
      const { sessionId } = target;
      const log = options.sessions.log(sessionId);
      return options.sessions
        .session(sessionId)
        .withConnection((client) => saveRemoteFile(client, folder, name, bytes, guard, (line) => log.add("info", line)), folder);
    },
  };
}
