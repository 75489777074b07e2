import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { startE2eEnvironment, environmentVariable } from "./fixtures/e2e-environment";

export const webHostUrlVariable = "FERRY_E2E_WEB_URL";

/**
 * Starts the test servers and the built web host as its own process, the way a user starts
 * it, with HOME pointing at the test home and the test CA in NODE_EXTRA_CA_CERTS.
 */
export default async function globalSetup() {
  const { environment, stop } = await startE2eEnvironment();
  const host = spawn(process.execPath, ["dist/web/host.mjs", "--data-dir", environment.dataDir], {
    env: { ...process.env, HOME: environment.home, NODE_EXTRA_CA_CERTS: environment.caFile },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const firstLine = await new Promise<string>((resolve, reject) => {
    host.once("exit", (code) => reject(new Error(`the web host exited with code ${code}`)));
    createInterface({ input: host.stdout }).once("line", resolve);
  });
  const url = /^Ferry web host: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/.exec(firstLine)?.[1];
  if (!url) throw new Error(`unexpected first line from the web host: ${firstLine}`);
  process.env[environmentVariable] = JSON.stringify(environment);
  process.env[webHostUrlVariable] = url;
  return async () => {
    host.kill("SIGTERM");
    await stop();
  };
}
