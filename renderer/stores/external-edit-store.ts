import { create } from "zustand";
import type { ExternalEdit } from "../../shared/edit";
import type { PanePlace, Side } from "../panes/pane-transitions";
import { call, errorMessage } from "../transport/bridge";
import { usePanesStore } from "./panes-store";

/**
 * The files being edited in other programs (F4 with "Edit with" set to one): main watches each
 * copy and uploads its saves; this store mirrors main's list, and asks before a watch whose last
 * change is not on the server is stopped.
 */
interface ExternalEditStore {
  /** Whether the host can open files in other programs (the desktop app). */
  available: boolean;
  edits: ExternalEdit[];
  /** The watch whose Stop watching found changes not uploaded: the question shows until answered. */
  stopping: string | undefined;
  load(): Promise<void>;
  changed(edits: ExternalEdit[]): void;
  /** F4 on a file of the pane on `side` (`name` in `at`): opened in the program the preference names. */
  open(side: Side, at: PanePlace, name: string): Promise<void>;
  /** Uploads the copy now; the watch as it is afterwards, undefined when the upload could not be asked for. */
  upload(editId: string, overwrite: boolean): Promise<ExternalEdit | undefined>;
  stop(editId: string, unsaved: "ask" | "discard"): Promise<void>;
  /** Uploads the changes, then stops, unless the upload did not go through (it says why in the list). */
  uploadAndStop(editId: string): Promise<void>;
  showFolder(editId: string): Promise<void>;
  cancelStop(): void;
  /** Asked when the window goes: does a copy hold changes the server does not have? */
  anyPending(): boolean;
  /** Asked when a server tab closes: how many copies hold changes its server does not have. */
  pendingIn(sessionId: string): number;
}

const showError = (message: string) => usePanesStore.getState().showError(usePanesStore.getState().focused, message);

export const useExternalEditStore = create<ExternalEditStore>((set, get) => ({
  available: false,
  edits: [],
  stopping: undefined,

  async load() {
    const { edits } = await call("edit.external.list", {});
    set({ edits });
  },

  changed(edits) {
    set((state) => ({ edits, stopping: edits.some((edit) => edit.editId === state.stopping) ? state.stopping : undefined }));
  },

  async open(side, { target, folder }, name) {
    try {
      await call("edit.external.open", { target, folder, name });
    } catch (error) {
      usePanesStore.getState().showError(side, errorMessage(error));
    }
  },

  async upload(editId, overwrite) {
    try {
      return (await call("edit.external.upload", { editId, overwrite })).edit;
    } catch (error) {
      showError(errorMessage(error));
      return undefined;
    }
  },

  async stop(editId, unsaved) {
    try {
      const { kind } = await call("edit.external.stop", { editId, unsaved });
      set({ stopping: kind === "pending" ? editId : undefined });
    } catch (error) {
      showError(errorMessage(error));
    }
  },

  async uploadAndStop(editId) {
    set({ stopping: undefined });
    const edit = await get().upload(editId, false);
    if (edit && !edit.pending) await get().stop(editId, "ask");
  },

  async showFolder(editId) {
    try {
      await call("edit.external.show-folder", { editId });
    } catch (error) {
      showError(errorMessage(error));
    }
  },

  cancelStop() {
    set({ stopping: undefined });
  },

  anyPending() {
    return get().edits.some((edit) => edit.pending);
  },

  pendingIn(sessionId) {
    return get().edits.filter((edit) => edit.pending && edit.sessionId === sessionId).length;
  },
}));
