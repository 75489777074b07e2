import { create } from "zustand";
import type { CommandRequest } from "../../shared/contract";
import type { ImportReport, SitesView } from "../../shared/site";
import { call, errorMessage } from "../transport/bridge";

type SaveRequest = CommandRequest<"sites.save">;

interface SitesStore {
  open: boolean;
  view: SitesView | undefined;
  /** The tree's current item: a site or a folder id. */
  selected: string | undefined;
  error: string | undefined;
  report: ImportReport | undefined;
  show(selected?: string): Promise<void>;
  hide(): void;
  reload(): Promise<void>;
  select(id: string | undefined): void;
  /** Runs an action, shows its error in the dialog, reloads the list; returns what the action returned. */
  run<T>(action: () => Promise<T>): Promise<T | undefined>;
  save(request: SaveRequest): Promise<void>;
  importFile(file: File): Promise<void>;
}

const formats: Record<string, "filezilla" | "winscp" | "ferry"> = { xml: "filezilla", ini: "winscp", json: "ferry" };

export const useSitesStore = create<SitesStore>((set, get) => ({
  open: false,
  view: undefined,
  selected: undefined,
  error: undefined,
  report: undefined,

  async show(selected) {
    set({ open: true, error: undefined, report: undefined, ...(selected ? { selected } : {}) });
    await get().reload();
  },

  hide() {
    set({ open: false });
  },

  async reload() {
    try {
      set({ view: await call("sites.list", {}) });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },

  select(id) {
    set({ selected: id, error: undefined });
  },

  async run(action) {
    try {
      const result = await action();
      set({ error: undefined });
      await get().reload();
      return result;
    } catch (error) {
      set({ error: errorMessage(error) });
      return undefined;
    }
  },

  async save(request) {
    const saved = await get().run(() => call("sites.save", request));
    if (saved) set({ selected: saved.id });
  },

  async importFile(file) {
    const format = formats[file.name.split(".").pop()?.toLowerCase() ?? ""];
    if (!format) {
      set({ error: `Ferry imports FileZilla's sitemanager.xml, WinSCP's WinSCP.ini and its own .json exports, not ${file.name}.` });
      return;
    }
    const report = await get().run(async () => call("sites.import", { format, content: await file.text() }));
    if (report) set({ report });
  },
}));
