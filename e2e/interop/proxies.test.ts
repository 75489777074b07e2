import { X509Certificate, randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import type { PromptMessage } from "../../shared/contract";
import type { ConnectRequest } from "../../shared/domain";
import { PromptBroker } from "../../main/prompts/prompt-broker";
import type { ProxyRoute } from "../../main/proxy/proxy-route";
import { openConnection } from "../../main/sessions/open-connection";
import { CertificateTrust } from "../../main/tls/certificate-trust";
import { TrustStore } from "../../main/tls/trust-store";
import { failure, tree } from "../../test-support/test-helpers";
import { interopQueue } from "./interop-queue";
import { interopRequest, interopSession } from "./interop-session";
import { cleanups, temporary } from "../../test-support/test-cleanups";

const { servers: file } = inject("interop");
const { proxies } = file;
const server = proxies.target;
/** The certificate vsftpd presents: what the user must be shown through any proxy. */
const serverFingerprint = new X509Certificate(await readFile(join(file.startPath, "..", "server.pem"))).fingerprint256;

type Proxy = { name: string; port: number; log: string; user?: string; password?: string };

function route(kind: ProxyRoute["kind"], proxy: Proxy, overrides: Partial<ProxyRoute> = {}): ProxyRoute {
  return {
    kind,
    host: "127.0.0.1",
    port: proxy.port,
    user: proxy.user ?? "",
    password: proxy.password ?? "",
    resolveOnProxy: true,
    ...overrides,
  };
}

/** A session through the proxy, and a transfer queue whose connections go through it too. */
async function ferry(through: ProxyRoute, overrides: Partial<ConnectRequest> = {}) {
  const { sessions, info } = await interopSession(server, overrides, { proxy: through });
  const { copy, drained, close } = await interopQueue(sessions, info.id);
  cleanups.push(async () => {
    await close();
    sessions.closeAll();
  });
  return { sessions, info, copy, drained };
}

const kinds = [
  { kind: "socks5", proxy: proxies.socks5, login: proxies.socks5Login },
  { kind: "http", proxy: proxies.http, login: proxies.httpLogin },
] as const;

describe.each(kinds)(`${server.name} through $login.name`, ({ kind, proxy, login }) => {
  it("browses, and transfers a tree up and back, identical, every connection through the proxy", { timeout: 90_000 }, async () => {
    const app = await ferry(route(kind, login));
    expect(app.info.security).toMatchObject({ encrypted: true, fingerprint: serverFingerprint });
    const listing = await app.sessions.list(app.info.id);
    expect(listing.path).toBe(file.startPath);
    const log = app.sessions
      .log(app.info.id)
      .all()
      .map((entry) => entry.text);
    expect(log).toContain(
      `Connected to 127.0.0.1:${server.port} through the ${kind === "socks5" ? "SOCKS5" : "HTTP (CONNECT)"} proxy at 127.0.0.1:${login.port}`,
    );
    expect(log.join("\n")).not.toContain(login.password);

    const local = await temporary("ferry-interop-proxy-tree-");
    await mkdir(join(local, "site", "assets", "img"), { recursive: true });
    await mkdir(join(local, "site", "empty"), { recursive: true });
    await writeFile(join(local, "site", "index.html"), "<h1>Ferry through a proxy</h1>");
    await writeFile(join(local, "site", "assets", "app.js"), randomBytes(400_000));
    await writeFile(join(local, "site", "assets", "img", "logo.png"), randomBytes(60_000));
    const remoteFolder = `${file.startPath}/proxy-${kind}-${Date.now()}`;
    await app.copy("upload", local, ["site"], remoteFolder);
    expect((await app.drained()).filter((job) => job.status !== "done")).toEqual([]);
    // The server's own disk holds what was sent, byte for byte.
    expect(await tree(join(remoteFolder, "site"))).toEqual(await tree(join(local, "site")));
    const back = await temporary("ferry-interop-proxy-back-");
    await app.copy("download", remoteFolder, ["site"], back);
    expect((await app.drained()).filter((job) => job.status !== "done")).toEqual([]);
    expect(await tree(join(back, "site"))).toEqual(await tree(join(local, "site")));
    // The proxy's own log names the data connections it made to vsftpd's passive ports (Dante writes 127.0.0.1.port).
    const passivePorts = [...(await readFile(login.log, "utf8")).matchAll(/127\.0\.0\.1[.:](\d+)/g)]
      .map((match) => Number(match[1]))
      .filter((port) => port >= server.port + 100 && port <= server.port + 120);
    expect(passivePorts.length).toBeGreaterThanOrEqual(4);
  });

  it("asks about the server's certificate, not the proxy's, and transfers over resumed data connections", async () => {
    const asked: PromptMessage[] = [];
    const prompts: PromptBroker = new PromptBroker((message) => {
      if (message.kind !== "prompt" || message.channel !== "trust.certificate") return;
      asked.push(message);
      setImmediate(() => prompts.answer({ channel: "trust.certificate", promptId: message.promptId, answer: "accept-once" }));
    });
    const trust = new CertificateTrust(
      new TrustStore(join(mkdtempSync(join(tmpdir(), "ferry-interop-proxy-trust-")), "trusted.json")),
      prompts,
    );
    // The test CA is not named: Ferry cannot verify the certificate and must ask.
    const { client, security } = await openConnection(
      { ...interopRequest(server), tls: {}, proxy: route(kind, proxy) },
      { user: file.user, password: file.password },
      trust,
    );
    cleanups.push(() => client.close());
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({
      payload: { reason: "unknown", certificate: { host: "127.0.0.1", port: server.port, sha256: serverFingerprint } },
    });
    expect(security).toMatchObject({ encrypted: true, trust: "accepted-once", fingerprint: serverFingerprint });
    // vsftpd's require_ssl_reuse refuses a data connection that does not resume the control connection's session.
    expect((await client.list()).length).toBeGreaterThan(0);
  });

  it("names the proxy when it refuses the login", async () => {
    const error = await failure(ferry(route(kind, login, { password: "not-the-password" })));
    expect(error).toEqual({
      code: "proxy-failed",
      message: `The proxy at 127.0.0.1:${login.port} refused the connection: authentication failed.`,
    });
  });

  it("names the proxy when it cannot reach the server", async () => {
    const error = await failure(ferry(route(kind, proxy), { port: proxies.unusedPort }));
    expect(error.code).toBe("proxy-failed");
    expect(error.message).toMatch(
      new RegExp(`^The proxy at 127\\.0\\.0\\.1:${proxy.port} could not reach the server 127\\.0\\.0\\.1:${proxies.unusedPort}: .+\\.$`),
    );
  });
});

describe("Dante (SOCKS5) name lookup", () => {
  it("lets the proxy look up the server's name with DNS through the proxy", async () => {
    const app = await ferry(route("socks5", proxies.socks5), { host: "localhost" });
    expect((await app.sessions.list(app.info.id)).path).toBe(file.startPath);
  });
});
