/**
 * F4 in another program (WinSCP's external editor): a server file is downloaded into a private
 * folder (0700, in Ferry's data folder), opened through the host's Opener, and watched; each
 * save the program makes is uploaded a moment after it settles, through the editor's own save
 * (temporary name, rename, the same conflict check). A copy whose last change did not reach the
 * server is never deleted without the user saying so: when its tab or Ferry closes it stays,
 * and a notice (now, or at the next start) says where.
 */
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, posix } from "node:path";
import type { EventMessage } from "../../shared/contract";
import type { PaneTarget } from "../../shared/files";
import { editHardLimit, type ExternalEdit, type FileStamp } from "../../shared/edit";
import type { TransferPreferences } from "../../shared/transfer";
import { toUserError, UserFacingError } from "../errors";
import { LocalChanges } from "../synchronize/local-changes";
import type { Notify } from "../storage/json-store";
import type { SessionManager } from "../sessions/session-manager";
import { programArguments, type Opener, type OpenWith } from "./opener";
import { readRemoteFile, saveRemoteFile } from "./remote-file";

export interface ExternalEditsOptions {
  sessions: Pick<SessionManager, "session" | "connector" | "log">;
  /** The host's; undefined where there is none (the web host): every open is refused with a sentence. */
  opener: Opener | undefined;
  /** The folder the private folders go in (made 0700). */
  root: string;
  emit(message: EventMessage): void;
  notify: Notify;
  preferences(): Promise<Pick<TransferPreferences, "editWith" | "editCommand">>;
  /** Quiet time after the program's last write before uploading: an editor's save can be several writes and a rename. */
  delayMs?: number;
}

interface Edit {
  view: ExternalEdit;
  path: string;
  /** The server's file as Ferry last downloaded or uploaded it: the next upload's conflict check. */
  stamp: FileStamp;
  /** SHA-256 of the bytes the server has as far as Ferry knows: a save that changed nothing uploads nothing. */
  synced: string;
  watcher: LocalChanges;
  /** Uploads of one file run one after the other. */
  turn: Promise<void>;
  /** Undoes the listener on the session's end. */
  forget(): void;
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

export class ExternalEdits {
  private readonly edits = new Map<string, Edit>();
  private count = 0;

  constructor(private readonly options: ExternalEditsOptions) {}

  /** At start: copies an earlier run kept (their last changes were not uploaded) are named in a notice, and left alone. */
  async reportLeftovers(): Promise<void> {
    const kept = await readdir(this.options.root).catch(() => []);
    if (kept.length === 0) return;
    this.options.notify({
      text: `Files edited in other programs whose last changes were not uploaded are kept in ${this.options.root}. Upload them from there, or delete them.`,
    });
  }

  list(): ExternalEdit[] {
    return [...this.edits.values()].map((edit) => edit.view);
  }

  /** Opens a file of a pane in the program the preference names; a server file is watched until stopped. */
  async open(target: PaneTarget, folder: string, name: string): Promise<ExternalEdit | undefined> {
    const opener = this.options.opener;
    if (!opener)
      throw new UserFacingError(
        "invalid-request",
        "Opening files in other programs works in the desktop app; here, F4 edits in Ferry's editor.",
      );
    if (target.side === "local") {
      const path = join(folder, name);
      await this.launch(opener, path, name);
      return undefined;
    }
    const { sessionId } = target;
    const remotePath = posix.join(folder, name);
    const already = [...this.edits.values()].find(
      (edit) => edit.view.sessionId === sessionId && edit.view.folder === folder && edit.view.name === name,
    );
    if (already) {
      await this.launch(opener, already.path, name);
      return already.view;
    }
    const read = await this.options.sessions
      .session(sessionId)
      .withConnection((client) => readRemoteFile(client, remotePath, editHardLimit));
    if (read.kind === "too-large")
      throw new UserFacingError("invalid-request", `${name} is larger than ${editHardLimit / 1_000_000} MB: download it to open it.`);
    await mkdir(this.options.root, { recursive: true, mode: 0o700 });
    // mkdtemp makes the folder 0700: only this user reads what the server sent.
    const localFolder = await mkdtemp(join(this.options.root, "edit-"));
    const path = join(localFolder, name);
    // A copy that cannot be made (a name this disk refuses) leaves no empty folder for the next start to report.
    await writeFile(path, read.bytes, { mode: 0o600 }).catch(async (error: unknown) => {
      await rm(localFolder, { recursive: true, force: true });
      throw error;
    });
    const editId = `x${++this.count}`;
    const view: ExternalEdit = { editId, sessionId, folder, name, localFolder, state: { kind: "watching" }, pending: false };
    const closed = this.options.sessions.connector(sessionId).closed;
    // An event listener: a failure while ending must not become an unhandled rejection.
    const onClosed = () => void this.end(editId, "tab-closed").catch(() => undefined);
    closed?.addEventListener("abort", onClosed, { once: true });
    const edit: Edit = {
      view,
      path,
      stamp: read.stamp,
      synced: sha256(read.bytes),
      // Watched before the program starts, so that not even its first save is missed.
      watcher: new LocalChanges(localFolder, {
        delayMs: this.options.delayMs ?? 500,
        maxWaitMs: 10_000,
        recursive: false,
        // Editors write swap and backup files beside the file ("index.php~", ".index.php.swp"): only the file itself counts.
        settled: (changes) => {
          if (changes.has(name)) void this.upload(editId, false).catch(() => undefined);
        },
        failed: () => this.update(edit, { state: { kind: "failed", message: `Ferry can no longer watch ${path} for saves.` } }),
      }),
      turn: Promise.resolve(),
      forget: () => closed?.removeEventListener("abort", onClosed),
    };
    this.edits.set(editId, edit);
    try {
      await this.launch(opener, path, name);
    } catch (error) {
      await this.end(editId, "discard");
      throw error;
    }
    this.changed();
    return view;
  }

  /** Uploads the copy unless the server has it already (or, without `overwrite`, someone else changed the server's file). */
  upload(editId: string, overwrite: boolean): Promise<ExternalEdit> {
    const edit = this.edit(editId);
    edit.turn = edit.turn.then(() => this.uploadNow(edit, overwrite));
    return edit.turn.then(() => edit.view);
  }

  /** Shows the private folder in the system's file manager. */
  async showFolder(editId: string): Promise<void> {
    const edit = this.edit(editId);
    if (!this.options.opener) throw new UserFacingError("invalid-request", "Showing folders works in the desktop app.");
    await this.options.opener.showFolder(edit.view.localFolder).catch(() => {
      throw new UserFacingError("invalid-request", `The system could not show the folder ${edit.view.localFolder}.`);
    });
  }

  /**
   * Stops watching. "ask": a copy whose changes are not on the server is not stopped ("pending"),
   * so that the user can upload it first; "discard": stopped, the copy deleted.
   */
  async stop(editId: string, unsaved: "ask" | "discard"): Promise<"stopped" | "pending"> {
    const edit = this.edit(editId);
    // A save the program made a moment ago, not yet settled, is what the question is about.
    edit.watcher.flush();
    await edit.turn;
    if (unsaved === "ask" && (await this.pending(edit))) return "pending";
    await this.end(editId, unsaved === "discard" ? "discard" : "stop");
    return "stopped";
  }

  /** Ferry is quitting: nothing is watched any more; copies with changes not uploaded stay for the next start's notice. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.edits.keys()].map((editId) => this.end(editId, "quit")));
  }

  private edit(editId: string): Edit {
    const edit = this.edits.get(editId);
    if (!edit) throw new UserFacingError("not-found", "That file is no longer watched.");
    return edit;
  }

  private async launch(opener: Opener, path: string, name: string): Promise<void> {
    const { editWith, editCommand } = await this.options.preferences();
    let openWith: OpenWith = { kind: "default" };
    if (editWith === "program") {
      const argv = programArguments(editCommand, path);
      if (!argv)
        throw new UserFacingError(
          "invalid-request",
          "Choose the program to edit with (its command line, with %s for the file) in the Editing settings.",
        );
      openWith = { kind: "program", argv };
    }
    await opener.open(path, openWith).catch(() => {
      throw new UserFacingError(
        "invalid-request",
        openWith.kind === "program"
          ? `Ferry could not start ${openWith.argv[0] ?? "the program"} to edit ${name}: is the command line in the Editing settings right?`
          : `The system has no application to open ${name} with. Choose a program in the Editing settings.`,
      );
    });
  }

  /** Whether the copy holds bytes the server does not have (a copy that cannot be read counts as holding them). */
  private async pending(edit: Edit): Promise<boolean> {
    const bytes = await readFile(edit.path).catch(() => undefined);
    return bytes === undefined || sha256(bytes) !== edit.synced;
  }

  private async uploadNow(edit: Edit, overwrite: boolean): Promise<void> {
    if (!this.edits.has(edit.view.editId)) return;
    // An editor that saves by renaming has the file missing for a moment: the rename's own change brings it.
    const bytes = await readFile(edit.path).catch(() => undefined);
    if (!bytes) return;
    const sum = sha256(bytes);
    if (sum === edit.synced && !overwrite) return this.update(edit, { pending: false });
    this.update(edit, { state: { kind: "uploading" }, pending: true });
    const { sessionId, folder, name } = edit.view;
    try {
      const log = this.options.sessions.log(sessionId);
      const outcome = await this.options.sessions
        .session(sessionId)
        .withConnection(
          (client) =>
            saveRemoteFile(
              client,
              folder,
              name,
              bytes,
              overwrite ? { kind: "overwrite" } : { kind: "unchanged", stamp: edit.stamp },
              (line) => log.add("info", line),
            ),
          folder,
        );
      if (outcome.kind === "conflict") {
        this.update(edit, { state: { kind: "conflict", ...(outcome.current ? { current: outcome.current } : {}) } });
        return;
      }
      edit.stamp = outcome.stamp;
      edit.synced = sum;
      this.update(edit, { state: { kind: "uploaded", at: outcome.at }, pending: false });
    } catch (error) {
      this.update(edit, { state: { kind: "failed", message: toUserError(error).message } });
    }
  }

  /**
   * Ends a watch. The copy goes with it only when the server has its last change (or the user
   * chose to discard it); otherwise it stays, and a tab that closed says where.
   */
  private async end(editId: string, why: "stop" | "discard" | "tab-closed" | "quit"): Promise<void> {
    const edit = this.edits.get(editId);
    if (!edit) return;
    this.edits.delete(editId);
    edit.watcher.close();
    edit.forget();
    await edit.turn.catch(() => undefined);
    const keep = why !== "discard" && (await this.pending(edit));
    if (!keep) await rm(edit.view.localFolder, { recursive: true, force: true }).catch(() => undefined);
    else if (why === "tab-closed")
      this.options.notify({
        text: `${edit.view.name} was being edited in another program, and its last changes were not uploaded before its tab closed. They are kept in ${edit.path}.`,
      });
    if (why !== "quit") this.changed();
  }

  private update(edit: Edit, change: Partial<ExternalEdit>): void {
    edit.view = { ...edit.view, ...change };
    this.changed();
  }

  private changed(): void {
    this.options.emit({ kind: "event", channel: "edit.external.changed", payload: { edits: this.list() } });
  }
}
