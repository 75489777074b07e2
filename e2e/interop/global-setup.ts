import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { seedServerFolder } from "../fixtures/server-folder";
import { createTestCertificates } from "../fixtures/test-certificates";

const script = join(import.meta.dirname, "../servers/interop-servers.sh");

/** Installs and starts the Debian servers with a certificate from a fresh test CA. */
export default async function setup(project: TestProject) {
  execFileSync("bash", [script, "install"], { stdio: "inherit" });
  const state = await mkdtemp(join(tmpdir(), "ferry-interop-"));
  const certificates = await createTestCertificates({ serverKey: "rsa" });
  await writeFile(join(state, "server.pem"), certificates.server.certPem);
  await writeFile(join(state, "server.key"), certificates.server.keyPem, { mode: 0o600 });
  await seedServerFolder(join(state, "home"));
  execFileSync("bash", [script, "start", state], { stdio: "inherit" });
  const servers = JSON.parse(await readFile(join(state, "servers.json"), "utf8")) as unknown;
  project.provide("interop", { servers, caPem: certificates.ca.certPem });
  return () => {
    execFileSync("bash", [script, "stop", state], { stdio: "inherit" });
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    interop: { servers: unknown; caPem: string };
  }
}
