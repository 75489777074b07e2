import { create } from "zustand";
import type { EventPayload } from "../../shared/contract";
import type { KeepLogEntry, KeepOptions, KeepWatch } from "../../shared/keep-up-to-date";
import { call, errorMessage } from "../transport/bridge";
import { usePanesStore } from "./panes-store";
import { useSessionStore } from "./session-store";

/** Lines of the running log kept in the dialog: the newest. */
const keep = 500;

interface KeepStore {
  /** The "Keep remote directory up to date" dialog is shown. */
  open: boolean;
  localFolder: string;
  remoteFolder: string;
  options: KeepOptions;
  /** The watch running now, started from this page. */
  watch: KeepWatch | undefined;
  starting: boolean;
  /** Why the last watch stopped, or why it could not start. */
  status: string | undefined;
  entries: KeepLogEntry[];
  /** Events that came while a start was on its way: main may log before its answer arrives. */
  early: (EventPayload<"keep.log"> | EventPayload<"keep.stopped">)[];
  /** Ctrl+U: shows the dialog; when nothing is watched, with the panes' folders. */
  show(): void;
  change(fields: Partial<Pick<KeepStore, "localFolder" | "remoteFolder">> & { options?: Partial<KeepOptions> }): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Close stops watching, as WinSCP's does: a watch nobody sees would upload behind the user's back. */
  close(): Promise<void>;
  logged(payload: EventPayload<"keep.log">): void;
  stopped(payload: EventPayload<"keep.stopped">): void;
}

export const useKeepStore = create<KeepStore>((set, get) => ({
  open: false,
  localFolder: "",
  remoteFolder: "",
  options: { deleteOnServer: false, mask: "", subfolders: true, initialSync: false },
  watch: undefined,
  starting: false,
  status: undefined,
  entries: [],
  early: [],

  show() {
    if (!get().watch) {
      const { local, remote } = usePanesStore.getState();
      set({ localFolder: local.path ?? get().localFolder, remoteFolder: remote.path ?? get().remoteFolder });
    }
    set({ open: true });
  },

  change({ options, ...fields }) {
    set({ ...fields, ...(options ? { options: { ...get().options, ...options } } : {}) });
  },

  async start() {
    const session = useSessionStore.getState().session;
    if (!session || get().watch || get().starting) return;
    const { localFolder, remoteFolder, options } = get();
    set({ starting: true, status: undefined, entries: [], early: [] });
    try {
      const watch = await call("keep.start", { sessionId: session.id, localFolder, remoteFolder, options });
      const early = get().early;
      set({ watch, starting: false, early: [] });
      for (const payload of early) if ("entries" in payload) get().logged(payload);
      for (const payload of early) if ("reason" in payload) get().stopped(payload);
    } catch (error) {
      set({ status: errorMessage(error), starting: false, early: [] });
    }
  },

  async stop() {
    const watch = get().watch;
    if (watch) await call("keep.stop", { keepId: watch.keepId }).catch(() => undefined);
  },

  async close() {
    set({ open: false });
    await get().stop();
  },

  logged(payload) {
    const { keepId, entries } = payload;
    if (get().starting) set({ early: [...get().early, payload] });
    else if (keepId === get().watch?.keepId) set({ entries: [...get().entries, ...entries].slice(-keep) });
  },

  stopped(payload) {
    const { keepId, reason } = payload;
    if (get().starting) set({ early: [...get().early, payload] });
    else if (keepId === get().watch?.keepId) set({ watch: undefined, status: reason });
  },
}));
