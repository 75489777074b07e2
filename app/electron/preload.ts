/**
 * The sandboxed preload: exposes `window.ferry` and nothing else. The renderer never sees
 * ipcRenderer; main validates every payload, and the renderer validates every message.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from "electron";
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
};

contextBridge.exposeInMainWorld("ferry", ferry);
