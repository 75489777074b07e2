import { watch, type FSWatcher } from "node:fs";
import type { EventMessage } from "../../shared/contract";
import type { ClientId } from "../router/command-client";

/** Changes closer together than this are one `local.changed`: a copy of many files refreshes the pane once or twice, not per file. */
const settleMs = 250;

interface Watched {
  watcher: FSWatcher;
  /** The pages that show this folder; `undefined` stands for a caller outside any page (tests). */
  clients: Set<ClientId | undefined>;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Watches the folders the Local panes show (one per page), so that a file made or deleted on
 * disk shows without Ctrl+R. A folder watched by two pages has one watcher.
 */
export class FolderWatcher {
  private readonly folders = new Map<string, Watched>();
  private readonly byClient = new Map<ClientId | undefined, string>();

  constructor(private readonly send: (message: EventMessage, to?: ClientId) => void) {}

  /** The folder `client` shows now (undefined: none); what it watched before is let go. */
  show(client: ClientId | undefined, folder: string | undefined): void {
    const before = this.byClient.get(client);
    if (before === folder) return;
    if (before !== undefined) this.release(client, before);
    if (folder === undefined) {
      this.byClient.delete(client);
      return;
    }
    this.byClient.set(client, folder);
    const existing = this.folders.get(folder);
    if (existing) {
      existing.clients.add(client);
      return;
    }
    try {
      const watched: Watched = { watcher: watch(folder, { persistent: false }), clients: new Set([client]), timer: undefined };
      watched.watcher.on("change", () => this.changed(folder, watched));
      // The folder itself went away (or cannot be watched any more): one last change makes the pane say so.
      watched.watcher.on("error", () => {
        this.changed(folder, watched);
        watched.watcher.close();
      });
      this.folders.set(folder, watched);
    } catch {
      // A folder that cannot be watched (too many watches, a network disk) still refreshes on Ctrl+R and after Ferry's own operations.
    }
  }

  /** A page went away. */
  clientGone(client: ClientId): void {
    this.show(client, undefined);
  }

  closeAll(): void {
    for (const watched of this.folders.values()) {
      clearTimeout(watched.timer);
      watched.watcher.close();
    }
    this.folders.clear();
    this.byClient.clear();
  }

  private changed(folder: string, watched: Watched): void {
    clearTimeout(watched.timer);
    watched.timer = setTimeout(() => {
      watched.timer = undefined;
      for (const client of watched.clients) this.send({ kind: "event", channel: "local.changed", payload: { path: folder } }, client);
    }, settleMs);
  }

  private release(client: ClientId | undefined, folder: string): void {
    const watched = this.folders.get(folder);
    if (!watched) return;
    watched.clients.delete(client);
    if (watched.clients.size > 0) return;
    clearTimeout(watched.timer);
    watched.watcher.close();
    this.folders.delete(folder);
  }
}
