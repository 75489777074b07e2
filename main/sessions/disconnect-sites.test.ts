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
  it("disconnects the sessions to those sites only, says why, and the next action reconnects", async () => {
    const { sessions, messages } = sessionManagerForTests();
    const used = await sessions.open(request(first));
    const other = await sessions.open(request(second));
    sessions.disconnectSites([`${first.user}@127.0.0.1:${first.port}`], "Disconnected: the transfer queue is done.");
    const told = messages.filter((message) => message.kind === "event" && message.channel === "sessions.state");
    expect(told).toEqual([
      {
        kind: "event",
        channel: "sessions.state",
        payload: { sessionId: used.id, connection: { state: "disconnected", reason: "Disconnected: the transfer queue is done." } },
      },
    ]);
    // The tab stays: listing its folder connects again.
    const listing = await sessions.list(used.id, "/");
    expect(listing.path).toBe("/");
    expect((await sessions.list(other.id, "/")).path).toBe("/");
    sessions.closeAll();
  });
});
