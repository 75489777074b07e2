import { spawn } from "node:child_process";

/** Opens a URL in the default browser where there is one; failing to is fine and silent (the URL was printed). */
export function openInBrowser(url: string): void {
  const [command, args]: [string, string[]] =
    process.platform === "win32"
      ? ["cmd", ["/c", "start", '""', url]]
      : process.platform === "darwin"
        ? ["open", [url]]
        : ["xdg-open", [url]];
  try {
    const child = spawn(command, args, { stdio: "ignore", detached: true, windowsVerbatimArguments: process.platform === "win32" });
    child.on("error", () => undefined);
    child.unref();
  } catch {
    // No opener on this machine.
  }
}
