import { execFileSync } from "node:child_process";
import { createPrivateKey } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { PromptMessage } from "../../shared/contract";
import type { ConnectRequest } from "../../shared/domain";
import { startTestServer, type RunningTestServer, type TestServerOptions } from "../../test-support/ftp-test-server";
import { startRecordingProxy } from "../../test-support/recording-proxy";
import { seedServerFolder } from "../../test-support/server-folder";
import { sessionManagerForTests } from "../../test-support/session-manager";
import { createTestCertificates, type KeyAndCertificate } from "../../test-support/test-certificates";
import { failure } from "../../test-support/test-helpers";
import type { SessionManager } from "../sessions/session-manager";
import { TrustStore } from "./trust-store";

type TrustPrompt = Extract<PromptMessage, { channel: "trust.certificate" }>;

const root = await mkdtemp(join(tmpdir(), "ferry-trust-"));
await seedServerFolder(root);
const certificates = await createTestCertificates();
const running: RunningTestServer[] = [];
const managers: SessionManager[] = [];

afterEach(() => {
  for (const sessions of managers.splice(0)) sessions.closeAll();
});
afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
  await rm(root, { recursive: true, force: true });
});

async function server(tls: "explicit" | "implicit", certificate: KeyAndCertificate, extra: Partial<TestServerOptions> = {}) {
  const started = await startTestServer({ root, tls, certificate, ...extra });
  running.push(started);
  return started;
}

function request(s: RunningTestServer, tls: "explicit" | "implicit", overrides: Partial<ConnectRequest> = {}): ConnectRequest {
  return {
    host: "127.0.0.1",
    port: s.port,
    user: s.user,
    password: s.password,
    encryption: tls === "implicit" ? "implicit" : "explicit-required",
    timeoutMs: 10_000,
    ...overrides,
  };
}

/** A session manager whose prompts a test answers, sharing a trust store when given one. */
function ferry(trustStore?: TrustStore) {
  const made = sessionManagerForTests(trustStore);
  managers.push(made.sessions);
  let answered = 0;
  const trustPrompts = () => made.messages.filter((m): m is TrustPrompt => m.kind === "prompt" && m.channel === "trust.certificate");
  return {
    ...made,
    trustPrompts,
    /** Waits for the next certificate prompt and answers it. */
    async answer(answer: "reject" | "accept-once" | "always-trust"): Promise<TrustPrompt> {
      await expect.poll(() => trustPrompts().length, { timeout: 5_000 }).toBeGreaterThan(answered);
      const prompt = trustPrompts()[answered++] as TrustPrompt;
      made.prompts.answer({ channel: "trust.certificate", promptId: prompt.promptId, answer });
      return prompt;
    },
  };
}

const hex = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;

describe.each(["explicit", "implicit"] as const)("certificate trust over %s TLS", (tls) => {
  const untrusted = [
    { name: "self-signed", certificate: () => certificates.selfSigned, problem: "self-signed", trustCa: true },
    { name: "from an unknown CA", certificate: () => certificates.server, problem: "unknown-issuer", trustCa: false },
    { name: "for another host name", certificate: () => certificates.wrongHost, problem: "host-mismatch", trustCa: true },
    { name: "expired", certificate: () => certificates.expired, problem: "expired", trustCa: true },
  ];

  it.each(untrusted)(
    "asks about a certificate $name, showing what is wrong, before any login",
    async ({ certificate, problem, trustCa }) => {
      const s = await server(tls, certificate());
      const app = ferry();
      const opening = app.sessions.open(request(s, tls, trustCa ? { tls: { trustedCaPem: certificates.ca.certPem } } : {}));
      await expect.poll(() => app.trustPrompts().length).toBe(1);
      expect(s.received()).not.toContain("USER");
      const prompt = await app.answer("accept-once");
      const { certificate: shown } = prompt.payload;
      expect(prompt.payload.reason).toBe("unknown");
      expect(shown.problems.map((p) => p.code)).toContain(problem);
      expect(shown).toMatchObject({ host: "127.0.0.1", port: s.port, tlsVersion: expect.stringMatching(/^TLSv1\.[23]$/) });
      expect(shown.sha256).toMatch(hex);
      expect(shown.sha1).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/);
      expect(shown.subject).toContainEqual({ field: "O", value: "Ferry tests" });
      expect(shown.publicKey).toBe("EC P-256 (256 bits)");
      expect(shown.signatureAlgorithm).toBe("ECDSA with SHA-256");
      expect(prompt.payload.canAlwaysTrust).toBe(problem !== "expired");
      const info = await opening;
      expect(info.security).toMatchObject({ encrypted: true, trust: "accepted-once", fingerprint: shown.sha256 });
      expect((await app.sessions.list(info.id)).entries.length).toBeGreaterThan(0);
    },
  );

  it("connects without asking when the certificate verifies against a CA the session names", async () => {
    const s = await server(tls, certificates.server);
    const app = ferry();
    const info = await app.sessions.open(request(s, tls, { tls: { trustedCaPem: certificates.ca.certPem } }));
    expect(info.security).toMatchObject({ encrypted: true, trust: "verified" });
    expect(app.trustPrompts()).toHaveLength(0);
  });

  it("does not ask again after 'Accept once' until Ferry exits: a second tab connects without a question", async () => {
    const s = await server(tls, certificates.selfSigned);
    const app = ferry();
    const first = app.sessions.open(request(s, tls));
    await app.answer("accept-once");
    await first;
    const second = await app.sessions.open(request(s, tls));
    expect(second.security).toMatchObject({ encrypted: true, trust: "accepted-once" });
    expect(app.trustPrompts()).toHaveLength(1);

    const nextRun = ferry();
    const again = nextRun.sessions.open(request(s, tls));
    await nextRun.answer("accept-once");
    await again;
    expect(nextRun.trustPrompts()).toHaveLength(1);
  });

  it("asks, as about a changed certificate, when the server presents another one than the one accepted once", async () => {
    const s = await server(tls, certificates.selfSigned);
    const app = ferry();
    const first = app.sessions.open(request(s, tls));
    const accepted = await app.answer("accept-once");
    await first;
    s.replaceCertificate(certificates.wrongHost);
    const second = app.sessions.open(request(s, tls));
    const changed = await app.answer("reject");
    expect(changed.payload).toMatchObject({ reason: "changed", previousSha256: accepted.payload.certificate.sha256 });
    expect(await failure(second)).toMatchObject({ code: "certificate-rejected" });
  });

  it("asks, as about a changed certificate, when a session's reconnect meets another one than the verified one it started on", async () => {
    const s = await server(tls, certificates.server);
    const app = ferry();
    const info = await app.sessions.open(request(s, tls, { tls: { trustedCaPem: certificates.ca.certPem } }));
    expect(info.security).toMatchObject({ encrypted: true, trust: "verified" });
    s.replaceCertificate(certificates.selfSigned);
    s.dropConnections();
    await expect.poll(() => app.messages.some((m) => m.kind === "event" && m.channel === "sessions.state")).toBe(true);
    const listing = app.sessions.list(info.id, "/", true, true);
    const changed = await app.answer("reject");
    expect(changed.payload).toMatchObject({ reason: "changed", previousSha256: info.security.encrypted && info.security.fingerprint });
    expect(await failure(listing)).toMatchObject({ code: "certificate-rejected", message: expect.stringContaining("changed certificate") });
  });

  it("remembers 'Always trust' across restarts, and no longer asks", async () => {
    const s = await server(tls, certificates.selfSigned);
    const storePath = join(await mkdtemp(join(tmpdir(), "ferry-store-")), "trusted-certificates.json");
    const before = ferry(new TrustStore(storePath));
    const opening = before.sessions.open(request(s, tls));
    const prompt = await before.answer("always-trust");
    expect((await opening).security).toMatchObject({ trust: "trusted" });

    const after = ferry(new TrustStore(storePath));
    const info = await after.sessions.open(request(s, tls));
    expect(info.security).toMatchObject({ encrypted: true, trust: "trusted", fingerprint: prompt.payload.certificate.sha256 });
    expect(after.trustPrompts()).toHaveLength(0);
    const stored = JSON.parse(await readFile(storePath, "utf8")) as unknown;
    expect(stored).toMatchObject({
      version: 1,
      entries: [{ host: "127.0.0.1", port: s.port, sha256: prompt.payload.certificate.sha256, subject: "127.0.0.1" }],
    });
  });

  it("closes on 'Reject' before the server hears a user name or password", async () => {
    const s = await server(tls, certificates.selfSigned);
    const app = ferry();
    const opening = app.sessions.open(request(s, tls));
    await app.answer("reject");
    const error = await failure(opening);
    expect(error.code).toBe("certificate-rejected");
    expect(error.message).toMatch(/was rejected.*before sending your password/);
    expect(s.received()).not.toContain("USER");
    expect(s.received()).not.toContain("PASS");
  });

  it("warns distinctly when a trusted certificate changed, and closes on 'Reject'", async () => {
    const s = await server(tls, certificates.selfSigned);
    const app = ferry();
    const first = app.sessions.open(request(s, tls));
    const trusted = await app.answer("always-trust");
    app.sessions.close((await first).id);

    s.replaceCertificate(certificates.otherSelfSigned);
    const receivedBefore = s.received().length;
    const second = app.sessions.open(request(s, tls));
    const changed = await app.answer("reject");
    expect(changed.payload).toMatchObject({ reason: "changed", previousSha256: trusted.payload.certificate.sha256 });
    expect(changed.payload.certificate.sha256).not.toBe(trusted.payload.certificate.sha256);
    expect(await failure(second)).toMatchObject({ code: "certificate-rejected", message: expect.stringContaining("changed certificate") });
    expect(s.received().slice(receivedBefore)).not.toContain("USER");
    // The old certificate stays the trusted one.
    expect((await app.trustStore.find("127.0.0.1", s.port))?.sha256).toBe(trusted.payload.certificate.sha256);
  });

  it("never stores an expired certificate, whatever the answer says", async () => {
    const s = await server(tls, certificates.expired);
    const app = ferry();
    const opening = app.sessions.open(request(s, tls, { tls: { trustedCaPem: certificates.ca.certPem } }));
    await app.answer("always-trust");
    expect(await failure(opening)).toMatchObject({ code: "certificate-rejected" });
    expect(await app.trustStore.find("127.0.0.1", s.port)).toBeUndefined();
  });

  it("connects without asking when a pinned fingerprint matches, and refuses one that does not", async () => {
    const s = await server(tls, certificates.selfSigned);
    const app = ferry();
    const probe = app.sessions.open(request(s, tls));
    const { certificate } = (await app.answer("reject")).payload;
    await failure(probe);

    const pinned = await app.sessions.open(
      request(s, tls, { tls: { pinnedSha256: certificate.sha256.replaceAll(":", "").toLowerCase() } }),
    );
    expect(pinned.security).toMatchObject({ trust: "pinned" });

    const other = await server(tls, certificates.otherSelfSigned);
    const refused = await failure(app.sessions.open(request(other, tls, { tls: { pinnedSha256: certificate.sha256 } })));
    expect(refused.code).toBe("certificate-invalid");
    expect(refused.message).toContain("does not match the pinned fingerprint");
    expect(other.received()).not.toContain("USER");
    expect(app.trustPrompts()).toHaveLength(1);
  });

  it("fails a listing whose data connection presents another certificate", async () => {
    const s = await server(tls, certificates.server, { dataCertificate: certificates.selfSigned });
    const app = ferry();
    const info = await app.sessions.open(request(s, tls, { tls: { trustedCaPem: certificates.ca.certPem } }));
    const error = await failure(app.sessions.list(info.id));
    expect(error.code).toBe("certificate-mismatch");
    expect(error.message).toMatch(/data connection presented a different certificate/);
  });

  it("keeps waiting while the user decides, and reconnects if the server hung up meanwhile", async () => {
    const s = await server(tls, certificates.selfSigned);
    const proxy = await startRecordingProxy(s.port);
    const app = ferry();
    const opening = app.sessions.open(request(s, tls, { port: proxy.port, timeoutMs: 500 }));
    await expect.poll(() => app.trustPrompts().length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 800));
    proxy.drop();
    await app.answer("accept-once");
    const info = await opening;
    expect(info.security).toMatchObject({ trust: "accepted-once" });
    expect(app.trustPrompts()).toHaveLength(1);
    await proxy.close();
  });

  it("keeps to the minimum TLS version the session asks for", async () => {
    const s = await server(tls, certificates.server, { maxTlsVersion: "TLSv1.2" });
    const app = ferry();
    const trustCa = { trustedCaPem: certificates.ca.certPem };
    const old = await app.sessions.open(request(s, tls, { tls: trustCa }));
    expect(old.security).toMatchObject({ tlsVersion: "TLSv1.2" });
    const heardBefore = s.received().length;
    const refused = await failure(app.sessions.open(request(s, tls, { tls: { ...trustCa, minVersion: "TLSv1.3" } })));
    expect(refused.code).toBe("tls-failed");
    expect(s.received().slice(heardBefore)).not.toContain("USER");
  });

  describe("a server that requires a client certificate", () => {
    const mutual = { tls: { trustedCaPem: certificates.ca.certPem } };

    it("accepts Ferry with one (PEM), data connections included", async () => {
      const s = await server(tls, certificates.server, { clientCaPem: certificates.ca.certPem });
      const app = ferry();
      const { client } = certificates;
      const info = await app.sessions.open(
        request(s, tls, {
          tls: { ...mutual.tls, clientCertificate: { format: "pem", certificatePem: client.certPem, keyPem: client.keyPem } },
        }),
      );
      expect((await app.sessions.list(info.id)).entries.length).toBeGreaterThan(0);
    });

    it("accepts Ferry with a PKCS#12 bundle and its passphrase", async () => {
      const s = await server(tls, certificates.server, { clientCaPem: certificates.ca.certPem });
      const folder = await mkdtemp(join(tmpdir(), "ferry-p12-"));
      await writeFile(join(folder, "key.pem"), certificates.client.keyPem);
      await writeFile(join(folder, "cert.pem"), certificates.client.certPem);
      const bundle = execFileSync("openssl", ["pkcs12", "-export", "-inkey", "key.pem", "-in", "cert.pem", "-passout", "pass:p12-secret"], {
        cwd: folder,
      });
      const app = ferry();
      const clientCertificate = { format: "pkcs12" as const, pkcs12Base64: bundle.toString("base64"), passphrase: "p12-secret" };
      const info = await app.sessions.open(request(s, tls, { tls: { ...mutual.tls, clientCertificate } }));
      expect(info.security.encrypted).toBe(true);
      const wrong = await failure(
        app.sessions.open(request(s, tls, { tls: { ...mutual.tls, clientCertificate: { ...clientCertificate, passphrase: "nope" } } })),
      );
      expect(wrong).toMatchObject({ code: "client-certificate", message: expect.stringContaining("passphrase is wrong") });
    });

    it("says a client certificate is needed when none is given", async () => {
      const s = await server(tls, certificates.server, { clientCaPem: certificates.ca.certPem });
      const app = ferry();
      const error = await failure(app.sessions.open(request(s, tls, mutual)));
      expect(error.code).toBe("client-certificate");
      expect(error.message).toMatch(/requires a client certificate/);
    });
  });
});

describe("client certificate files", () => {
  it("reports a wrong passphrase for an encrypted PEM key before connecting", async () => {
    const encrypted = createPrivateKey(certificates.client.keyPem).export({
      type: "pkcs8",
      format: "pem",
      cipher: "aes-256-cbc",
      passphrase: "right",
    });
    const app = ferry();
    const clientCertificate = {
      format: "pem" as const,
      certificatePem: certificates.client.certPem,
      keyPem: String(encrypted),
      passphrase: "wrong",
    };
    const error = await failure(
      app.sessions.open({ host: "127.0.0.1", port: 1, user: "u", password: "p", encryption: "implicit", tls: { clientCertificate } }),
    );
    expect(error).toMatchObject({
      code: "client-certificate",
      message: "Ferry cannot use the client certificate: the passphrase is wrong.",
    });
  });

  it("reports a key that belongs to another certificate", async () => {
    const app = ferry();
    const clientCertificate = { format: "pem" as const, certificatePem: certificates.client.certPem, keyPem: certificates.server.keyPem };
    const error = await failure(
      app.sessions.open({ host: "127.0.0.1", port: 1, user: "u", password: "p", encryption: "implicit", tls: { clientCertificate } }),
    );
    expect(error).toMatchObject({
      code: "client-certificate",
      message: expect.stringContaining("the key does not belong to the certificate"),
    });
  });
});
