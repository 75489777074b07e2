import { join, win32 } from "node:path";

/**
 * Where Electron keeps Ferry's data (`app.getPath("userData")`), so that the web host, given
 * no --data-dir, uses the same folder as the desktop app would.
 */
export function userDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === "win32") return win32.join(env.APPDATA ?? win32.join(home, "AppData", "Roaming"), "Ferry");
  if (platform === "darwin") return join(home, "Library", "Application Support", "Ferry");
  return join(env.XDG_CONFIG_HOME || join(home, ".config"), "Ferry");
}
