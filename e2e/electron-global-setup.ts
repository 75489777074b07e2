import { createRequire } from "node:module";
import { environmentVariable, startE2eEnvironment } from "./fixtures/e2e-environment";
import { electronTargetVariable } from "./fixtures/ferry-app";

/**
 * The Electron run of the specs. It needs the Electron binary, which the electron package
 * fetches on first use; where it cannot be had, the run fails here and says so, rather than
 * passing with nothing tested.
 */
export default async function globalSetup() {
  let binary: string;
  try {
    binary = createRequire(import.meta.url)("electron") as string;
  } catch (error) {
    throw new Error(
      "No Electron binary: `npm run test:electron` needs one, and the electron package could not " +
        `provide it (${error instanceof Error ? error.message : String(error)}). Run it on a machine that ` +
        "can download Electron, or set ELECTRON_OVERRIDE_DIST_PATH to an installed Electron.",
    );
  }
  const { environment, stop } = await startE2eEnvironment();
  process.env[environmentVariable] = JSON.stringify(environment);
  process.env[electronTargetVariable] = binary;
  return stop;
}
