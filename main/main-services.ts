import { join } from "node:path";
import { appCommands } from "./app-info/commands";
import { handOverSecondStart } from "./app-info/second-start";
import { bookmarksCommands } from "./bookmarks/commands";
import { dropsCommands } from "./drops/commands";
import { editCommands } from "./edit/commands";
import { externalEditCommands } from "./edit/external-commands";
import { ExternalEdits } from "./edit/external-edits";
import type { Opener } from "./edit/opener";
import type { StartDrag } from "./drops/drag-out";
import { TemporaryFolders } from "./drops/temporary-folders";
import { filesCommands } from "./files/commands";
import type { Trash } from "./files/local-operations";
import { localCommands } from "./local/commands";
import { FolderWatcher } from "./local/folder-watcher";
import { noticeCommands } from "./notices/commands";
import { NoticeBoard } from "./notices/notice-board";
import { preferencesCommands } from "./preferences/commands";
import { promptsCommands } from "./prompts/commands";
import { proxyCommands } from "./proxy/commands";
import { ProxyStore } from "./proxy/proxy-store";
import { PromptBroker, type SendToClients } from "./prompts/prompt-broker";
import type { ClientId } from "./router/command-client";
import { createRouter, type Router } from "./router/router";
import type { SecretCipher } from "./secrets/secret-cipher";
import { sessionsCommands } from "./sessions/commands";
import { openSessionPolicy, siteEditPolicy } from "./sessions/open-session";
import { SessionManager } from "./sessions/session-manager";
import { BookmarksStore } from "./settings/bookmarks-store";
import { PreferencesStore } from "./settings/preferences-store";
import { sitesCommands } from "./sites/commands";
import { RecentConnections } from "./sites/recent-connections";
import { SiteStore } from "./sites/site-store";
import { KeepUpToDate } from "./synchronize/keep-up-to-date";
import { keepUpToDateCommands } from "./synchronize/keep-up-to-date-commands";
import { synchronizeCommands } from "./synchronize/commands";
import { SynchronizeService } from "./synchronize/synchronize-service";
import { SyncRecords } from "./synchronize/sync-records";
import { CertificateTrust } from "./tls/certificate-trust";
import { trustCommands } from "./tls/commands";
import { TrustStore } from "./tls/trust-store";
import { transfersCommands } from "./transfers/commands";
import { queueDoneHandler } from "./transfers/queue-done";
import { TransferQueue } from "./transfers/transfer-queue";

export interface MainServicesOptions {
  /** The folder the local pane opens in. */
  homePath: string;
  /** Ferry's user-data folder: sites, trusted certificates, preferences, bookmarks, recent connections and the transfer queue live here. */
  dataPath: string;
  version: string;
  /** Delivers events and prompts to one client (page or window), or to all, over whichever transport hosts main. */
  send: SendToClients;
  /** Seals saved passwords: the OS keychain in Electron, a key file in the web host. */
  cipher: SecretCipher;
  /** Where local deletes go: the OS trash in Electron; undefined deletes for good (web host). */
  trash?: Trash | undefined;
  /** An ftp:// or ftps:// URL Ferry was started with. */
  startUrl?: string | undefined;
  /** Starts the desktop's drag of local files (Electron); undefined where there is none (web host). */
  startDrag?: StartDrag | undefined;
  /** How long a server item's copy dragged out is kept; tests make it short. */
  dragOutKeepMs?: number | undefined;
  /** Opens files in other programs for F4 (Electron's shell and child_process); undefined where there is none (web host). */
  opener?: Opener | undefined;
  /** Overall transfer progress for the taskbar (undefined when idle), and when a busy queue finished. */
  onTransferProgress?: (fraction: number | undefined, finished: boolean) => void;
}

export interface MainServices {
  router: Router;
  /** The renderer went away (window closed, page left): closes every session and gives open prompts their safe answer. */
  rendererGone(): void;
  /** One page or window went away: the prompts only it showed get their safe answer. */
  clientGone(clientId: ClientId): void;
  /** The host is quitting: running transfers are paused and the queue is saved. */
  shutdown(): Promise<void>;
  /** Ferry was started again with these arguments while it ran: a URL among them is opened here. */
  secondStart(argv: readonly string[]): void;
}

/**
 * The composition root of main/: every host (Electron, web) builds exactly this, before it
 * opens any window. Each domain's commands live in `main/<domain>/commands.ts`.
 */
export async function createMainServices(options: MainServicesOptions): Promise<MainServices> {
  const data = (name: string) => join(options.dataPath, name);
  const prompts = new PromptBroker(options.send);
  const notices = new NoticeBoard(options.send);
  const trustStore = new TrustStore(data("trusted-certificates.json"), notices.show);
  const preferences = new PreferencesStore(data("preferences.json"), notices.show);
  const proxy = new ProxyStore(data("proxy.json"), options.cipher, notices.show);
  const sessions = new SessionManager(
    prompts,
    new CertificateTrust(trustStore, prompts),
    options.send,
    () => preferences.get(),
    () => proxy.route(),
    // "If the default mode fails, try the other": the mode that helped is kept for the saved site.
    (siteId, mode) => sites.setDataConnectionMode(siteId, mode),
  );
  // Copies made for drags live here until the queue is done with them.
  const temporaryFolders = new TemporaryFolders(data("temporary"));
  const whenDone = queueDoneHandler({
    preferences: () => preferences.get(),
    notify: notices.show,
    disconnect: (sites) => {
      queue.disconnect(sites);
      sessions.disconnectSites(sites, "Disconnected: the transfer queue is done.");
    },
  });
  const queue: TransferQueue = await TransferQueue.open({
    path: data("transfer-queue.json"),
    preferences,
    emit: options.send,
    notify: notices.show,
    // A folder that cannot go now (a file in it still open) is tried again after the next job.
    onJobsEnded: (jobs) => void temporaryFolders.sweep(jobs).catch(() => undefined),
    ask: (request) => prompts.askEveryone("transfers.overwrite", request, { action: "skip", applyToAll: false }),
    ...(options.onTransferProgress ? { onProgress: options.onTransferProgress } : {}),
    // Unreadable preferences do nothing when the queue is done.
    onDone: (summary, sites) => void whenDone(summary, sites).catch(() => undefined),
    trash: options.trash,
  });
  // Whatever an earlier run left in the temporary folders and no restored job needs goes now (or at the next start).
  await temporaryFolders.sweepLeftovers(queue.list().jobs).catch(() => undefined);
  const sites = new SiteStore(data("sites.json"), options.cipher, notices.show);
  const recent = new RecentConnections(data("recent-connections.json"), notices.show);
  const openSession = openSessionPolicy(sessions, recent, queue);
  const folderWatcher = new FolderWatcher(options.send);
  const keepUpToDate = new KeepUpToDate({ sessions, queue, emit: options.send });
  // Server files edited in other programs: private copies, watched and uploaded on each save.
  const externalEdits = new ExternalEdits({
    sessions,
    opener: options.opener,
    root: data("edited-files"),
    emit: options.send,
    notify: notices.show,
    preferences: () => preferences.get(),
  });
  await externalEdits.reportLeftovers();

  const router = createRouter({
    ...appCommands({
      homePath: options.homePath,
      version: options.version,
      startUrl: options.startUrl,
      notify: notices.show,
      canDragOut: options.startDrag !== undefined,
      hasTrash: options.trash !== undefined,
      canOpenExternally: options.opener !== undefined,
    }),
    ...localCommands(folderWatcher),
    ...sessionsCommands(sessions, openSession),
    ...trustCommands(trustStore),
    ...promptsCommands(prompts),
    ...filesCommands({
      sessions,
      trash: options.trash,
      emit: options.send,
      maxFolderDepth: async () => (await preferences.get()).maxFolderDepth,
    }),
    ...transfersCommands(queue, sessions),
    ...preferencesCommands(preferences),
    ...proxyCommands(proxy),
    ...bookmarksCommands(new BookmarksStore(data("bookmarks.json"), notices.show)),
    ...sitesCommands(sites, recent, openSession, siteEditPolicy(sessions, queue)),
    ...noticeCommands(notices),
    ...dropsCommands({
      sessions,
      queue,
      preferences,
      folders: temporaryFolders,
      startDrag: options.startDrag,
      dragOutKeepMs: options.dragOutKeepMs,
    }),
    ...editCommands({ sessions, sizeLimit: async () => (await preferences.get()).editSizeLimit }),
    ...externalEditCommands(externalEdits),
    ...keepUpToDateCommands(keepUpToDate),
    ...synchronizeCommands(
      new SynchronizeService({
        connector: (sessionId) => sessions.connector(sessionId),
        // Its walks read LIST times as listed: the session's server time zone is taken off here.
        queue,
        preferences: () => preferences.get(),
        records: new SyncRecords(data("sync-records.json"), notices.show),
        emit: options.send,
      }),
    ),
  });
  return {
    router,
    rendererGone() {
      prompts.cancelAll();
      sessions.closeAll();
      folderWatcher.closeAll();
      keepUpToDate.closeAll();
    },
    clientGone(clientId) {
      prompts.clientGone(clientId);
      folderWatcher.clientGone(clientId);
    },
    async shutdown() {
      folderWatcher.closeAll();
      keepUpToDate.closeAll();
      await externalEdits.closeAll();
      await queue.close();
      await temporaryFolders.releaseAll(queue.list().jobs);
    },
    secondStart(argv) {
      handOverSecondStart(argv, { emit: options.send, notify: notices.show });
    },
  };
}
