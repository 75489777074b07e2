// Builds Ferry: the renderer with Vite, the web host and the Electron main and preload with
// esbuild. `--web-only` skips the Electron parts (for the web host and its tests).
import { build as esbuild } from "esbuild";
import { build as viteBuild } from "vite";

const webOnly = process.argv.includes("--web-only");

await viteBuild({ configFile: "vite.config.ts", logLevel: "warn" });

const common = { bundle: true, platform: "node", target: "node20", sourcemap: true, logLevel: "warning" };

await esbuild({
  ...common,
  entryPoints: ["app/web/cli.ts"],
  outfile: "dist/web/host.mjs",
  format: "esm",
  // Dependencies load from node_modules; Vite is only needed by --dev.
  packages: "external",
});

if (!webOnly) {
  await esbuild({
    ...common,
    entryPoints: ["app/electron/main.ts"],
    outfile: "dist/electron/main.cjs",
    format: "cjs",
    external: ["electron"],
  });
  // The preload runs sandboxed: one self-contained file that requires only "electron".
  await esbuild({
    ...common,
    entryPoints: ["app/electron/preload.ts"],
    outfile: "dist/electron/preload.cjs",
    format: "cjs",
    external: ["electron"],
  });
}
