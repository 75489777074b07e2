import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { connect, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ConnectRequest } from "../../shared/domain";
import { freePort } from "../../test-support/free-port";
import { startTestServer } from "../../test-support/ftp-test-server";
import { startScriptedServer } from "../../test-support/scripted-ftp-server";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { createTestCertificates } from "../../test-support/test-certificates";
import { failure } from "../../test-support/test-helpers";
import { PreferencesStore } from "../settings/preferences-store";
import { TransferQueue } from "../transfers/transfer-queue";
import type { SessionManager, SessionPreferences } from "./session-manager";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function temporary() {
  const folder = await mkdtemp(join(tmpdir(), "ferry-active-"));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

function sessionManager(preferences: Partial<SessionPreferences> = {}) {
  const made = sessionManagerForTests(undefined, { tryOtherDataMode: false, ...preferences });
  cleanups.push(() => made.sessions.closeAll());
  return made.sessions;
}

/** A transfer queue on the session's connector; `copy` runs one file and waits for it to be done. */
async function queueFor(sessions: SessionManager, sessionId: string) {
  const data = await temporary();
  const queue = await TransferQueue.open({
    path: join(data, "queue.json"),
    preferences: new PreferencesStore(join(data, "preferences.json")),
    emit: () => undefined,
    ask: async () => ({ action: "overwrite", applyToAll: true }),
  });
  cleanups.push(() => queue.close());
  const connector = sessions.connector(sessionId);
  return async (direction: "upload" | "download", sourceFolder: string, name: string, targetFolder: string) => {
    await queue.add({ connector, direction, move: false, sourceFolder, names: [name], targetFolder });
    await expect.poll(() => queue.list().summary.active, { timeout: 20_000, interval: 50 }).toBe(0);
    expect(queue.list().jobs.map((job) => [job.status, job.message])).toEqual([["done", undefined]]);
    queue.removeFinished();
  };
}

/** The EPRT or PORT commands a session sent, as its log shows them. */
function announcements(sessions: SessionManager, id: string): string[] {
  return sessions
    .log(id)
    .all()
    .filter((entry) => entry.kind === "command" && /^(EPRT|PORT) /.test(entry.text))
    .map((entry) => entry.text);
}

/** The port an EPRT or PORT names. */
function portOf(command: string): number {
  const eprt = /^EPRT \|\d\|[^|]+\|(\d+)\|$/.exec(command);
  if (eprt) return Number(eprt[1]);
  const numbers = command.slice(5).split(",").map(Number);
  return numbers[4]! * 256 + numbers[5]!;
}

describe("active mode against ftp-srv", () => {
  const certificates = createTestCertificates();

  it.each(["none", "explicit"] as const)("lists, uploads and downloads with the server connecting back (TLS: %s)", async (tls) => {
    const root = await temporary();
    const { ca, server: certificate } = await certificates;
    const server = await startTestServer({ root, tls, certificate });
    cleanups.push(() => server.close());
    const sessions = sessionManager();
    const request: ConnectRequest = {
      host: "127.0.0.1",
      port: server.port,
      user: server.user,
      password: server.password,
      encryption: tls === "none" ? "plain" : "explicit-required",
      tls: { trustedCaPem: ca.certPem },
      dataConnectionMode: "active",
      timeoutMs: 5_000,
    };
    const info = await sessions.open(request);
    const content = randomBytes(300_000);
    await writeFile(join(root, "there.bin"), content);
    const listing = await sessions.list(info.id);
    expect(listing.entries.map((entry) => entry.name)).toContain("there.bin");
    expect(announcements(sessions, info.id)[0]).toMatch(/^EPRT \|1\|127\.0\.0\.1\|\d+\|$/);
    const copy = await queueFor(sessions, info.id);
    const local = await temporary();
    await copy("download", "/", "there.bin", local);
    expect((await readFile(join(local, "there.bin"))).equals(content)).toBe(true);
    await writeFile(join(local, "back.bin"), content.subarray(1000));
    await copy("upload", local, "back.bin", "/");
    expect((await readFile(join(root, "back.bin"))).equals(content.subarray(1000))).toBe(true);
    if (tls === "explicit") {
      expect(sessions.log(info.id).all()).toContainEqual(
        expect.objectContaining({ kind: "tls", text: expect.stringMatching(/^Data connection:/) }),
      );
    }
  });
});

describe("the certificate of an active data connection", () => {
  it("must be the session's: another one stops the listing", async () => {
    const root = await temporary();
    const { ca, server: certificate, selfSigned } = await createTestCertificates();
    const server = await startTestServer({ root, tls: "explicit", certificate, dataCertificate: selfSigned });
    cleanups.push(() => server.close());
    const sessions = sessionManager();
    const info = await sessions.open({
      host: "127.0.0.1",
      port: server.port,
      user: server.user,
      password: server.password,
      encryption: "explicit-required",
      tls: { trustedCaPem: ca.certPem },
      dataConnectionMode: "active",
    });
    const error = await failure(sessions.list(info.id));
    expect(error.code).toBe("certificate-mismatch");
    expect(error.message).toMatch(/data connection presented a different certificate/);
  });
});

describe("the port range preference", () => {
  it("listens only on ports of the range, and skips one that is taken", async () => {
    const root = await temporary();
    await writeFile(join(root, "a.txt"), "a");
    const server = await startTestServer({ root, tls: "none" });
    cleanups.push(() => server.close());
    const from = await freePort();
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(from, "127.0.0.1", resolve));
    cleanups.push(() => taken.close());
    const sessions = sessionManager({ activePortsLimited: true, activePortFrom: from, activePortTo: from + 2 });
    const info = await sessions.open({
      host: "127.0.0.1",
      port: server.port,
      user: server.user,
      password: server.password,
      encryption: "plain",
      dataConnectionMode: "active",
    });
    for (let i = 0; i < 4; i++) await sessions.list(info.id, "/", false, true);
    const ports = announcements(sessions, info.id).map(portOf);
    expect(ports.length).toBeGreaterThanOrEqual(4);
    for (const port of ports) expect([from + 1, from + 2]).toContain(port);
  });

  it("says so when every port of the range is taken", async () => {
    const root = await temporary();
    const server = await startTestServer({ root, tls: "none" });
    cleanups.push(() => server.close());
    const from = await freePort();
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(from, "127.0.0.1", resolve));
    cleanups.push(() => taken.close());
    const sessions = sessionManager({ activePortsLimited: true, activePortFrom: from, activePortTo: from });
    const info = await sessions.open({
      host: "127.0.0.1",
      port: server.port,
      user: server.user,
      password: server.password,
      encryption: "plain",
      dataConnectionMode: "active",
    });
    expect(await failure(sessions.list(info.id))).toMatchObject({
      message: `Every local port from ${from} to ${from} is in use, so active mode has nowhere to listen. Widen "Limit local ports used by Ferry" in the preferences, or use passive mode.`,
    });
  });
});

describe("a server that never connects back", () => {
  it("fails with a sentence that names the setting, once the timeout is over", async () => {
    // It takes EPRT and says the transfer starts, but never connects: what a firewall in between looks like.
    const server = await startScriptedServer({
      listings: {},
      replies: { EPRT: "200 EPRT command successful.", LIST: "150 Opening data connection." },
    });
    cleanups.push(() => server.close());
    const sessions = sessionManager();
    const info = await sessions.open({
      host: "127.0.0.1",
      port: server.port,
      user: "u",
      password: "p",
      encryption: "plain",
      timeoutMs: 1_000,
      dataConnectionMode: "active",
    });
    const started = Date.now();
    expect(await failure(sessions.list(info.id))).toMatchObject({
      message: expect.stringContaining(
        "The server did not connect back for active mode; a firewall or NAT may be in the way. Try passive mode in the site's settings.",
      ),
    });
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it("takes a connection that comes after the server's final reply (a short listing)", async () => {
    // The replies of a listing come at once; the server's connection arrives only after them.
    const server = await startScriptedServer({
      listings: {},
      replies: { EPRT: "200 EPRT command successful.", LIST: "150 Here comes the listing.\r\n226 Listing sent." },
    });
    cleanups.push(() => server.close());
    const sessions = sessionManager();
    const info = await sessions.open({
      host: "127.0.0.1",
      port: server.port,
      user: "u",
      password: "p",
      encryption: "plain",
      timeoutMs: 3_000,
      dataConnectionMode: "active",
    });
    const listing = sessions.list(info.id, "/", false, true);
    const replies = () =>
      sessions
        .log(info.id)
        .all()
        .filter((entry) => entry.kind === "reply" && entry.text.startsWith("226"));
    await expect.poll(replies).toHaveLength(1);
    const late = connect(portOf(announcements(sessions, info.id)[0]!), "127.0.0.1");
    late.end("-rw-r--r-- 1 u g 5 Nov 23  2025 late.txt\r\n");
    expect((await listing).entries.map((entry) => entry.name)).toEqual(["late.txt"]);
  });

  it("says why when the server answers that it could not connect", async () => {
    const server = await startScriptedServer({
      listings: {},
      replies: { EPRT: "200 EPRT command successful.", LIST: "425 Failed to establish connection." },
    });
    cleanups.push(() => server.close());
    const sessions = sessionManager();
    const info = await sessions.open({
      host: "127.0.0.1",
      port: server.port,
      user: "u",
      password: "p",
      encryption: "plain",
      dataConnectionMode: "active",
    });
    expect(await failure(sessions.list(info.id))).toMatchObject({
      message:
        'The server could not connect back for active mode (it answered "425 Failed to establish connection."); ' +
        "a firewall or NAT may be in the way. Try passive mode in the site's settings.",
    });
  });

  it("with 'try the other mode' on, the next listing goes in passive mode, and the session keeps it", async () => {
    // The scripted server answers LIST with 425 without a passive connection: active mode never works with it.
    const server = await startScriptedServer({
      listings: { "/": "-rw-r--r-- 1 u g 5 Nov 23  2025 a.txt\r\n" },
      replies: { EPRT: "200 EPRT command successful." },
    });
    cleanups.push(() => server.close());
    const sessions = sessionManager({ tryOtherDataMode: true });
    const info = await sessions.open({
      host: "127.0.0.1",
      port: server.port,
      user: "u",
      password: "p",
      encryption: "plain",
      dataConnectionMode: "active",
    });
    expect((await failure(sessions.list(info.id))).message).toMatch(/^The server could not connect back for active mode/);
    expect((await sessions.list(info.id)).entries.map((entry) => entry.name)).toEqual(["a.txt"]);
    await sessions.list(info.id, "/", false, true);
    expect(server.commands.filter((command) => /^(EPRT|EPSV)/.test(command)).map((command) => command.slice(0, 4))).toEqual([
      "EPRT",
      "EPSV",
      "EPSV",
    ]);
    expect(sessions.log(info.id).all()).toContainEqual(
      expect.objectContaining({
        kind: "info",
        text: "Active mode did not work and passive mode did: this session uses passive mode from now on.",
      }),
    );
  });

  it("tells PORT to a server that knows no EPRT", async () => {
    const server = await startScriptedServer({
      listings: {},
      replies: { EPRT: "500 Unknown command.", PORT: "200 PORT ok.", LIST: "425 Failed to establish connection." },
    });
    cleanups.push(() => server.close());
    const sessions = sessionManager();
    const info = await sessions.open({
      host: "127.0.0.1",
      port: server.port,
      user: "u",
      password: "p",
      encryption: "plain",
      dataConnectionMode: "active",
    });
    await failure(sessions.list(info.id));
    expect(server.commands.filter((command) => /^(EPRT|PORT) /.test(command))).toEqual([
      expect.stringMatching(/^EPRT \|1\|127\.0\.0\.1\|\d+\|$/),
      expect.stringMatching(/^PORT 127,0,0,1,\d+,\d+$/),
    ]);
  });
});
