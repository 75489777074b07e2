import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { describe, expect, inject, it } from "vitest";
import type { PromptMessage } from "../../shared/contract";
import { PromptBroker } from "../../main/prompts/prompt-broker";
import { openConnection } from "../../main/sessions/open-connection";
import { CertificateTrust } from "../../main/tls/certificate-trust";
import { TrustStore } from "../../main/tls/trust-store";
import { sha256 } from "../../test-support/test-helpers";

const file = inject("interop").servers;
const tlsServers = file.servers.filter((server) => server.encryption !== "plain");

/** A user who answers every certificate prompt with "Accept once", and what they were shown. */
function acceptingUser() {
  const asked: PromptMessage[] = [];
  const prompts: PromptBroker = new PromptBroker((message) => {
    if (message.kind !== "prompt" || message.channel !== "trust.certificate") return;
    asked.push(message);
    setImmediate(() => prompts.answer({ channel: "trust.certificate", promptId: message.promptId, answer: "accept-once" }));
  });
  const store = new TrustStore(join(mkdtempSync(join(tmpdir(), "ferry-interop-trust-")), "trusted-certificates.json"));
  return { asked, trust: new CertificateTrust(store, prompts) };
}

/**
 * The accept-once path against real servers whose certificate Ferry cannot verify (the test
 * CA is not named), then a few MB each way: the servers require data connections to reuse
 * the control connection's TLS session, and Ferry checks each one's certificate.
 */
describe.each(tlsServers)("certificate trust against $name", (server) => {
  it("asks about the certificate, and after 'Accept once' transfers both ways over pinned, resumed data connections", async () => {
    const user = acceptingUser();
    const request = {
      host: "127.0.0.1",
      port: server.port,
      user: file.user,
      password: file.password,
      encryption: server.encryption,
      timeoutMs: 10_000,
    };
    const { client, security } = await openConnection(request, { user: file.user, password: file.password }, user.trust);
    try {
      expect(user.asked).toHaveLength(1);
      expect(user.asked[0]).toMatchObject({
        channel: "trust.certificate",
        payload: { reason: "unknown", certificate: { port: server.port } },
      });
      expect(security).toMatchObject({ encrypted: true, trust: "accepted-once" });

      const resumed: boolean[] = [];
      client.trackProgress((progress) => {
        // Only once bytes flowed is the handshake surely over.
        const socket = client.ftp.dataSocket;
        if (progress.bytes > 0 && socket && "isSessionReused" in socket) resumed.push(socket.isSessionReused());
      });
      const content = randomBytes(3 * 1024 * 1024 + 17);
      const name = `trust-${server.port}-${Date.now()}.bin`;
      await client.uploadFrom(Readable.from([content]), name);
      const chunks: Buffer[] = [];
      await client.downloadTo(
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            chunks.push(chunk);
            done();
          },
        }),
        name,
      );
      await client.remove(name);
      expect(sha256(Buffer.concat(chunks))).toBe(sha256(content));
      expect(resumed.length).toBeGreaterThan(0);
      // Ferry always offers the session; servers that require it prove Ferry offered it right.
      if (server.requiresSessionReuse) expect(resumed.every(Boolean)).toBe(true);

      const pinned = await openConnection(
        { ...request, tls: security.encrypted ? { pinnedSha256: security.fingerprint } : {} },
        { user: file.user, password: file.password },
        acceptingUser().trust,
      );
      expect(pinned.security).toMatchObject({ trust: "pinned" });
      expect((await pinned.client.list()).length).toBeGreaterThan(0);
      pinned.client.close();
    } finally {
      client.close();
    }
  });
});
