import { create } from "zustand";
import { z } from "zod";
import { CompareCriteriaSchema, defaultToleranceMs, ToleranceMsSchema } from "../../shared/compare-folders";
import { maxFileMaskLength } from "../../shared/file-mask";
import { SyncDirectionSchema, SyncModeSchema, type SyncActionKind, type SyncOptions, type SyncPlan } from "../../shared/synchronize";
import { bridge, call, errorMessage } from "../transport/bridge";
import { useNoticeStore } from "./notice-store";

/** The Synchronize dialog's choices as the user last left them (the folders come from the panes each time). */
const SyncChoicesSchema = z.object({
  direction: SyncDirectionSchema,
  mode: SyncModeSchema,
  criteria: CompareCriteriaSchema,
  toleranceMs: ToleranceMsSchema,
  checksum: z.boolean().default(false),
  deleteMissing: z.boolean(),
  mask: z.string().max(maxFileMaskLength),
  subfolders: z.boolean(),
  /** Show the checklist before starting; a synchronization that deletes shows it whatever this says. */
  preview: z.boolean(),
});
export type SyncChoices = z.infer<typeof SyncChoicesSchema>;

export const defaultSyncChoices: SyncChoices = {
  direction: "remote",
  mode: "files",
  criteria: "time",
  toleranceMs: defaultToleranceMs,
  checksum: false,
  deleteMissing: false,
  mask: "",
  subfolders: true,
  preview: true,
};

const choicesKey = "ferry.synchronize";

function storedChoices(): SyncChoices {
  try {
    const parsed = SyncChoicesSchema.safeParse(JSON.parse(globalThis.localStorage?.getItem(choicesKey) ?? "null"));
    return parsed.success ? parsed.data : defaultSyncChoices;
  } catch {
    return defaultSyncChoices;
  }
}

/** What the window shows of a synchronization: the options, the comparison under way, or the checklist. */
export type SyncStage =
  | { stage: "options"; localFolder: string; remoteFolder: string; error?: string | undefined }
  | {
      stage: "comparing";
      syncId: string;
      foldersListed: number;
      foldersFound: number;
      checksums?: { done: number; of: number } | undefined;
      request: SyncOptions;
    }
  | {
      stage: "checklist";
      plan: SyncPlan;
      checked: ReadonlySet<number>;
      request: SyncOptions;
      starting: boolean;
      error?: string | undefined;
    };

interface SynchronizeStore {
  choices: SyncChoices;
  /** Nothing shown when undefined. */
  shown: SyncStage | undefined;
  /** Local deletions go to the trash (the desktop app). */
  hasTrash: boolean;
  open(localFolder: string, remoteFolder: string): void;
  close(): void;
  /** Compares with these choices and folders; then shows the checklist, or starts at once when no preview is wanted and nothing is deleted. */
  compare(sessionId: string, localFolder: string, remoteFolder: string, choices: SyncChoices): Promise<void>;
  cancelCompare(): void;
  setChecked(ids: readonly number[], checked: boolean): void;
  /** Queues the checked rows. */
  start(): Promise<void>;
}

/** What a synchronization came to, on the notice board. */
const tell = (id: string, text: string) => useNoticeStore.getState().show({ id: `sync-${id}`, text });

let counter = 0;
const newSyncId = () => `s${Date.now().toString(36)}${(++counter).toString(36)}`;

/** Every row checked: the checklist opens with everything the comparison found. */
const allOf = (plan: SyncPlan) => new Set(plan.actions.map((action) => action.id));

const deletes = (kind: SyncActionKind) => kind === "delete-local" || kind === "delete-remote";

export const useSynchronizeStore = create<SynchronizeStore>((set, get) => ({
  choices: storedChoices(),
  shown: undefined,
  hasTrash: false,

  open(localFolder, remoteFolder) {
    set({ shown: { stage: "options", localFolder, remoteFolder } });
  },

  close() {
    const shown = get().shown;
    if (shown?.stage === "comparing") void call("synchronize.cancel", { syncId: shown.syncId }).catch(() => undefined);
    if (shown?.stage === "checklist") void call("synchronize.discard", { planId: shown.plan.planId }).catch(() => undefined);
    set({ shown: undefined });
  },

  async compare(sessionId, localFolder, remoteFolder, choices) {
    set({ choices });
    globalThis.localStorage?.setItem(choicesKey, JSON.stringify(choices));
    const syncId = newSyncId();
    const { preview, mask, ...rest } = choices;
    const request: SyncOptions = { ...rest, sessionId, localFolder, remoteFolder, ...(mask.trim() ? { mask } : {}) };
    set({ shown: { stage: "comparing", syncId, foldersListed: 0, foldersFound: 0, request } });
    const unsubscribe = bridge.subscribe((message) => {
      if (message.kind !== "event" || message.channel !== "synchronize.progress" || message.payload.syncId !== syncId) return;
      const shown = get().shown;
      if (shown?.stage === "comparing" && shown.syncId === syncId) set({ shown: { ...shown, ...message.payload } });
    });
    try {
      const plan = await call("synchronize.compare", { syncId, options: request });
      if (get().shown?.stage !== "comparing") return;
      set({ shown: { stage: "checklist", plan, checked: allOf(plan), request, starting: false } });
      if (plan.actions.length === 0 && plan.problems.length === 0) {
        set({ shown: undefined });
        tell(syncId, "Synchronize: nothing to do, the folders are already in step.");
        void call("synchronize.discard", { planId: plan.planId }).catch(() => undefined);
      } else if (!preview && !plan.actions.some((action) => deletes(action.kind)) && plan.problems.length === 0) await get().start();
    } catch (error) {
      if (get().shown?.stage === "comparing") set({ shown: { stage: "options", localFolder, remoteFolder, error: errorMessage(error) } });
    } finally {
      unsubscribe();
    }
  },

  cancelCompare() {
    const shown = get().shown;
    if (shown?.stage !== "comparing") return;
    void call("synchronize.cancel", { syncId: shown.syncId }).catch(() => undefined);
    set({ shown: { stage: "options", localFolder: shown.request.localFolder, remoteFolder: shown.request.remoteFolder } });
  },

  setChecked(ids, checked) {
    const shown = get().shown;
    if (shown?.stage !== "checklist") return;
    const next = new Set(shown.checked);
    for (const id of ids) {
      if (checked) next.add(id);
      else next.delete(id);
    }
    set({ shown: { ...shown, checked: next } });
  },

  async start() {
    const shown = get().shown;
    if (shown?.stage !== "checklist" || shown.starting) return;
    set({ shown: { ...shown, starting: true, error: undefined } });
    try {
      const { queued } = await call("synchronize.start", { planId: shown.plan.planId, actionIds: [...shown.checked] });
      set({ shown: undefined });
      tell(shown.plan.planId, `Synchronize: ${queued.toLocaleString()} ${queued === 1 ? "job" : "jobs"} queued.`);
    } catch (error) {
      set({ shown: { ...shown, starting: false, error: errorMessage(error) } });
    }
  },
}));
