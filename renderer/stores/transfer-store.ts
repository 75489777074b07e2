import { create } from "zustand";
import type { EventPayload } from "../../shared/contract";
import type { QueueSummary, TransferJob, TransferPreferences } from "../../shared/transfer";
import { call, errorMessage } from "../transport/bridge";
import type { Side } from "../panes/pane-transitions";
import { usePanesStore } from "./panes-store";
import { useSessionStore } from "./session-store";

type Control = "pause" | "resume" | "cancel" | "retry" | "move-up" | "move-down";

interface TransferStore {
  /** Jobs in queue order. */
  jobs: TransferJob[];
  summary: QueueSummary;
  /** Jobs picked in the queue panel; the buttons act on these, or on the whole queue when none are. */
  picked: string[];
  preferences: TransferPreferences | undefined;
  error: string | undefined;
  load(): Promise<void>;
  apply(change: EventPayload<"transfers.changed">): void;
  /** F5 (copy) and F6 (move): the focused pane's selection to the folder of the other pane. */
  start(move: boolean): Promise<void>;
  /** Queues names from one pane's folder into a folder of the other pane (F5, F6, or a drop). */
  transfer(request: { from: Side; names: string[]; sourceFolder: string; targetFolder: string; move: boolean }): Promise<void>;
  control(action: Control): Promise<void>;
  removeFinished(): Promise<void>;
  pick(id: string, add: boolean): void;
  setPreferences(change: Partial<TransferPreferences>): Promise<void>;
}

const emptySummary: QueueSummary = { total: 0, active: 0, bytesTotal: 0, bytesDone: 0, speed: 0 };

export const useTransferStore = create<TransferStore>((set, get) => ({
  jobs: [],
  summary: emptySummary,
  picked: [],
  preferences: undefined,
  error: undefined,

  async load() {
    const [queue, preferences] = await Promise.all([call("transfers.list", {}), call("preferences.get", {})]);
    set({ jobs: queue.jobs, summary: queue.summary, preferences });
  },

  apply(change) {
    const wasActive = get().summary.active > 0;
    const updates = new Map(change.jobs.map((job) => [job.id, job]));
    const removed = new Set(change.removed);
    const known = new Set<string>();
    const jobs: TransferJob[] = [];
    for (const job of get().jobs) {
      if (removed.has(job.id)) continue;
      known.add(job.id);
      jobs.push(updates.get(job.id) ?? job);
    }
    for (const job of change.jobs) if (!known.has(job.id)) jobs.push(job);
    set({ jobs, summary: change.summary, picked: get().picked.filter((id) => !removed.has(id)) });
    // When the queue empties, both panes show what it wrote.
    if (wasActive && change.summary.active === 0) {
      const panes = usePanesStore.getState();
      for (const side of ["local", "remote"] as const) void panes.refresh(side);
    }
  },

  async start(move) {
    const panes = usePanesStore.getState();
    const from = panes.focused;
    const to = from === "local" ? "remote" : "local";
    const names = panes.selection(from);
    const sourceFolder = panes[from].path;
    const targetFolder = panes[to].path;
    if (!sourceFolder || !targetFolder || names.length === 0) return;
    await get().transfer({ from, names, sourceFolder, targetFolder, move });
  },

  async transfer({ from, names, sourceFolder, targetFolder, move }) {
    const session = useSessionStore.getState().session;
    if (!session) return;
    try {
      await call("transfers.add", {
        sessionId: session.id,
        direction: from === "local" ? "upload" : "download",
        move,
        sourceFolder,
        names,
        targetFolder,
      });
      set({ error: undefined });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },

  async control(action) {
    const picked = get().picked;
    await call("transfers.control", { action, ...(picked.length > 0 ? { jobIds: picked } : {}) });
    // Events carry what changed, not the order: after a move, the order is fetched whole.
    if (action === "move-up" || action === "move-down") await get().load();
  },

  async removeFinished() {
    await call("transfers.remove-finished", {});
  },

  pick(id, add) {
    const picked = get().picked;
    if (!add) set({ picked: picked.length === 1 && picked[0] === id ? [] : [id] });
    else set({ picked: picked.includes(id) ? picked.filter((p) => p !== id) : [...picked, id] });
  },

  async setPreferences(change) {
    set({ preferences: await call("preferences.set", change) });
  },
}));
