/**
 * A delaying TCP proxy for the benchmark's latency profile: an internet distance on loopback, where
 * this kernel has no netem. It listens on `listenHost` (127.0.0.2: all of 127/8 is loopback on
 * Linux) on each of `ports` and forwards every connection to `targetHost` on the same port, so the
 * servers behind it must name `listenHost` in their PASV replies.
 *
 * Each direction is one link of `bitsPerSecond`, shared by every connection in that direction: a
 * chunk waits for the link to be free, takes its size / rate to go through (a token bucket with no
 * burst), and arrives `rttMs / 2` later, so order holds within a connection and across them. A
 * connection costs one round trip before its first byte, as TCP's handshake does: the proxy
 * connects to the server half a round trip after the client connected to it, and what the client
 * sends sets out one round trip after it connected. A connection has at most `windowBytes` on the
 * way in each direction (the link's queue plus what the receiver has not yet taken), then the
 * proxy stops reading from the sender, as a TCP receive window does; a receiver that reads slowly
 * slows its sender. It does not model loss or slow start.
 *
 * It counts round trips: each connection's handshake, and every flight from the client that
 * follows something from the server (or opens the connection). A command and its reply are one;
 * commands sent together without waiting are one.
 */
import { createServer, connect, type Server, type Socket } from "node:net";

export interface LatencyProxyOptions {
  listenHost: string;
  targetHost: string;
  ports: number[];
  rttMs: number;
  bitsPerSecond: number;
  windowBytes: number;
}

export interface LatencyProxy {
  /** Round trips and connections since the last `resetCounts`. */
  counts(): { roundTrips: number; connections: number };
  resetCounts(): void;
  close(): Promise<void>;
}

/** One direction's link: chunks leave in the order they came, each when the link has carried the ones before it. */
class Link {
  private busyUntil = 0;
  private readonly queue: { at: number; deliver: () => void }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly bytesPerMs: number,
    private readonly delayMs: number,
  ) {}

  send(bytes: number, deliver: () => void): void {
    const through = Math.max(performance.now(), this.busyUntil) + bytes / this.bytesPerMs;
    this.busyUntil = through;
    this.queue.push({ at: through + this.delayMs, deliver });
    this.arm();
  }

  private arm(): void {
    if (this.timer || this.queue.length === 0) return;
    const wait = (this.queue[0]?.at ?? 0) - performance.now();
    this.timer = setTimeout(() => this.flush(), Math.max(0, wait));
  }

  private flush(): void {
    this.timer = undefined;
    const now = performance.now();
    // Timers fire late on a busy machine: everything that is due goes at once, in order.
    while ((this.queue[0]?.at ?? Infinity) <= now) this.queue.shift()?.deliver();
    this.arm();
  }

  close(): void {
    clearTimeout(this.timer);
    this.queue.length = 0;
  }
}

export async function startLatencyProxy(options: LatencyProxyOptions): Promise<LatencyProxy> {
  const bytesPerMs = options.bitsPerSecond / 8 / 1000;
  const half = options.rttMs / 2;
  const up = new Link(bytesPerMs, half);
  const down = new Link(bytesPerMs, half);
  const sockets = new Set<Socket>();
  let roundTrips = 0;
  let connections = 0;

  /**
   * Carries `from`'s bytes over `link` to `to`, no sooner than `notBefore`; `onChunk` sees each
   * chunk as it arrives from the sender. Returns a function that gives the receiver its socket
   * once it is connected (the bytes wait for it).
   */
  const carry = (from: Socket, link: Link, notBefore: number, onChunk: () => void) => {
    let to: Socket | undefined;
    const waiting: (() => void)[] = [];
    let inFlight = 0;
    const whenConnected = (step: () => void) => (to ? step() : waiting.push(step));
    const send = (bytes: number, deliver: () => void) => {
      const wait = notBefore - performance.now();
      if (wait > 0) setTimeout(() => link.send(bytes, deliver), wait);
      else link.send(bytes, deliver);
    };
    from.on("data", (chunk: Buffer) => {
      onChunk();
      inFlight += chunk.length;
      if (inFlight >= options.windowBytes) from.pause();
      send(chunk.length, () =>
        whenConnected(() => {
          if (to?.destroyed) return;
          to?.write(chunk, () => {
            inFlight -= chunk.length;
            if (inFlight < options.windowBytes && from.isPaused() && !from.destroyed) from.resume();
          });
        }),
      );
    });
    // The end and a reset travel behind the bytes before them.
    from.on("end", () => send(0, () => whenConnected(() => to?.end())));
    from.on("error", () => send(0, () => whenConnected(() => to?.destroy())));
    from.on("close", () => send(0, () => whenConnected(() => to?.end())));
    return (socket: Socket) => {
      to = socket;
      for (const step of waiting.splice(0)) step();
    };
  };

  const accept = (port: number) => (client: Socket) => {
    connections++;
    roundTrips++;
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    const opened = performance.now();
    // true: the last thing on this connection came from the server, so the client's next bytes start a round trip.
    let serverSpoke = true;
    const toServer = carry(client, up, opened + options.rttMs, () => {
      if (serverSpoke) roundTrips++;
      serverSpoke = false;
    });
    setTimeout(() => {
      if (client.destroyed) return;
      const server = connect({ host: options.targetHost, port, allowHalfOpen: true, noDelay: true });
      sockets.add(server);
      server.on("close", () => sockets.delete(server));
      const toClient = carry(server, down, 0, () => (serverSpoke = true));
      // A server that is not there: the client sees its connection reset, as it would without the proxy.
      server.once("error", () => {
        if (server.connecting) client.destroy();
      });
      server.on("connect", () => {
        toServer(server);
        toClient(client);
      });
    }, half);
  };

  const servers: Server[] = [];
  for (const port of options.ports) {
    const server = createServer({ allowHalfOpen: true, noDelay: true, pauseOnConnect: false }, accept(port));
    await new Promise<void>((listening, fail) => {
      server.once("error", fail);
      server.listen(port, options.listenHost, () => listening());
    });
    servers.push(server);
  }
  return {
    counts: () => ({ roundTrips, connections }),
    resetCounts: () => {
      roundTrips = 0;
      connections = 0;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      up.close();
      down.close();
      await Promise.all(servers.map((server) => new Promise((closed) => server.close(closed))));
    },
  };
}
