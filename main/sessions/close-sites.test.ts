import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startTestServer } from "../../test-support/ftp-test-server";
import { sessionManagerForTests } from "../../test-support/session-manager";

const root = await mkdtemp(join(tmpdir(), "ferry-close-sites-"));
const first = await startTestServer({ root, tls: "none" });
const second = await startTestServer({ root, tls: "none" });
afterAll(async () => {
  await Promise.all([first.close(), second.close()]);
  await rm(root, { recursive: true, force: true });
});

const request = (server: typeof first) => ({
  host: "127.0.0.1",
  port: server.port,
  user: server.user,
  password: server.password,
  encryption: "plain" as const,
});

describe("disconnecting the sites a finished queue used", () => {
  it("closes the sessions to those sites only, and tells the renderer why", async () => {
    const { sessions, messages } = sessionManagerForTests();
    const used = await sessions.open(request(first));
    const other = await sessions.open(request(second));
    sessions.closeSites([`${first.user}@127.0.0.1:${first.port}`], "Disconnected: the transfer queue is done.");
    expect(() => sessions.session(used.id)).toThrow("This session is no longer connected.");
    expect(sessions.session(other.id)).toBeDefined();
    expect(messages).toContainEqual({
      kind: "event",
      channel: "sessions.state",
      payload: {
        sessionId: used.id,
        state: "closed",
        error: { code: "connection-lost", message: "Disconnected: the transfer queue is done." },
      },
    });
    sessions.closeAll();
  });
});
