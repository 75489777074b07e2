/** The two Electron IPC channels that carry the whole contract, shared by main and preload. */
export const commandChannel = "ferry:command";
export const messageChannel = "ferry:message";
