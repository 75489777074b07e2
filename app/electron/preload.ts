/**
 * The sandboxed preload: exposes `window.ferry` and nothing else. The renderer never sees
 * ipcRenderer; main validates every payload, and the renderer validates every message.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from "electron";
import { parseMainMessage, type FerryBridge } from "../../shared/contract";
import { commandChannel, messageChannel } from "./ipc-channels";

const ferry: FerryBridge = {
  invoke: (channel, request) => ipcRenderer.invoke(commandChannel, channel, request),
  subscribe(listener) {
    const onMessage = (_event: IpcRendererEvent, raw: unknown) => {
      const message = parseMainMessage(raw);
      if (message) listener(message);
    };
    ipcRenderer.on(messageChannel, onMessage);
    return () => ipcRenderer.removeListener(messageChannel, onMessage);
  },
  // File.path is gone from Electron: the preload is the one place that can ask for a dropped file's path.
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld("ferry", ferry);
