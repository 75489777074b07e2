import { once } from "node:events";
import { connect, createServer, type AddressInfo, type Socket } from "node:net";

export interface ScriptedProxyOptions {
  kind: "socks5" | "http";
  /** Logins the proxy demands (SOCKS5 user/password, HTTP Basic); none: it asks for none. */
  login?: { user: string; password: string };
  /** Host names only the proxy knows (DNS through the proxy), to the address they stand for. */
  names?: Record<string, string>;
  /** Instead of connecting on: a SOCKS5 reply code, or an HTTP status line's code. */
  refuseWith?: number;
}

export interface ScriptedProxy {
  port: number;
  /** Every host:port a client asked to be connected to, in order, as the client named it. */
  requested(): string[];
  /** Everything the clients sent before their tunnels were set up, as text (the handshakes). */
  handshakes(): string;
  close(): Promise<void>;
}

/** Reads exactly `count` bytes off a socket in paused mode. */
async function readBytes(socket: Socket, count: number): Promise<Buffer> {
  for (;;) {
    const chunk = socket.read(count) as Buffer | null;
    if (chunk) return chunk;
    if (socket.readableEnded || socket.destroyed) throw new Error("closed");
    await once(socket, "readable");
  }
}

/**
 * A SOCKS5 or HTTP CONNECT proxy on loopback, scripted for tests: it relays for real (so
 * sessions browse and transfer through it), records what it was asked, and can demand a
 * login, know names nobody else does, or refuse with a reply of the test's choosing.
 */
export async function startScriptedProxy(options: ScriptedProxyOptions): Promise<ScriptedProxy> {
  const requested: string[] = [];
  const handshakeBytes: Buffer[] = [];
  const sockets = new Set<Socket>();
  const read = async (socket: Socket, count: number) => {
    const bytes = await readBytes(socket, count);
    handshakeBytes.push(bytes);
    return bytes;
  };

  /** Connects on to the server; undefined when nothing answers there. */
  async function reach(host: string, port: number): Promise<Socket | undefined> {
    const upstream = connect({ host: options.names?.[host] ?? host, port });
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    try {
      await once(upstream, "connect");
      return upstream;
    } catch {
      return undefined;
    }
  }

  /** After the proxy's own answer: bytes both ways, and a close on either side closes both. */
  function relay(client: Socket, upstream: Socket): void {
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  }

  async function socks5(client: Socket): Promise<void> {
    const [, count = 0] = await read(client, 2);
    const methods = [...(await read(client, count))];
    const wanted = options.login ? 0x02 : 0x00;
    if (!methods.includes(wanted)) {
      client.end(Buffer.from([5, 0xff]));
      return;
    }
    client.write(Buffer.from([5, wanted]));
    if (options.login) {
      const [, userLength = 0] = await read(client, 2);
      const user = (await read(client, userLength)).toString();
      const [passwordLength = 0] = await read(client, 1);
      const password = (await read(client, passwordLength)).toString();
      const ok = user === options.login.user && password === options.login.password;
      client.write(Buffer.from([1, ok ? 0 : 1]));
      if (!ok) return void client.end();
    }
    const [, , , type] = await read(client, 4);
    let host: string;
    if (type === 1) host = [...(await read(client, 4))].join(".");
    else if (type === 3) host = (await read(client, (await read(client, 1))[0] ?? 0)).toString();
    else host = ((await read(client, 16)).toString("hex").match(/.{4}/g) ?? []).join(":");
    const port = (await read(client, 2)).readUInt16BE();
    requested.push(`${host}:${port}`);
    const bound = Buffer.from([1, 127, 0, 0, 1, 0, 0]);
    if (options.refuseWith !== undefined) return void client.end(Buffer.concat([Buffer.from([5, options.refuseWith, 0]), bound]));
    const upstream = await reach(host, port);
    if (!upstream) return void client.end(Buffer.concat([Buffer.from([5, 5, 0]), bound]));
    client.write(Buffer.concat([Buffer.from([5, 0, 0]), bound]));
    relay(client, upstream);
  }

  async function http(client: Socket): Promise<void> {
    let head = "";
    while (!head.includes("\r\n\r\n")) head += (await read(client, 1)).toString("latin1");
    const [, host = "", port = "0"] = head.match(/^CONNECT \[?([^\]\s]+?)\]?:(\d+) HTTP/) ?? [];
    requested.push(`${host}:${port}`);
    const expected = options.login && `Basic ${Buffer.from(`${options.login.user}:${options.login.password}`).toString("base64")}`;
    if (expected && !head.includes(`Proxy-Authorization: ${expected}\r\n`)) {
      return void client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n');
    }
    if (options.refuseWith !== undefined) return void client.end(`HTTP/1.1 ${options.refuseWith} Refused by the script\r\n\r\n`);
    const upstream = await reach(host, Number(port));
    if (!upstream) return void client.end("HTTP/1.1 502 Bad Gateway\r\n\r\n");
    client.write("HTTP/1.1 200 Connection established\r\n\r\n");
    relay(client, upstream);
  }

  const server = createServer({ pauseOnConnect: true }, (client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => undefined);
    (options.kind === "socks5" ? socks5(client) : http(client)).catch(() => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requested: () => [...requested],
    handshakes: () => Buffer.concat(handshakeBytes).toString("latin1"),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
