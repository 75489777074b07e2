import type { EventMessage, PromptMessage } from "../shared/contract";
import { join } from "node:path";
import type { ConnectRequest } from "../shared/domain";
import { dropCommands } from "./drops/drop-commands";
import type { StartDrag } from "./drops/drag-out";
import { TemporaryFolders } from "./drops/temporary-folders";
import { DeleteProgress } from "./files/delete-progress";
import { localOperations, type Trash } from "./files/local-operations";
import { listLocalFolder } from "./local/local-files";
import type { SecretCipher } from "./secrets/secret-cipher";
import { exportSites, importFerry } from "./sites/ferry-export";
import { importFileZilla } from "./sites/import-filezilla";
import { importWinScp } from "./sites/import-winscp";
import { parseFtpUrl } from "./sites/parse-ftp-url";
import { RecentConnections } from "./sites/recent-connections";
import { SiteStore } from "./sites/site-store";
import { PromptBroker } from "./prompts/prompt-broker";
import { createRouter, type Router } from "./router/router";
import { SessionManager } from "./sessions/session-manager";
import { BookmarksStore } from "./settings/bookmarks-store";
import { PreferencesStore } from "./settings/preferences-store";
import { TransferQueue } from "./transfers/transfer-queue";
import { CertificateTrust } from "./tls/certificate-trust";
import { TrustStore } from "./tls/trust-store";

export interface MainServicesOptions {
  /** The folder the local pane opens in. */
  homePath: string;
  /** Ferry's user-data folder: the trust store, preferences and the transfer queue live here. */
  dataPath: string;
  version: string;
  /** Delivers events and prompts to the renderer, over whichever transport hosts main. */
  send: (message: EventMessage | PromptMessage) => void;
  /** Seals saved passwords: the OS keychain in Electron, a key file in the web host. */
  cipher: SecretCipher;
  /** Where local deletes go: the OS trash in Electron; undefined deletes for good (web host). */
  trash?: Trash | undefined;
  /** An ftp:// or ftps:// URL Ferry was started with. */
  startUrl?: string | undefined;
  /** Starts the desktop's drag of local files (Electron); undefined where there is none (web host). */
  startDrag?: StartDrag | undefined;
  /** Overall transfer progress for the taskbar (undefined when idle), and when a busy queue finished. */
  onTransferProgress?: (fraction: number | undefined, finished: boolean) => void;
}

export interface MainServices {
  router: Router;
  /** The renderer went away (window closed, page left): closes every session and gives open prompts their safe answer. */
  rendererGone(): void;
  /** The host is quitting: running transfers are paused and the queue is saved. */
  shutdown(): Promise<void>;
}

/** The composition root of main/: every host (Electron, web) builds exactly this. */
export function createMainServices(options: MainServicesOptions): MainServices {
  const prompts = new PromptBroker(options.send);
  const trustStore = new TrustStore(join(options.dataPath, "trusted-certificates.json"));
  const preferences = new PreferencesStore(join(options.dataPath, "preferences.json"));
  const sessions = new SessionManager(prompts, new CertificateTrust(trustStore, prompts), options.send, async () => (await preferences.get()).maxFolderDepth);
  // Copies made for drags live here until the queue is done with them.
  const temporaryFolders = new TemporaryFolders(join(options.dataPath, "temporary"));
  const queue = TransferQueue.open({
    path: join(options.dataPath, "transfer-queue.json"),
    preferences,
    emit: options.send,
    onSettled: (jobs) => void temporaryFolders.sweep(jobs),
    ask: (request) => prompts.ask("transfers.overwrite", request, { action: "skip", applyToAll: false }),
    ...(options.onTransferProgress ? { onProgress: options.onTransferProgress } : {}),
  });
  const sites = new SiteStore(join(options.dataPath, "sites.json"), options.cipher);
  const importers = { filezilla: importFileZilla, winscp: importWinScp, ferry: importFerry };
  const importNames = { filezilla: "Imported from FileZilla", winscp: "Imported from WinSCP", ferry: "Imported sites" };
  const startConnection = options.startUrl ? parseFtpUrl(options.startUrl) : undefined;
  const recent = new RecentConnections(join(options.dataPath, "recent-connections.json"));
  const bookmarks = new BookmarksStore(join(options.dataPath, "bookmarks.json"));
  /** Deletes under way, by the id the renderer gave them, so that they can be cancelled. */
  const deletes = new Map<string, DeleteProgress>();
  /** Quick connect and saved sites open sessions the same way. */
  const openSession = async (request: ConnectRequest, parallel?: number) => {
    const info = await sessions.open(request);
    await recent.remember(request);
    // Queued transfers to this server (restored ones too) can run with this session's credentials.
    (await queue).registerSite({ ...sessions.connector(info.id), parallel });
    return info;
  };
  const control = {
    pause: (q: TransferQueue, ids?: string[]) => q.pause(ids),
    resume: (q: TransferQueue, ids?: string[]) => q.resume(ids),
    cancel: (q: TransferQueue, ids?: string[]) => q.cancel(ids),
    retry: (q: TransferQueue, ids?: string[]) => q.retry(ids),
    "move-up": (q: TransferQueue, ids?: string[]) => q.move(ids ?? [], -1),
    "move-down": (q: TransferQueue, ids?: string[]) => q.move(ids ?? [], 1),
  } as const;
  const router = createRouter({
      "app.info": async () => ({
        homePath: options.homePath,
        platform: process.platform,
        version: options.version,
        ...(startConnection ? { startConnection } : {}),
        canDragOut: options.startDrag !== undefined,
      }),
      "local.list": ({ path, showHidden }) => listLocalFolder(path, showHidden),
      "sessions.open": (request) => openSession(request),
      "sessions.close": async ({ sessionId }) => {
        sessions.close(sessionId);
        return {};
      },
      "sessions.log": async ({ sessionId }) => ({ entries: sessions.log(sessionId).all() }),
      "sessions.clear-log": async ({ sessionId }) => {
        sessions.log(sessionId).clear();
        return {};
      },
      "sessions.list": ({ sessionId, path, showHidden, fresh }) => sessions.list(sessionId, path, showHidden, fresh),
      "files.mkdir": async ({ target, folder, name }) => {
        await (target.side === "local" ? localOperations.mkdir(folder, name) : sessions.session(target.sessionId).mkdir(folder, name));
        return {};
      },
      "files.new-file": async ({ target, folder, name }) => {
        await (target.side === "local" ? localOperations.newFile(folder, name) : sessions.session(target.sessionId).newFile(folder, name));
        return {};
      },
      "files.rename": async ({ target, folder, from, to }) => {
        await (target.side === "local" ? localOperations.rename(folder, from, to) : sessions.session(target.sessionId).rename(folder, from, to));
        return {};
      },
      "files.delete": async ({ target, folder, names, operationId }) => {
        const progress = new DeleteProgress((done, current) => {
          if (operationId) options.send({ kind: "event", channel: "files.delete-progress", payload: { operationId, done, current } });
        });
        if (operationId) deletes.set(operationId, progress);
        try {
          await (target.side === "local" ? localOperations.delete(folder, names, options.trash, progress) : sessions.session(target.sessionId).delete(folder, names, progress));
          return { deleted: progress.count };
        } finally {
          if (operationId) deletes.delete(operationId);
        }
      },
      "files.cancel": async ({ operationId }) => {
        deletes.get(operationId)?.cancel();
        return {};
      },
      "bookmarks.get": async ({ key }) => ({ paths: await bookmarks.get(key) }),
      "bookmarks.set": async ({ key, paths }) => {
        await bookmarks.set(key, paths);
        return {};
      },
      "files.chmod": async ({ sessionId, folder, names, mode, recursive }) => ({
        changed: await sessions.session(sessionId).chmod(folder, names, mode, recursive),
      }),
      "trust.list": () => trustStore.list(),
      "trust.remove": async ({ host, port }) => {
        await trustStore.remove(host, port);
        return {};
      },
      "transfers.add": async ({ sessionId, ...batch }) => ({ added: (await (await queue).add({ connector: sessions.connector(sessionId), ...batch })).added }),
      "transfers.list": async () => (await queue).list(),
      "transfers.control": async ({ action, jobIds }) => {
        control[action](await queue, jobIds);
        return {};
      },
      "transfers.remove-finished": async () => {
        (await queue).removeFinished();
        return {};
      },
      "preferences.get": () => preferences.get(),
      "preferences.set": (change) => preferences.set(change),
      "sites.list": () => sites.view(),
      "sites.save": (request) => sites.save(request),
      "sites.save-folder": (request) => sites.saveFolder(request),
      "sites.move": async ({ id, kind, parentId }) => {
        await sites.move(id, kind, parentId);
        return {};
      },
      "sites.duplicate": ({ id }) => sites.duplicate(id),
      "sites.delete": async ({ id, kind }) => {
        await sites.delete(id, kind);
        return {};
      },
      "sites.connect": async ({ id }) => {
        const { request, site } = await sites.connectRequest(id);
        return openSession(request, site.parallel);
      },
      "sites.import": async ({ format, content }) => {
        const read = importers[format](content);
        const imported = read.sites.length > 0 ? await sites.importSites(importNames[format], read.sites) : 0;
        return { imported, skipped: read.skipped, notes: read.notes };
      },
      "sites.export": async () => ({ content: exportSites(await sites.exportable()) }),
      "sites.recent": async () => ({ connections: await recent.list() }),
      "prompts.answer": async ({ promptId, answer }) => {
        prompts.answer(promptId, answer);
        return {};
      },
      ...dropCommands({ sessions, queue, preferences, folders: temporaryFolders, startDrag: options.startDrag }),
  });
  // Whatever an earlier run left in the temporary folders and no restored job needs goes now.
  void queue.then((q) => temporaryFolders.sweepLeftovers(q.list().jobs));
  return {
    router,
    rendererGone() {
      prompts.cancelAll();
      sessions.closeAll();
    },
    async shutdown() {
      const q = await queue;
      await q.close();
      await temporaryFolders.releaseAll(q.list().jobs);
    },
  };
}
