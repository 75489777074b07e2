// Checks electron-builder.yml with electron-builder's own loader and schema validation,
// which is as far as packaging can be checked where Electron cannot be downloaded.
import { getConfig, validateConfiguration } from "app-builder-lib/out/util/config/config.js";
import { DebugLogger } from "builder-util";

const config = await getConfig(process.cwd(), "electron-builder.yml", null);
await validateConfiguration(config, new DebugLogger(false));
const targets = ["linux", "win", "mac"].map((os) => `${os}: ${[config[os]?.target].flat().join(", ")}`);
console.log(`electron-builder.yml is valid (${targets.join("; ")})`);
