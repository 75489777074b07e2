import { createServer, type AddressInfo } from "node:net";

/**
 * Ports handed out in this process. Ferry remembers a certificate accepted once by host and
 * port until it exits, as FileZilla does, and the specs share one Ferry: a server on a port a
 * closed one had would meet "Certificate changed" (or no question at all) instead of "Unknown
 * certificate".
 */
const handedOut = new Set<number>();

/** A free TCP port on loopback that no earlier call returned, found by binding port 0 and letting go of it. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await anyFreePort();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
