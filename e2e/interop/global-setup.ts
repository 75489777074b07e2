import type { TestProject } from "vitest/node";
import { startInteropServers, type ServersFile } from "../servers/interop-servers";

/** Installs and starts the Debian servers with a certificate from a fresh test CA. */
export default async function setup(project: TestProject) {
  const running = await startInteropServers();
  project.provide("interop", { servers: running.file, caPem: running.caPem });
  return () => running.stop();
}

declare module "vitest" {
  export interface ProvidedContext {
    interop: { servers: ServersFile; caPem: string };
  }
}
