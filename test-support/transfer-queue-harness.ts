import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, expect } from "vitest";
import type { EventMessage, PromptAnswer, PromptRequest } from "../shared/contract";
import type { TransferJob, TransferPreferences } from "../shared/transfer";
import { PreferencesStore } from "../main/settings/preferences-store";
import { TransferQueue } from "../main/transfers/transfer-queue";
import { trustedRequest } from "./connect-requests";
import { startTestServer, type RunningTestServer, type TestServerOptions } from "./ftp-test-server";
import { sessionManagerForTests } from "./session-manager";
import { createTestCertificates } from "./test-certificates";

/** The user's answer to the "target exists" question: at once, or later (a question left showing). */
export type Ask = (
  request: PromptRequest<"transfers.overwrite">,
) => PromptAnswer<"transfers.overwrite"> | Promise<PromptAnswer<"transfers.overwrite">>;

export const statusOf = (jobs: readonly TransferJob[]) => jobs.map((job) => job.status);

/**
 * The transfer queue's tests against a real FTPS server (ftp-srv, in process): servers on a
 * shared root folder, Ferry's main side as far as transfers go, and temporary folders that go
 * after each test. Call once at the top of a test file: it registers the clean-up hooks.
 */
export async function transferQueueHarness() {
  const certificates = await createTestCertificates();
  const serverRoot = await mkdtemp(join(tmpdir(), "ferry-queue-server-"));
  const servers: RunningTestServer[] = [];
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await rm(serverRoot, { recursive: true, force: true });
  });

  async function server(extra: Partial<TestServerOptions> = {}) {
    const started = await startTestServer({ root: serverRoot, tls: "explicit", certificate: certificates.server, ...extra });
    servers.push(started);
    return started;
  }

  /** Ferry's main side as far as transfers go: a session to the server and a queue with its own data folder. */
  async function ferry(
    s: RunningTestServer,
    options: { preferences?: Partial<TransferPreferences>; ask?: Ask; dataDir?: string; encryption?: "plain" | "explicit-required" } = {},
  ) {
    const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), "ferry-queue-data-")));
    const { sessions } = sessionManagerForTests();
    const info = await sessions.open(
      trustedRequest(s, certificates.ca.certPem, { encryption: options.encryption ?? "explicit-required", timeoutMs: 10_000 }),
    );
    const preferences = new PreferencesStore(join(dataDir, "preferences.json"));
    await preferences.set({ retries: 3, ...options.preferences });
    const events: EventMessage[] = [];
    const asked: PromptRequest<"transfers.overwrite">[] = [];
    const queue = await TransferQueue.open({
      path: join(dataDir, "transfer-queue.json"),
      preferences,
      emit: (message) => events.push(message),
      ask: async (request) => {
        asked.push(request);
        return options.ask?.(request) ?? { action: "skip", applyToAll: false };
      },
      retryDelayMs: () => 100,
      batchMs: 20,
    });
    const connector = sessions.connector(info.id);
    queue.registerSite(connector);
    cleanups.push(async () => {
      await queue.close();
      sessions.closeAll();
    });
    const add = (direction: "upload" | "download", sourceFolder: string, names: string[], targetFolder: string, move = false) =>
      queue.add({ connector, direction, move, sourceFolder, names, targetFolder });
    /** Waits for the queue to drain (nothing queued or running), and gives the jobs. */
    const drained = async (timeout = 60_000) => {
      await expect.poll(() => queue.list().summary.active, { timeout, interval: 50 }).toBe(0);
      return queue.list().jobs;
    };
    return { queue, connector, sessions, sessionId: info.id, events, asked, dataDir, preferences, add, drained };
  }

  async function localFolder() {
    const folder = await mkdtemp(join(tmpdir(), "ferry-queue-local-"));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    return folder;
  }

  /** A fresh folder on the server, as the server sees it ("/name") and on disk. */
  async function remoteFolder(name: string) {
    const unique = `${name}-${randomBytes(4).toString("hex")}`;
    await mkdir(join(serverRoot, unique));
    return { path: `/${unique}`, disk: join(serverRoot, unique) };
  }

  return { certificates, server, fast: await server(), ferry, localFolder, remoteFolder, cleanups };
}
