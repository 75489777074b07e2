/**
 * Ferry's Electron main process: one hardened window, and the contract bound to main/'s
 * services over IPC. Everything here is a thin adapter; the behaviour lives in main/.
 */
import { app, BrowserWindow, dialog, ipcMain, nativeImage, Notification, session, shell, type IpcMainInvokeEvent } from "electron";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { createMainServices } from "../../main/main-services";
import { ftpUrlIn } from "../../main/app-info/second-start";
import { lockDataFolder } from "../../main/storage/data-folder-lock";
import type { CommandResult, CommandName } from "../../shared/contract";
import { commandChannel, messageChannel } from "./ipc-channels";
import { desktopOpener } from "./opener";
import { SafeStorageCipher } from "./safe-storage-cipher";
import { isTrustedSender } from "./trusted-sender";
import { letsUnload, unloadQuestion } from "./unload-question";

const rendererFile = join(__dirname, "../renderer/index.html");
const rendererUrl = pathToFileURL(rendererFile).href;

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    title: "Ferry",
    show: false,
    webPreferences: {
      preload: join(__dirname, "preload.cjs"),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once("ready-to-show", () => window.show());
  // "close" comes before the page's beforeunload: a refusal without it is a reload.
  let closing = false;
  window.on("close", () => {
    closing = true;
  });
  // The page refused to unload (edits not saved): Electron would keep the window without a word, so Ferry asks.
  window.webContents.on("will-prevent-unload", (event) => {
    const leaving = closing ? "quit" : "reload";
    closing = false;
    if (letsUnload(dialog.showMessageBoxSync(window, unloadQuestion(leaving)))) event.preventDefault();
  });
  // A page that fails to load shows nothing: nothing to recover here, and no unhandled rejection.
  window.loadFile(rendererFile).catch(() => undefined);
  return window;
}

/** The picture under the pointer while files are dragged out: a small document icon (macOS requires one). */
function dragIcon(): Electron.NativeImage {
  return nativeImage.createFromDataURL(
    `data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABgAAAAYCAYAAADgdz34AAAAMUlEQVR42mNgoDfwyl/6nxJMlAVfvv0iC49aMGrBqAWjFoxaMGrBqAXUtYCmlT61AQDlbuqtyowjmQAAAABJRU5ErkJggg==`,
  );
}

function hardenContents(): void {
  app.on("web-contents-created", (_event, contents) => {
    contents.on("will-navigate", (event) => event.preventDefault());
    contents.on("will-redirect", (event) => event.preventDefault());
    contents.on("will-attach-webview", (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: "deny" }));
  });
  // Writing to the clipboard ("Copy fingerprints") is the one permission the window needs.
  const allowed = (permission: string) => permission === "clipboard-sanitized-write";
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(allowed(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => allowed(permission));
}

async function start(): Promise<void> {
  // One Ferry window: a second start hands over to the first (below), which comes to the front.
  if (!app.requestSingleInstanceLock()) return app.quit();
  await app.whenReady();
  // A web host may use the same folder: one owner at a time, whatever the host.
  const owned = await lockDataFolder(app.getPath("userData")).catch((error: unknown) =>
    error instanceof Error ? error : new Error(String(error)),
  );
  if (owned instanceof Error) {
    console.error(owned.message);
    dialog.showErrorBox("Ferry", owned.message);
    return app.exit(1);
  }
  hardenContents();
  let window: BrowserWindow | undefined;
  // Services (the restored queue included) are ready before the window asks for anything.
  const services = await createMainServices({
    homePath: app.getPath("home"),
    dataPath: app.getPath("userData"),
    cipher: new SafeStorageCipher(),
    // Local deletes can be undone from the OS trash.
    trash: (path) => shell.trashItem(path),
    // F4 in the system's default application or the user's program.
    opener: desktopOpener,
    // `ferry ftp://user@host/path` opens that connection.
    startUrl: ftpUrlIn(process.argv.slice(1)),
    version: app.getVersion(),
    // The desktop's own drag of files: the renderer asked for it while the mouse button is down.
    startDrag: (paths) => {
      if (!window || window.isDestroyed() || paths.length === 0) return;
      window.webContents.startDrag({ file: paths[0] ?? "", files: paths, icon: dragIcon() });
    },
    // The window's webContents is the one client: `to` names it, or every client.
    send: (message, to) => {
      if (window && !window.isDestroyed() && (to === undefined || to === String(window.webContents.id))) {
        window.webContents.send(messageChannel, message);
      }
    },
    onTransferProgress: (fraction, finished) => {
      if (!window || window.isDestroyed()) return;
      // -1 removes the taskbar progress bar.
      window.setProgressBar(fraction ?? -1);
      if (finished && !window.isFocused() && Notification.isSupported()) {
        new Notification({ title: "Ferry", body: "All transfers in the queue have finished." }).show();
      }
    },
  });
  window = createWindow();

  const untrusted: CommandResult<CommandName> = { ok: false, error: { code: "invalid-request", message: "Refused: not Ferry's window." } };
  ipcMain.handle(commandChannel, (event: IpcMainInvokeEvent, channel: unknown, payload: unknown) => {
    const frame = event.senderFrame;
    const trusted = isTrustedSender(
      { frameUrl: frame?.url, isMainFrame: frame !== null && frame === frame.top, isAppWindow: event.sender === window?.webContents },
      rendererUrl,
    );
    return trusted ? services.router.dispatch(channel, payload, String(event.sender.id)) : untrusted;
  });

  // `ferry ftp://…` while Ferry runs: the second start quits at once (above) and its arguments come here.
  app.on("second-instance", (_event, argv) => {
    services.secondStart(argv.slice(1));
    if (window?.isMinimized()) window.restore();
    window?.show();
    window?.focus();
  });
  window.on("closed", () => {
    // A closed window cannot answer: every open prompt gets its safe answer.
    services.rendererGone();
    window = undefined;
  });
  app.on("window-all-closed", () => app.quit());
  // Running transfers are paused and the queue saved before Ferry quits.
  let savedQueue = false;
  app.on("before-quit", (event) => {
    if (savedQueue) return;
    event.preventDefault();
    // The window closes first, and may ask about edits not saved: Ferry shuts down only once it is gone (then it quits again).
    if (window && !window.isDestroyed()) return window.close();
    // A queue that cannot be saved must not keep Ferry from quitting, nor end it with an unhandled rejection.
    void services
      .shutdown()
      .catch(() => undefined)
      .finally(() => {
        savedQueue = true;
        app.quit();
      });
  });
}

start().catch((error: unknown) => {
  console.error(`Ferry could not start: ${error instanceof Error ? error.message : "an unexpected error"}`);
  app.exit(1);
});
