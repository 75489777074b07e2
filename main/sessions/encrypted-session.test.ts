import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { EventMessage } from "../../shared/contract";
import { trustedRequest } from "../../test-support/connect-requests";
import { startTestServer, type RunningTestServer } from "../../test-support/ftp-test-server";
import { startRecordingProxy, type RecordingProxy } from "../../test-support/recording-proxy";
import { seedServerFolder } from "../../test-support/server-folder";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { createTestCertificates } from "../../test-support/test-certificates";
import { cleanups } from "../../test-support/test-cleanups";
import { failure } from "../../test-support/test-helpers";

const root = await mkdtemp(join(tmpdir(), "ferry-encrypted-session-"));
await seedServerFolder(root);
const certificates = await createTestCertificates();
const servers: RunningTestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await rm(root, { recursive: true, force: true });
});

/**
 * An "explicit if available" session to a server that did TLS on its first connection, seen through a
 * relay that records what crosses the wire, and the server then answering AUTH TLS with 502.
 */
async function strippedAfterFirstConnection() {
  const server = await startTestServer({ root, tls: "explicit", certificate: certificates.server });
  servers.push(server);
  const wire: RecordingProxy = await startRecordingProxy(server.port);
  cleanups.push(() => wire.close());
  const app = sessionManagerForTests();
  cleanups.push(() => app.sessions.closeAll());
  const info = await app.sessions.open(
    trustedRequest(server, certificates.ca.certPem, { port: wire.port, encryption: "explicit-if-available", timeoutMs: 10_000 }),
  );
  server.refuseTls();
  const states = () =>
    app.messages
      .filter((m): m is Extract<EventMessage, { channel: "sessions.state" }> => m.kind === "event" && m.channel === "sessions.state")
      .map((m) => m.payload.connection);
  return { server, wire, info, states, ...app };
}

const refusedLater = /refused TLS on a new connection.*Ferry did not send your password in plain text/;

describe("an 'explicit if available' session whose first connection was encrypted", () => {
  it("does not reconnect without TLS: the reconnect fails saying why, and the password never crosses the wire in plain text", async () => {
    const { server, wire, info, states, sessions } = await strippedAfterFirstConnection();
    expect(info.security).toMatchObject({ encrypted: true, trust: "verified" });
    wire.drop();
    await expect.poll(() => states()[0]?.state).toBe("disconnected");

    const error = await failure(sessions.list(info.id, "/", true, true));
    expect(error).toMatchObject({ code: "tls-unavailable", message: expect.stringMatching(refusedLater) });
    expect(states().at(-1)).toEqual({ state: "disconnected", reason: error.message });
    expect(wire.sent()).toContain("AUTH TLS");
    expect(wire.sent()).not.toContain(server.password);
    expect(wire.sent()).not.toMatch(/USER|PASS/);
  });

  it("opens no transfer connection without TLS", async () => {
    const { server, wire, info, sessions } = await strippedAfterFirstConnection();
    const error = await failure(sessions.connector(info.id).connect());
    expect(error).toMatchObject({ code: "tls-unavailable", message: expect.stringMatching(refusedLater) });
    expect(wire.sent()).not.toContain(server.password);
    expect(wire.sent()).not.toMatch(/USER|PASS/);
  });
});
