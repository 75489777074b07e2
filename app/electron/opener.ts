/**
 * The desktop's Opener for F4 in another program: the system's default application through
 * `shell.openPath`, the user's program started directly (no shell: the arguments main split
 * stay as they are, whatever a file name holds), and folders shown in the file manager.
 */
import { shell } from "electron";
import { spawn } from "node:child_process";
import type { Opener } from "../../main/edit/opener";

async function openPath(path: string): Promise<void> {
  // openPath answers with an error message, "" when the file opened.
  const problem = await shell.openPath(path);
  if (problem) throw new Error(problem);
}

/** Starts the program on its own (it outlives nothing of Ferry's); resolves once it started, rejects when it cannot be. */
function start(argv: string[]): Promise<void> {
  const [program, ...args] = argv;
  if (!program) return Promise.reject(new Error("no program"));
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { detached: true, stdio: "ignore", shell: false });
    child.once("error", reject);
    child.once("spawn", () => {
      child.unref();
      resolve();
    });
  });
}

export const desktopOpener: Opener = {
  open: (path, openWith) => (openWith.kind === "default" ? openPath(path) : start(openWith.argv)),
  showFolder: openPath,
};
