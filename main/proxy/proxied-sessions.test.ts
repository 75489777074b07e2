import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes, X509Certificate } from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { scriptedRequest } from "../../test-support/connect-requests";
import { startTestServer } from "../../test-support/ftp-test-server";
import { startScriptedServer } from "../../test-support/scripted-ftp-server";
import { freePort } from "../../test-support/free-port";
import { startScriptedProxy, type ScriptedProxyOptions } from "../../test-support/scripted-proxy";
import { seededFolder, seedServerFolder } from "../../test-support/server-folder";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { connectRequest, type SessionTarget } from "../../test-support/session-suite";
import { createTestCertificates } from "../../test-support/test-certificates";
import { failure } from "../../test-support/test-helpers";
import type { ConnectRequest } from "../../shared/domain";
import type { ProxyRoute } from "./proxy-route";

const root = await mkdtemp(join(tmpdir(), "ferry-proxied-"));
await seedServerFolder(root);
const certificates = await createTestCertificates();
const explicit = await startTestServer({ root, tls: "explicit", certificate: certificates.server });
const implicit = await startTestServer({ root, tls: "implicit", certificate: certificates.server });
const plain = await startTestServer({ root, tls: "none" });
/** What the user is shown and what is pinned must be the server's certificate, never something of the proxy's. */
const serverFingerprint = new X509Certificate(certificates.server.certPem).fingerprint256;
const login = { user: "proxy-user", password: "proxy-pass" };

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await Promise.all([explicit, implicit, plain].map((server) => server.close()));
  await rm(root, { recursive: true, force: true });
});

function target(server: typeof explicit, encryption: SessionTarget["encryption"]): SessionTarget {
  return {
    name: "ftp-srv",
    encryption,
    port: server.port,
    user: server.user,
    password: server.password,
    trustedCaPem: certificates.ca.certPem,
    startPath: "/",
  };
}

async function proxy(options: ScriptedProxyOptions) {
  const started = await startScriptedProxy(options);
  cleanups.push(() => started.close());
  return started;
}

function route(kind: ProxyRoute["kind"], port: number, overrides: Partial<ProxyRoute> = {}): ProxyRoute {
  return { kind, host: "127.0.0.1", port, user: "", password: "", resolveOnProxy: true, ...overrides };
}

/** A session through `through`, whose transfer connections (the queue's) go through it too. */
async function open(through: ProxyRoute | undefined, request: ConnectRequest) {
  const { sessions } = sessionManagerForTests(undefined, {}, through);
  cleanups.push(() => sessions.closeAll());
  const info = await sessions.open(request);
  return { sessions, info };
}

describe.each(["socks5", "http"] as const)("sessions through a %s proxy", (kind) => {
  it("browse and transfer both ways over explicit TLS, every data connection through the proxy", async () => {
    const relay = await proxy({ kind, login });
    const { sessions, info } = await open(route(kind, relay.port, login), connectRequest(target(explicit, "explicit-required")));
    expect(info.security).toMatchObject({ encrypted: true, fingerprint: serverFingerprint });
    const listing = await sessions.list(info.id);
    expect(listing.entries.map((entry) => entry.name)).toEqual(expect.arrayContaining(Object.keys(seededFolder.files)));

    const client = await sessions.connector(info.id).connect();
    cleanups.push(() => client.close());
    const local = await mkdtemp(join(tmpdir(), "ferry-proxied-local-"));
    cleanups.push(() => rm(local, { recursive: true, force: true }));
    const content = randomBytes(300_000);
    await writeFile(join(local, "up.bin"), content);
    await client.uploadFrom(join(local, "up.bin"), `/up-${kind}.bin`);
    await client.downloadTo(join(local, "down.bin"), `/up-${kind}.bin`);
    expect((await readFile(join(local, "down.bin"))).equals(content)).toBe(true);
    expect((await readFile(join(root, `up-${kind}.bin`))).equals(content)).toBe(true);

    // The control connections (browsing, transfers) and the listing's, upload's and download's data connections.
    const requested = relay.requested();
    expect(requested.filter((to) => to === `127.0.0.1:${explicit.port}`)).toHaveLength(2);
    expect(requested.filter((to) => to !== `127.0.0.1:${explicit.port}`).length).toBeGreaterThanOrEqual(3);
    const log = sessions
      .log(info.id)
      .all()
      .map((entry) => entry.text);
    expect(log).toContain(
      `Connected to 127.0.0.1:${explicit.port} through the ${kind === "socks5" ? "SOCKS5" : "HTTP (CONNECT)"} proxy at 127.0.0.1:${relay.port}`,
    );
    expect(log.join("\n")).not.toContain(login.password);
  });

  it("connects over implicit TLS, the certificate being the server's", async () => {
    const relay = await proxy({ kind });
    const { sessions, info } = await open(route(kind, relay.port), connectRequest(target(implicit, "implicit")));
    expect(info.security).toMatchObject({ encrypted: true, fingerprint: serverFingerprint });
    expect((await sessions.list(info.id)).entries.length).toBeGreaterThan(0);
  });

  it("says so, naming the proxy, when the proxy refuses the login; the FTP password never reaches it", async () => {
    const relay = await proxy({ kind, login });
    const error = await failure(
      open(route(kind, relay.port, { user: login.user, password: "wrong" }), connectRequest(target(plain, "plain"))),
    );
    expect(error).toEqual({
      code: "proxy-failed",
      message: `The proxy at 127.0.0.1:${relay.port} refused the connection: authentication failed.`,
    });
    expect(relay.handshakes()).not.toContain(plain.password);
  });

  it("says so when the proxy wants a login and none is set", async () => {
    const relay = await proxy({ kind, login });
    const error = await failure(open(route(kind, relay.port), connectRequest(target(plain, "plain"))));
    expect(error.message).toBe(
      `The proxy at 127.0.0.1:${relay.port} refused the connection: it asks for a user name and password, and none is set in the proxy settings.`,
    );
  });

  it("says the proxy could not reach the server when nothing answers there", async () => {
    const relay = await proxy({ kind });
    const closed = await freePort();
    const error = await failure(open(route(kind, relay.port), connectRequest(target(plain, "plain"), { port: closed })));
    expect(error.code).toBe("proxy-failed");
    expect(error.message).toMatch(
      new RegExp(`^The proxy at 127\\.0\\.0\\.1:${relay.port} could not reach the server 127\\.0\\.0\\.1:${closed}: `),
    );
  });

  it("says nothing answers at the proxy's address when no proxy is there", async () => {
    const nobody = await freePort();
    const error = await failure(open(route(kind, nobody), connectRequest(target(plain, "plain"))));
    expect(error).toEqual({
      code: "proxy-failed",
      message: `Nothing answers at the proxy's address 127.0.0.1:${nobody}. Check the proxy settings, or whether the proxy is running.`,
    });
  });

  it("is left out for a site that does not use the proxy", async () => {
    const relay = await proxy({ kind });
    const { sessions, info } = await open(route(kind, relay.port), connectRequest(target(plain, "plain"), { noProxy: true }));
    expect((await sessions.list(info.id)).entries.length).toBeGreaterThan(0);
    expect(relay.requested()).toEqual([]);
  });
});

describe.each(["socks5", "http"] as const)("a %s proxy that is none", (kind) => {
  it("is told to be of another kind, or at another port, at once", async () => {
    // An FTP server where the proxy should be: it greets with "220", which is neither proxy's answer.
    const error = await failure(open(route(kind, plain.port), connectRequest(target(plain, "plain"))));
    expect(error.message).toBe(
      `The proxy at 127.0.0.1:${plain.port} did not answer as ${kind === "socks5" ? "a SOCKS5" : "an HTTP"} proxy does. Check the proxy's type and port in the proxy settings.`,
    );
  });
});

describe("SOCKS5 name lookup", () => {
  it("sends the server's name to the proxy with DNS through the proxy", async () => {
    const relay = await proxy({ kind: "socks5", names: { "ftp.only-the-proxy-knows.test": "127.0.0.1" } });
    const { sessions, info } = await open(
      route("socks5", relay.port),
      connectRequest(target(plain, "plain"), { host: "ftp.only-the-proxy-knows.test" }),
    );
    expect((await sessions.list(info.id)).entries.length).toBeGreaterThan(0);
    expect(relay.requested()).toContain(`ftp.only-the-proxy-knows.test:${plain.port}`);
  });

  it("looks the name up here without it, and sends the proxy the address", async () => {
    const relay = await proxy({ kind: "socks5" });
    const { sessions, info } = await open(
      route("socks5", relay.port, { resolveOnProxy: false }),
      connectRequest(target(plain, "plain"), { host: "localhost" }),
    );
    expect((await sessions.list(info.id)).entries.length).toBeGreaterThan(0);
    expect(relay.requested()[0]).toMatch(new RegExp(`^(127\\.0\\.0\\.1|0000:0000:0000:0000:0000:0000:0000:0001):${plain.port}$`));
  });

  it("sends an IPv6 address as one", async () => {
    const relay = await proxy({ kind: "socks5", names: { "0000:0000:0000:0000:0000:0000:0000:0001": "127.0.0.1" } });
    const { sessions, info } = await open(route("socks5", relay.port), connectRequest(target(plain, "plain"), { host: "::1" }));
    expect((await sessions.list(info.id)).entries.length).toBeGreaterThan(0);
    expect(relay.requested()).toEqual(expect.arrayContaining([`0000:0000:0000:0000:0000:0000:0000:0001:${plain.port}`]));
  });

  it("explains a proxy reply of its own in words", async () => {
    const relay = await proxy({ kind: "socks5", refuseWith: 2 });
    const error = await failure(open(route("socks5", relay.port), connectRequest(target(plain, "plain"))));
    expect(error.message).toBe(
      `The proxy at 127.0.0.1:${relay.port} refused the connection: its rules do not allow connections to 127.0.0.1:${plain.port}.`,
    );
  });
});

describe("an HTTP proxy and a host with a line break in it (an imported site's, say)", () => {
  it("is asked for nothing: the host cannot add lines to the CONNECT request", async () => {
    const relay = await proxy({ kind: "http" });
    const error = await failure(
      open(route("http", relay.port), connectRequest(target(plain, "plain"), { host: "127.0.0.1\r\nX-Injected: yes\r\n" })),
    );
    expect(error).toMatchObject({ code: "invalid-request", message: expect.stringMatching(/^A host is a name such as ftp\.example\.com/) });
    expect(relay.handshakes()).not.toContain("X-Injected");
  });
});

describe.each(["socks5", "http"] as const)("passive mode through a %s proxy, with a server whose PASV names another address", (kind) => {
  it("connects the data connection to the server, never where PASV points", async () => {
    const server = await startScriptedServer({
      listings: { "/": "-rw-r--r-- 1 u g 5 Nov 23  2025 a.txt\r\n" },
      replies: { EPSV: "502 not implemented" },
      pasvNames: "127.0.0.9",
    });
    cleanups.push(() => server.close());
    const relay = await proxy({ kind });
    const { sessions, info } = await open(route(kind, relay.port), scriptedRequest(server));
    expect((await sessions.list(info.id)).entries.map((entry) => entry.name)).toEqual(["a.txt"]);
    expect(server.commands).toContain("PASV");
    expect(relay.requested().filter((asked) => !asked.startsWith("127.0.0.1:"))).toEqual([]);
  });
});
