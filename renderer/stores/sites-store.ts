import { create } from "zustand";
import type { CommandRequest } from "../../shared/contract";
import { siteDefaults, type ImportReport, type RecentConnection, type SitesView } from "../../shared/site";
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
  recent: RecentConnection[];
  /** Keeps a connection as a new site named after its host (its password is asked for when connecting). */
  saveAsSite(connection: Pick<RecentConnection, "host" | "port" | "user" | "encryption">): Promise<void>;
}

const formats: Record<string, "filezilla" | "winscp" | "ferry"> = { xml: "filezilla", ini: "winscp", json: "ferry" };

export const useSitesStore = create<SitesStore>((set, get) => ({
  open: false,
  view: undefined,
  selected: undefined,
  error: undefined,
  report: undefined,
  recent: [],

  async show(selected) {
    set({ open: true, error: undefined, report: undefined, ...(selected ? { selected } : {}) });
    await get().reload();
  },

  hide() {
    set({ open: false });
  },

  async reload() {
    try {
      const [view, recent] = await Promise.all([call("sites.list", {}), call("sites.recent", {})]);
      set({ view, recent: recent.connections });
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

  async saveAsSite(connection) {
    const settings = {
      ...siteDefaults,
      name: connection.host,
      host: connection.host,
      ...(connection.port ? { port: connection.port } : {}),
      encryption: connection.encryption,
      user: connection.user === "anonymous" ? "" : connection.user,
    };
    await get().save({ settings, password: { change: "keep" }, clientCertificate: { change: "keep" } });
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
