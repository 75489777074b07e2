/**
 * `npm run -s web -- [--data-dir DIR] [--port N] [--open] [ftp://user@host/path]`: starts the web host and prints its
 * URL as the first line. The data folder defaults to the desktop app's. With --open, the default browser opens the
 * URL; with --dev, the renderer is served by Vite with hot reload.
 */
import { homedir } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { lockDataFolder } from "../../main/storage/data-folder-lock";
import { launcherPage, openInBrowser } from "./open-in-browser";
import { userDataDir } from "./user-data-dir";
import { startWebHost, type WebHostOptions } from "./web-host";

const here = dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      "data-dir": { type: "string" },
      port: { type: "string" },
      dev: { type: "boolean", default: false },
      open: { type: "boolean", default: false },
    },
  });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not "${values.port}"`);
  const dataDir = resolve(values["data-dir"] ?? userDataDir(process.platform, process.env, homedir()));
  // A second Ferry on the same folder stops here with one sentence (see the catch below).
  await lockDataFolder(dataDir);
  const options: WebHostOptions = {
    dataDir,
    homePath: process.env.HOME ?? homedir(),
    version: process.env.npm_package_version ?? "dev",
    port,
    startUrl: positionals.find((arg) => /^ftps?:\/\//i.test(arg)),
  };
  if (values.dev) {
    const { createServer } = await import("vite");
    const vite = await createServer({
      configFile: resolve(here, "../../vite.config.ts"),
      server: { middlewareMode: true },
      appType: "spa",
    });
    options.middleware = vite.middlewares;
  } else {
    options.rendererDir = resolve(here, "../renderer");
  }
  const host = await startWebHost(options);
  console.log(`Ferry web host: ${host.url}`);
  if (values.open) openInBrowser(await launcherPage(dataDir, host.url));
  const stop = () =>
    void host
      .close()
      .catch(() => undefined)
      .then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`Ferry web host could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
