import { create } from "zustand";
import type { FolderWalk } from "../../shared/transfer";
import { bridge, call, errorMessage } from "../transport/bridge";

interface WalkStore {
  /** The folder walks under way (planning a transfer of folders), as main last told them. */
  walks: FolderWalk[];
  /** Why the last stop did not go through. */
  error: string | undefined;
  /** Follows main's `transfers.walks`; returns the unsubscribe function. */
  follow(): () => void;
  /** Stops a walk; the jobs it queued so far stay in the queue. */
  cancel(batchId: string): Promise<void>;
}

export const useWalkStore = create<WalkStore>((set) => ({
  walks: [],
  error: undefined,

  follow() {
    return bridge.subscribe((message) => {
      if (message.kind === "event" && message.channel === "transfers.walks") set({ walks: message.payload.walks });
    });
  },

  async cancel(batchId) {
    // Shown as stopping at once; main's next word confirms it or drops the walk.
    set((state) => ({ walks: state.walks.map((walk) => (walk.batchId === batchId ? { ...walk, stopping: true } : walk)) }));
    try {
      await call("transfers.cancel-walk", { batchId });
      set({ error: undefined });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },
}));
