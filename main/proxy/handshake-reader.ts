import type { Socket } from "node:net";

/** Why a proxy's handshake stopped before it was done; proxy-tunnel.ts puts it into a sentence. */
export class HandshakeEnded extends Error {
  constructor(readonly why: "closed" | "timeout") {
    super(why);
  }
}

/**
 * Reads a proxy's replies off a socket during the handshake, as many bytes as each step needs.
 * The bytes that came after the last reply belong to the server (an FTP greeting sent at once):
 * `release` puts them back, so that whoever reads the socket next reads them first.
 */
export class HandshakeReader {
  private buffered = Buffer.alloc(0);
  private waiting: (() => void) | undefined;
  private ended: HandshakeEnded | Error | undefined;
  private readonly onData = (chunk: Buffer) => {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    this.waiting?.();
  };
  private readonly onEnd = (error?: Error) => {
    this.ended ??= error ?? new HandshakeEnded("closed");
    this.waiting?.();
  };
  private readonly onTimeout = () => {
    this.ended ??= new HandshakeEnded("timeout");
    this.waiting?.();
  };

  constructor(
    private readonly socket: Socket,
    timeoutMs: number,
  ) {
    socket.setTimeout(timeoutMs);
    socket.on("data", this.onData);
    socket.on("end", this.onEnd);
    socket.on("close", this.onEnd);
    socket.on("error", this.onEnd);
    socket.on("timeout", this.onTimeout);
  }

  /** Exactly `count` bytes. */
  async read(count: number): Promise<Buffer> {
    await this.until(() => this.buffered.length >= count);
    return this.take(count);
  }

  /** Everything up to and including `marker`, at most `limit` bytes (a proxy that never sends it is not believed forever). */
  async readThrough(marker: string, limit: number): Promise<Buffer | undefined> {
    await this.until(() => this.buffered.includes(marker) || this.buffered.length > limit);
    const at = this.buffered.indexOf(marker);
    return at < 0 ? undefined : this.take(at + marker.length);
  }

  /**
   * Stops reading; the bytes read past the handshake go back to the socket. Whoever takes the
   * socket over must listen to it before the next I/O event (in the same run of promise jobs),
   * or what arrives meanwhile is lost: the socket keeps flowing, which a TLS wrapping needs.
   */
  release(): void {
    this.socket.setTimeout(0);
    this.socket.off("data", this.onData);
    this.socket.off("end", this.onEnd);
    this.socket.off("close", this.onEnd);
    this.socket.off("error", this.onEnd);
    this.socket.off("timeout", this.onTimeout);
    if (this.buffered.length > 0) this.socket.unshift(this.buffered);
    this.buffered = Buffer.alloc(0);
  }

  private take(count: number): Buffer {
    const taken = this.buffered.subarray(0, count);
    this.buffered = this.buffered.subarray(count);
    return taken;
  }

  private async until(enough: () => boolean): Promise<void> {
    while (!enough()) {
      if (this.ended) throw this.ended;
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
      this.waiting = undefined;
    }
  }
}
