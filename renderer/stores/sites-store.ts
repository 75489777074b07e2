import { create } from "zustand";
import type { CommandRequest } from "../../shared/contract";
import { siteDefaults, type ImportReport, type RecentConnection, type SitesView } from "../../shared/site";
import { call, errorMessage } from "../transport/bridge";

type SaveRequest = CommandRequest<"sites.save">;

/** The site form as the dialog around it sees it. */
export interface SiteEdit {
  /** It differs from what is saved (a new site always does, until it is saved). */
  dirty: boolean;
  valid: boolean;
  /** The name typed so far: a new site shows it in the tree. */
  name: string;
  /** Saves the form; the saved site's id, or undefined when it could not be saved (the form then says why). */
  save(): Promise<string | undefined>;
}

interface SitesStore {
  open: boolean;
  view: SitesView | undefined;
  /** The tree's current item: a site or a folder id. */
  selected: string | undefined;
  error: string | undefined;
  report: ImportReport | undefined;
  /** Sites saved so far: the form starts afresh from what was saved. */
  saves: number;
  /** The form shown now, while one is. */
  edit: SiteEdit | undefined;
  /** What waits for the answer to "Save the changes?" (closing, or choosing another item). */
  leaving: (() => void) | undefined;
  setEdit(edit: SiteEdit | undefined): void;
  /** Runs an action that leaves the form: at once when nothing is unsaved, else after the question. */
  leave(action: () => void): void;
  /** The question's answer: save then go on, go on without saving, or stay. */
  answerLeaving(answer: "save" | "discard" | "cancel"): Promise<void>;
  show(selected?: string): Promise<void>;
  hide(): void;
  reload(): Promise<void>;
  select(id: string | undefined): void;
  /** Runs an action, shows its error in the dialog, reloads the list; returns what the action returned. */
  run<T>(action: () => Promise<T>): Promise<T | undefined>;
  /** Saves a site; its id, or undefined when that failed (the dialog shows why). */
  save(request: SaveRequest): Promise<string | undefined>;
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
  saves: 0,
  edit: undefined,
  leaving: undefined,
  recent: [],

  setEdit(edit) {
    set({ edit });
  },

  leave(action) {
    if (get().edit?.dirty) set({ leaving: action });
    else action();
  },

  async answerLeaving(answer) {
    const action = get().leaving;
    set({ leaving: undefined });
    if (!action || answer === "cancel") return;
    if (answer === "save" && !(await get().edit?.save())) return;
    action();
  },

  async show(selected) {
    set({ open: true, error: undefined, report: undefined, leaving: undefined, ...(selected ? { selected } : {}) });
    await get().reload();
  },

  hide() {
    // A new site that was never saved does not come back the next time.
    set({ open: false, leaving: undefined, ...(get().selected === "new" ? { selected: undefined } : {}) });
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
    if (saved) set({ selected: saved.id, saves: get().saves + 1 });
    return saved?.id;
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
