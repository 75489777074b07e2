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

/**
 * A port nothing listens on, for "connection refused": below Linux's ephemeral ports (32768+),
 * which binding port 0 hands out, so that no server a test starts later, in any process, takes it.
 */
export async function portNobodyListensOn(): Promise<number> {
  for (let port = 32_700; port > 32_500; port--) if (await bindable(port)) return port;
  throw new Error("No port between 32501 and 32700 is free on 127.0.0.1.");
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}
