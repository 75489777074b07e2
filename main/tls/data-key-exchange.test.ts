import { connect as tcpConnect, createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { connect, createSecureContext, createServer, type SecureContext, type TLSSocket } from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { createTestCertificates } from "../../test-support/test-certificates";
import { dataConnectionGroups } from "./data-key-exchange";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/**
 * A TLS server with only the groups given (vsftpd has only P-256), behind a relay that counts the
 * ClientHellos of each connection: two mean the server asked for another key share (HelloRetryRequest).
 */
async function serverWithGroups(ecdhCurve: string) {
  const { server: certificate } = await createTestCertificates();
  const tls = createServer({ key: certificate.keyPem, cert: certificate.certPem, ecdhCurve }, (socket) => socket.end());
  await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
  const hellos: number[] = [];
  const relay = createTcpServer((client: Socket) => {
    const index = hellos.push(0) - 1;
    const upstream = tcpConnect((tls.address() as AddressInfo).port, "127.0.0.1");
    // Handshake records (22) whose message is a ClientHello (1); a client sends them in the clear.
    client.on("data", (chunk: Buffer) => {
      for (let at = 0; at + 5 < chunk.length; at += 5 + chunk.readUInt16BE(at + 3)) {
        if (chunk[at] === 22 && chunk[at + 5] === 1) hellos[index] = (hellos[index] ?? 0) + 1;
      }
    });
    for (const socket of [client, upstream]) socket.on("error", () => undefined);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => {
    relay.close();
    tls.close();
  });
  const open = (secureContext: SecureContext) =>
    new Promise<TLSSocket>((resolve, reject) => {
      const socket = connect({ port: (relay.address() as AddressInfo).port, host: "127.0.0.1", rejectUnauthorized: false, secureContext });
      socket.once("secureConnect", () => resolve(socket));
      socket.once("error", reject);
      cleanups.push(() => socket.destroy());
    });
  return { open, hellos };
}

describe("the key exchange of data connections", () => {
  it("leads with the group the control connection agreed on, so a server with only P-256 needs no second hello", async () => {
    const server = await serverWithGroups("P-256");
    const control = await server.open(createSecureContext());
    const groups = dataConnectionGroups(control);
    expect(groups).toBe("P-256:X25519:P-384");
    await server.open(createSecureContext({ ecdhCurve: groups }));
    // The control connection, led by X25519, paid for the retry; the data connection did not.
    expect(server.hellos).toEqual([2, 1]);
  });

  it("keeps the default order where it leads with the agreed group already", async () => {
    const server = await serverWithGroups("X25519:P-256");
    expect(dataConnectionGroups(await server.open(createSecureContext()))).toBeUndefined();
    expect(server.hellos).toEqual([1]);
  });
});
