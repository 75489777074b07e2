import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, resolve, sep } from "node:path";
import { WebSocketServer, type WebSocket } from "ws";
import { createMainServices, type MainServices } from "../../main/main-services";
import type { SendToClients } from "../../main/prompts/prompt-broker";
import { KeyFileCipher } from "../../main/secrets/secret-cipher";
import { CommandFrameSchema, socketPath, type ResultFrame } from "../../shared/socket-protocol";
import { contentSecurityPolicy } from "./content-security-policy";

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

const maxFrameBytes = 16 * 1024 * 1024;

/**
 * Serves the renderer and carries the contract over a WebSocket. It exposes the file system
 * and FTP sessions, so it listens on 127.0.0.1 only, checks the Host and Origin headers
 * (against DNS rebinding and other sites' pages), and requires a per-launch token.
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

  const server = createServer((req, res) => {
    if (!allowedHosts.has(req.headers.host ?? "")) {
      res.writeHead(421, { "content-type": "text/plain" }).end("Wrong host.");
      return;
    }
    if (options.middleware) {
      options.middleware(req, res, () => res.writeHead(404).end());
      return;
    }
    void serveStatic(options.rendererDir ?? "", req, res);
  });

  const socketServer = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });
  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== socketPath) {
      // Vite's HMR socket shares the server in dev; everything else is refused.
      if (!options.middleware) socket.destroy();
      return;
    }
    const origin = req.headers.origin ?? "";
    const originOk = [...allowedHosts].some((host) => origin === `http://${host}`);
    if (!allowedHosts.has(req.headers.host ?? "") || !originOk || !tokenMatches(url.searchParams.get("token"), token)) {
      socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
      return;
    }
    socketServer.handleUpgrade(req, socket, head, (ws) => {
      const clientId = randomUUID();
      sockets.set(clientId, ws);
      ws.on("close", () => {
        sockets.delete(clientId);
        services.clientGone(clientId);
        // Sessions belong to the page that opened them; with no page left, nobody can use them.
        if (sockets.size === 0) services.rendererGone();
      });
      ws.on("message", (data, isBinary) => {
        if (isBinary) return;
        void answer(ws, clientId, data.toString());
      });
    });
  });

  async function answer(ws: WebSocket, clientId: string, text: string): Promise<void> {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return;
    }
    const frame = CommandFrameSchema.safeParse(raw);
    if (!frame.success) return;
    const result = await services.router.dispatch(frame.data.channel, frame.data.payload, clientId);
    const reply: ResultFrame = { kind: "result", id: frame.data.id, result };
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
  }

  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolveListen());
  });
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

function tokenMatches(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function serveStatic(rootDir: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const root = resolve(rootDir);
  const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
  const file = resolve(join(root, pathname === "/" ? "index.html" : pathname));
  const headers = {
    "content-security-policy": contentSecurityPolicy,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
  };
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
  createReadStream(file).pipe(res);
}
