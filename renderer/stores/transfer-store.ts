import { create } from "zustand";
import type { EventPayload } from "../../shared/contract";
import {
  maxListCount,
  emptyQueueSummary,
  viewCounts,
  viewOf,
  type BatchSettings,
  type QueueSummary,
  type QueueView,
  type TransferJob,
  type TransferPreferences,
  type TransferStatus,
} from "../../shared/transfer";
import { call, errorMessage } from "../transport/bridge";
import type { FileEntry } from "../../shared/domain";
import type { PaneState, Side } from "../panes/pane-transitions";
import { usePanesStore } from "./panes-store";
import { useSessionStore } from "./session-store";

export type Control = "pause" | "resume" | "cancel" | "retry" | "move-up" | "move-down";

/** The jobs each button acts on: Pause never touches a finished job, Retry only failed and cancelled ones. */
export const actsOn: Record<Control, (status: TransferStatus) => boolean> = {
  pause: (status) => status === "queued" || status === "running",
  resume: (status) => status === "paused",
  cancel: (status) => status !== "done" && status !== "skipped" && status !== "cancelled",
  retry: (status) => status === "failed" || status === "cancelled",
  "move-up": (status) => status === "queued" || status === "paused",
  "move-down": (status) => status === "queued" || status === "paused",
};

/** The status a job takes when an action acts on it (moves keep theirs). */
const afterControl: Partial<Record<Control, TransferStatus>> = { pause: "paused", resume: "queued", cancel: "cancelled", retry: "queued" };

/** Rows fetched beyond those in sight, both ways: a short scroll needs no fetch. */
const overscanRows = 60;

interface TransferStore {
  view: QueueView;
  /** Rows of the view fetched from main: `jobs[i]` is the view's row `from + i`. Never the whole queue. */
  rows: { from: number; jobs: TransferJob[] };
  /** Jobs in the view. */
  total: number;
  summary: QueueSummary;
  /** Selected jobs by id, with their status as last seen: a selection survives scrolling and windowing. */
  selected: ReadonlyMap<string, TransferStatus>;
  /** The row the keyboard is on (index in the view), and the one a Shift selection starts from. */
  cursor: number;
  anchor: number;
  preferences: TransferPreferences | undefined;
  error: string | undefined;
  load(): Promise<void>;
  apply(change: EventPayload<"transfers.changed">): void;
  /** The rows in sight changed (scrolling, resizing): fetches them when they are not held yet. */
  show(first: number, last: number): void;
  setView(view: QueueView): void;
  /** F5 (copy) and F6 (move): the focused pane's selection to the folder of the other pane. */
  start(move: boolean): Promise<void>;
  /** Queues names from one pane's folder into a folder of the other pane (F5, F6, or a drop); a mask ("*.php | cache/") narrows what goes. */
  transfer(request: {
    from: Side;
    names: string[];
    sourceFolder: string;
    targetFolder: string;
    move: boolean;
    mask?: string | undefined;
    settings?: BatchSettings | undefined;
  }): Promise<void>;
  /** Acts on the selected jobs the action applies to, or on the whole queue when none of them does. */
  control(action: Control): Promise<void>;
  /** Cancels what is left of one site's jobs (its last tab closes). */
  cancelSite(site: string): Promise<void>;
  removeFinished(): Promise<void>;
  /** A click (`add`: Ctrl, `range`: Shift) or a key on the row at this index. */
  select(index: number, how: { add?: boolean; range?: boolean }): void;
  selectAll(): Promise<void>;
  moveCursor(index: number, extend: boolean): void;
  setPreferences(change: Partial<TransferPreferences>): Promise<void>;
}

const emptySummary: QueueSummary = emptyQueueSummary();

/** The selected ids that the action applies to. */
export function targetsOf(selected: ReadonlyMap<string, TransferStatus>, action: Control): string[] {
  return [...selected].filter(([, status]) => actsOn[action](status)).map(([id]) => id);
}

/** Beyond this many names main lists the folder itself: one listing is little beside so many transfers, and the command stays small. */
const listedAtMost = 1000;

/** The names' entries as the remote pane shows them, when it shows their folder: main need not list it again. */
function listedIn(pane: PaneState, folder: string, names: readonly string[]): FileEntry[] | undefined {
  if (pane.loading || pane.path !== folder || names.length > listedAtMost) return undefined;
  const wanted = new Set(names);
  const entries = pane.entries.filter((entry) => wanted.has(entry.name));
  return entries.length === wanted.size ? entries : undefined;
}

export const useTransferStore = create<TransferStore>((set, get) => {
  /** The rows wanted in sight; a fetch in flight, and whether another is due after it. */
  let wanted = { first: 0, last: 30 };
  let fetching = false;
  let again = false;

  /** The job at a row of the view, when it is held. */
  const rowAt = (index: number): TransferJob | undefined => {
    const { rows } = get();
    return rows.jobs[index - rows.from];
  };

  /** Fetches the window around the rows in sight; one fetch at a time, and one more if the queue changed meanwhile. */
  async function fetchWindow(): Promise<void> {
    if (fetching) {
      again = true;
      return;
    }
    fetching = true;
    try {
      do {
        again = false;
        const view = get().view;
        const from = Math.max(0, wanted.first - overscanRows);
        const count = Math.min(maxListCount, wanted.last - from + 1 + overscanRows);
        const answer = await call("transfers.list", { view, from, count });
        if (get().view !== view) {
          again = true;
          continue;
        }
        const selected = new Map(get().selected);
        for (const job of answer.jobs) if (selected.has(job.id)) selected.set(job.id, job.status);
        set({ rows: { from, jobs: answer.jobs }, total: answer.total, summary: answer.summary, selected });
      } while (again);
    } catch (error) {
      set({ error: errorMessage(error) });
    } finally {
      fetching = false;
    }
  }

  function refreshPanesWhenDone(before: QueueSummary, after: QueueSummary): void {
    // When the queue empties, both panes show what it wrote; a small job can start and end between two changes the renderer hears.
    const finished = (summary: QueueSummary) => summary.total - summary.active;
    if (after.active === 0 && (before.active > 0 || finished(after) > finished(before))) {
      const panes = usePanesStore.getState();
      for (const side of ["local", "remote"] as const) void panes.refresh(side);
    }
  }

  return {
    view: "queued",
    rows: { from: 0, jobs: [] },
    total: 0,
    summary: emptySummary,
    selected: new Map(),
    cursor: 0,
    anchor: 0,
    preferences: undefined,
    error: undefined,

    async load() {
      const [preferences] = await Promise.all([call("preferences.get", {}), fetchWindow()]);
      set({ preferences });
    },

    apply(change) {
      const before = get().summary;
      set({ summary: change.summary });
      refreshPanesWhenDone(before, change.summary);
      const { rows, view, total, selected } = get();
      const patch = change.jobs;
      const held = new Map(rows.jobs.map((job) => [job.id, job]));
      // Jobs were added, removed or moved, or one changed its status (and maybe its view or place): the window is fetched again.
      const stale =
        !patch ||
        viewCounts(change.summary)[view] !== total ||
        patch.some((job) => held.has(job.id) && held.get(job.id)?.status !== job.status);
      if (stale) {
        void fetchWindow();
        return;
      }
      const updates = new Map(patch.map((job) => [job.id, job]));
      const statuses = new Map(selected);
      for (const job of patch) if (statuses.has(job.id)) statuses.set(job.id, job.status);
      if (!rows.jobs.some((job) => updates.has(job.id))) return set({ selected: statuses });
      set({ rows: { from: rows.from, jobs: rows.jobs.map((job) => updates.get(job.id) ?? job) }, selected: statuses });
    },

    show(first, last) {
      wanted = { first, last };
      const { rows, total } = get();
      const held = rows.from <= Math.max(0, first - 10) && rows.from + rows.jobs.length >= Math.min(total, last + 10);
      if (!held) void fetchWindow();
    },

    setView(view) {
      if (view === get().view) return;
      wanted = { first: 0, last: wanted.last - wanted.first };
      // Each view has its own selection: jobs selected in another one never capture the buttons unseen.
      set({ view, rows: { from: 0, jobs: [] }, total: 0, cursor: 0, anchor: 0, selected: new Map() });
      void fetchWindow();
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

    async transfer({ from, names, sourceFolder, targetFolder, move, mask, settings }) {
      const session = useSessionStore.getState().session;
      if (!session) return;
      const listed = from === "remote" ? listedIn(usePanesStore.getState().remote, sourceFolder, names) : undefined;
      try {
        await call("transfers.add", {
          sessionId: session.id,
          direction: from === "local" ? "upload" : "download",
          move,
          sourceFolder,
          names,
          ...(listed ? { listed } : {}),
          targetFolder,
          ...(mask?.trim() ? { mask } : {}),
          ...(settings ? { settings } : {}),
        });
        set({ error: undefined });
      } catch (error) {
        set({ error: errorMessage(error) });
      }
    },

    async control(action) {
      const targets = targetsOf(get().selected, action);
      const moving = action === "move-up" || action === "move-down";
      // Moving acts on the selection only; a selection the action does not apply to leaves the buttons to the whole queue.
      if (moving && targets.length === 0) return;
      try {
        await call("transfers.control", { action, ...(targets.length > 0 ? { jobIds: targets } : {}) });
        const after = afterControl[action];
        if (after && targets.length > 0) {
          // The jobs acted on take their new status at once; those that left this view leave the selection, as rows do in FileZilla.
          const selected = new Map(get().selected);
          for (const id of targets) selected.set(id, after);
          set({ selected: new Map([...selected].filter(([, status]) => viewOf(status) === get().view)) });
        }
        if (moving && targets.length === 1) {
          // The keyboard stays on the moved job.
          const cursor = Math.max(0, Math.min(get().total - 1, get().cursor + (action === "move-up" ? -1 : 1)));
          set({ cursor, anchor: cursor });
        }
      } catch (error) {
        set({ error: errorMessage(error) });
      }
    },

    async cancelSite(site) {
      await call("transfers.control", { action: "cancel", site });
    },

    async removeFinished() {
      await call("transfers.remove-finished", {});
      const selected = new Map([...get().selected].filter(([, status]) => viewOf(status) === "queued"));
      set({ selected });
    },

    select(index, { add = false, range = false }) {
      const job = rowAt(index);
      if (!job) return;
      const { anchor } = get();
      let selected: Map<string, TransferStatus>;
      if (range) {
        selected = add ? new Map(get().selected) : new Map();
        const [low, high] = anchor < index ? [anchor, index] : [index, anchor];
        for (let i = low; i <= high; i++) {
          const row = rowAt(i);
          if (row) selected.set(row.id, row.status);
        }
        set({ selected, cursor: index });
        return;
      }
      selected = add ? new Map(get().selected) : new Map();
      if (add && selected.has(job.id)) selected.delete(job.id);
      else selected.set(job.id, job.status);
      set({ selected, cursor: index, anchor: index });
    },

    async selectAll() {
      const { view, total } = get();
      const selected = new Map<string, TransferStatus>();
      // A view of a million jobs is selected in windows of the list's largest page.
      for (let from = 0; from < total && get().view === view; from += maxListCount) {
        const answer = await call("transfers.list", { view, from, count: maxListCount });
        for (const job of answer.jobs) selected.set(job.id, job.status);
      }
      if (get().view === view) set({ selected });
    },

    moveCursor(index, extend) {
      const cursor = Math.max(0, Math.min(get().total - 1, index));
      if (extend) get().select(cursor, { range: true });
      else set({ cursor, anchor: cursor });
    },

    async setPreferences(change) {
      set({ preferences: await call("preferences.set", change) });
    },
  };
});
