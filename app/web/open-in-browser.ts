import { spawn } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { writeFileAtomic } from "../../main/storage/json-file";

/** The characters a URL cannot be left with inside an HTML attribute. */
const escapeAttribute = (text: string) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/**
 * A page in the data folder, readable by this user alone, that sends the browser on to `url`.
 * The browser is given this page, not the URL: a program's arguments are there for every user
 * of the machine to read (ps), and the URL holds the web host's token.
 */
export async function launcherPage(dataDir: string, url: string): Promise<string> {
  const path = join(dataDir, "open-ferry.html");
  const target = escapeAttribute(url);
  await writeFileAtomic(
    path,
    `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${target}"><title>Ferry</title><a href="${target}">Open Ferry</a>\n`,
    0o600,
  );
  return pathToFileURL(path).href;
}

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
