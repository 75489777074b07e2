// `npm start [-- --web] [ftp://…]`: builds Ferry and opens the Electron app. Where Electron's
// binary is missing and cannot be downloaded (or with --web), it opens the same UI in the
// browser through the web host instead, so that one command runs Ferry on every machine.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const args = process.argv.slice(2);
const forceWeb = args.includes("--web");
const passOn = args.filter((arg) => arg !== "--web");

/** The Electron executable, or undefined when its binary has not been downloaded. */
function electronExecutable() {
  let packageDir;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve("electron/package.json"));
  } catch {
    return undefined;
  }
  const pathFile = join(packageDir, "path.txt");
  if (!existsSync(pathFile)) return undefined;
  const relative = readFileSync(pathFile, "utf8").trim();
  const executable = process.env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(process.env.ELECTRON_OVERRIDE_DIST_PATH, relative || "electron")
    : join(packageDir, "dist", relative);
  return existsSync(executable) ? executable : undefined;
}

function fetchElectron() {
  let installer;
  try {
    installer = join(dirname(createRequire(import.meta.url).resolve("electron/package.json")), "install.js");
  } catch {
    return;
  }
  console.error("Downloading Electron…");
  // Electron's own downloader; its stack trace on failure is not for the user.
  spawnSync(process.execPath, [installer], { stdio: ["ignore", "ignore", "ignore"], timeout: 10 * 60_000 });
}

/** Runs a program in this terminal and ends with its exit code. */
function runToEnd(command, commandArgs) {
  const child = spawn(command, commandArgs, { stdio: "inherit" });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("error", (error) => {
    console.error(`Ferry could not start: ${error.message}`);
    process.exit(1);
  });
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function build(buildArgs) {
  const result = spawnSync(process.execPath, ["scripts/build.mjs", ...buildArgs], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

let electron = forceWeb ? undefined : electronExecutable();
if (!forceWeb && !electron) {
  fetchElectron();
  electron = electronExecutable();
  if (!electron) console.error("Electron's binary is missing and could not be downloaded, so Ferry opens in your browser instead.");
}
if (electron) {
  build([]);
  runToEnd(electron, [".", ...passOn]);
} else {
  build(["--web-only"]);
  runToEnd(process.execPath, ["dist/web/host.mjs", "--open", ...passOn]);
}
