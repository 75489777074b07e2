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
    const port = await bound(0);
    if (port === undefined) throw new Error("Binding port 0 on 127.0.0.1 failed.");
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}

/**
 * A port nothing listens on, for "connection refused": below Linux's ephemeral ports (32768+),
 * which binding port 0 hands out, so that no server a test starts later, in any process, takes it.
 */
export async function portNobodyListensOn(): Promise<number> {
  for (let port = 32_700; port > 32_500; port--) if ((await bound(port)) !== undefined) return port;
  throw new Error("No port between 32501 and 32700 is free on 127.0.0.1.");
}

/** Binds `port` on loopback (0: the kernel chooses) and lets go of it: the port it had, or undefined if it was taken. */
function bound(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(undefined));
    probe.listen(port, "127.0.0.1", () => {
      const { port: had } = probe.address() as AddressInfo;
      probe.close(() => resolve(had));
    });
  });
}
