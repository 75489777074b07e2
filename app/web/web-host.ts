import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve, sep } from "node:path";
import type { Duplex } from "node:stream";
import { pipeline } from "node:stream/promises";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { createMainServices, type MainServices } from "../../main/main-services";
import type { SendToClients } from "../../main/prompts/prompt-broker";
import { KeyFileCipher } from "../../main/secrets/secret-cipher";
import { closeCodes, maxCommandFrameBytes, parseCommandFrame, socketPath, type ResultFrame } from "../../shared/socket-protocol";
import { contentSecurityPolicy } from "./content-security-policy";
import { noTokenPage, noTokenPageSecurityPolicy } from "./no-token-page";
import { parseRequestTarget } from "./request-target";

export interface WebHostOptions {
  dataDir: string;
  homePath: string;
  version: string;
  /** 0 picks a free port. */
  port?: number;
  /** An ftp:// or ftps:// URL to connect to once the page opens. */
  startUrl?: string | undefined;
  /** Serves the built renderer from this folder… */
  rendererDir?: string;
  /** …or hands every non-socket request to this (Vite's dev middleware). */
  middleware?: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  /** The http server, so that tests can check where it listens. */
  server: ReturnType<typeof createServer>;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

/**
 * Serves the renderer and carries the contract over a WebSocket. It exposes the file system
 * and FTP sessions, so it listens on 127.0.0.1 only, checks the Host and Origin headers
 * (against DNS rebinding and other sites' pages), and requires a per-launch token.
 *
 * Any page the user visits can send it requests, so no input may end it: each transport has
 * one guarded entry (`request`, `upgrade`, the socket's `message`), and every server and
 * socket has an `error` listener.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString("base64url");
  // Each page's socket is a client: a prompt goes to the page whose command raised it.
  const sockets = new Map<string, WebSocket>();
  const send: SendToClients = (message, to) => {
    const text = JSON.stringify(message);
    for (const [clientId, socket] of sockets) if (to === undefined || to === clientId) socket.send(text);
  };
  const services: MainServices = await createMainServices({
    homePath: options.homePath,
    dataPath: options.dataDir,
    // No OS keychain here: saved passwords are sealed with a key file beside the data.
    cipher: new KeyFileCipher(join(options.dataDir, "secret.key")),
    ...(options.startUrl ? { startUrl: options.startUrl } : {}),
    version: options.version,
    send,
  });

  // The Host names a page may use; known once the server listens on its port.
  let allowedHosts = new Set<string>();

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = parseRequestTarget(req.url);
    if (!target) {
      res.writeHead(400, { "content-type": "text/plain" }).end("Bad request.");
      return;
    }
    if (!allowedHosts.has(req.headers.host ?? "")) {
      res.writeHead(421, { "content-type": "text/plain" }).end("Wrong host.");
      return;
    }
    if ((target.path === "/" || target.path === "/index.html") && !tokenMatches(target.query.get("token"), token)) {
      res.writeHead(401, { ...pageHeaders, "content-type": contentTypes[".html"], "content-security-policy": noTokenPageSecurityPolicy });
      res.end(noTokenPage);
      return;
    }
    if (options.middleware) {
      options.middleware(req, res, () => res.writeHead(404).end());
      return;
    }
    await serveStatic(options.rendererDir ?? "", target.path, req, res);
  }

  const socketServer = new WebSocketServer({ noServer: true, maxPayload: maxCommandFrameBytes });
  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const target = parseRequestTarget(req.url);
    if (!target) {
      answerRawSocket(socket, "400 Bad Request");
      return;
    }
    if (target.path !== socketPath) {
      // Vite's HMR socket shares the server in dev; everything else is refused.
      if (!options.middleware) socket.destroy();
      return;
    }
    const origin = req.headers.origin ?? "";
    const originOk = [...allowedHosts].some((host) => origin === `http://${host}`);
    if (!allowedHosts.has(req.headers.host ?? "") || !originOk || !tokenMatches(target.query.get("token"), token)) {
      answerRawSocket(socket, "403 Forbidden");
      return;
    }
    socketServer.handleUpgrade(req, socket, head, (ws) => {
      const clientId = randomUUID();
      sockets.set(clientId, ws);
      // ws closes the socket itself, with the right code, after a malformed frame; the error needs only a listener.
      ws.on("error", () => undefined);
      ws.on("close", () => {
        sockets.delete(clientId);
        services.clientGone(clientId);
        // Sessions belong to the page that opened them; with no page left, nobody can use them.
        if (sockets.size === 0) services.rendererGone();
      });
      ws.on("message", (data, isBinary) =>
        guarded(
          () => answer(ws, clientId, data, isBinary),
          () => ws.terminate(),
        ),
      );
    });
  }

  async function answer(ws: WebSocket, clientId: string, data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) {
      ws.close(closeCodes.unsupportedData, "Ferry takes text frames only.");
      return;
    }
    const parsed = parseCommandFrame(data.toString());
    if (!parsed.ok) {
      if (parsed.reply) reply(ws, parsed.reply);
      else ws.close(closeCodes.policyViolation, "Not a Ferry command.");
      return;
    }
    const result = await services.router.dispatch(parsed.frame.channel, parsed.frame.payload, clientId);
    reply(ws, { kind: "result", id: parsed.frame.id, result });
  }

  const server = createServer((req, res) =>
    guarded(
      () => handleRequest(req, res),
      () => (res.headersSent ? res.destroy() : res.writeHead(500).end()),
    ),
  );
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on("error", () => socket.destroy());
    guarded(
      () => handleUpgrade(req, socket, head),
      () => socket.destroy(),
    );
  });
  // Node answers an unparseable request with 400 by itself only while nobody listens here.
  server.on("clientError", (_error, socket: Duplex) => answerRawSocket(socket, "400 Bad Request"));
  socketServer.on("error", () => undefined);

  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolveListen());
  });
  // Once listening, a server error (out of file descriptors) ends that connection, not the host.
  server.on("error", () => undefined);
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    server,
    async close() {
      services.rendererGone();
      await services.shutdown();
      for (const socket of sockets.values()) socket.terminate();
      socketServer.close();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** Runs a handler so that nothing it throws or rejects escapes; `fail` answers for it. */
function guarded(run: () => unknown, fail: () => void): void {
  const failSafely = () => {
    try {
      fail();
    } catch {
      // The connection is already gone; there is nobody left to answer.
    }
  };
  try {
    const result = run();
    if (result instanceof Promise) result.catch(failSafely);
  } catch {
    failSafely();
  }
}

function reply(ws: WebSocket, frame: ResultFrame): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
}

/** Answers a raw socket (before or instead of a WebSocket handshake) and closes it. */
function answerRawSocket(socket: Duplex, status: string): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  else socket.destroy();
}

function tokenMatches(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const pageHeaders = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

async function serveStatic(rootDir: string, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const root = resolve(rootDir);
  const file = resolve(join(root, path === "/" ? "index.html" : path));
  const headers = { ...pageHeaders, "content-security-policy": contentSecurityPolicy };
  if (req.method !== "GET" || (file !== root && !file.startsWith(root + sep))) {
    res.writeHead(404, headers).end();
    return;
  }
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    res.writeHead(404, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, "content-type": contentTypes[extname(file)] ?? "application/octet-stream" });
  // A file that vanishes or fails mid-read ends this response, nothing else.
  await pipeline(createReadStream(file), res).catch(() => res.destroy());
}
