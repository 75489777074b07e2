/** A web host for tests, on a temp folder: a one-line renderer, a home with `a.txt`, and a secret beside them. */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { startWebHost, type WebHost } from "./web-host";

export interface TestWebHost {
  base: string;
  host: WebHost;
  stop(): Promise<void>;
}

export async function startTestWebHost(): Promise<TestWebHost> {
  const base = await mkdtemp(join(tmpdir(), "ferry-web-host-"));
  await mkdir(join(base, "renderer"));
  await writeFile(join(base, "renderer", "index.html"), "<!doctype html><title>Ferry</title>");
  await writeFile(join(base, "secret.txt"), "not for the web");
  await mkdir(join(base, "home"));
  await writeFile(join(base, "home", "a.txt"), "a");
  const host = await startWebHost({
    dataDir: join(base, "data"),
    homePath: join(base, "home"),
    version: "test",
    rendererDir: join(base, "renderer"),
  });
  return {
    base,
    host,
    async stop() {
      await host.close();
      await rm(base, { recursive: true, force: true });
    },
  };
}

/** Starts a test web host before the file's tests and stops it after them. */
export function useTestWebHost(): { readonly base: string; readonly host: WebHost } {
  let started: TestWebHost | undefined;
  beforeAll(async () => {
    started = await startTestWebHost();
  });
  afterAll(() => started?.stop());
  return {
    get base() {
      return started!.base;
    },
    get host() {
      return started!.host;
    },
  };
}
