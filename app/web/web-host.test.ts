import { request } from "node:http";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { freePort } from "../../test-support/free-port";
import { useTestWebHost } from "./test-web-host";

const web = useTestWebHost();

function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port: web.host.port, path, headers: { host: `127.0.0.1:${web.host.port}`, ...headers } },
      (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** Opens the socket with the given token, origin and host; resolves to the HTTP status of the handshake. */
function openSocket(options: { token?: string; origin?: string; hostHeader?: string }): Promise<{ status: number; socket?: WebSocket }> {
  const token = options.token ?? web.host.token;
  const socket = new WebSocket(`ws://127.0.0.1:${web.host.port}/ws?token=${encodeURIComponent(token)}`, {
    headers: { ...(options.hostHeader ? { host: options.hostHeader } : {}) },
    origin: options.origin ?? `http://127.0.0.1:${web.host.port}`,
  });
  return new Promise((resolve) => {
    socket.once("open", () => resolve({ status: 101, socket }));
    socket.once("unexpected-response", (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    socket.once("error", () => resolve({ status: 0 }));
  });
}

interface Received {
  kind: string;
  id?: number;
  channel?: string;
  promptId?: string;
  payload?: unknown;
  result?: unknown;
}

/** A page connected over the socket: what it received, and a way to send commands. */
async function page() {
  const { socket } = await openSocket({});
  const received: Received[] = [];
  socket!.on("message", (data) => received.push(JSON.parse(data.toString()) as Received));
  const send = (id: number, channel: string, payload: unknown) => socket!.send(JSON.stringify({ kind: "command", id, channel, payload }));
  return { socket: socket!, received, send };
}

describe("the web host", () => {
  it("listens on loopback only and prints a URL with its token", () => {
    expect(web.host.url).toBe(`http://127.0.0.1:${web.host.port}/?token=${web.host.token}`);
    expect(web.host.token.length).toBeGreaterThanOrEqual(40);
    expect(web.host.server.address()).toMatchObject({ address: "127.0.0.1" });
  });

  it("serves the renderer with a strict Content Security Policy", async () => {
    const page = await get(`/?token=${web.host.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain("<title>Ferry</title>");
    expect(page.headers["content-security-policy"]).toMatch(/default-src 'none'.*script-src 'self'/);
  });

  it("serves nothing outside the renderer folder", async () => {
    expect((await get("/../secret.txt")).status).toBe(404);
    expect((await get("/%2e%2e/secret.txt")).status).toBe(404);
  });

  it("refuses requests for another Host name (DNS rebinding)", async () => {
    expect((await get("/", { host: `evil.example:${web.host.port}` })).status).toBe(421);
  });

  it("accepts the socket with the token and answers commands over it", async () => {
    const { status, socket } = await openSocket({});
    expect(status).toBe(101);
    const reply = new Promise<unknown>((resolve) => socket!.once("message", (data) => resolve(JSON.parse(data.toString()))));
    socket!.send(JSON.stringify({ kind: "command", id: 7, channel: "local.list", payload: { path: join(web.base, "home") } }));
    expect(await reply).toMatchObject({
      kind: "result",
      id: 7,
      result: { ok: true, value: { entries: [{ name: "a.txt", kind: "file", size: 1 }] } },
    });
    socket!.close();
  });

  it("answers a malformed payload with an error, not a crash", async () => {
    const { socket } = await openSocket({});
    const reply = new Promise<unknown>((resolve) => socket!.once("message", (data) => resolve(JSON.parse(data.toString()))));
    socket!.send(JSON.stringify({ kind: "command", id: 8, channel: "sessions.open", payload: { host: 42 } }));
    expect(await reply).toMatchObject({ id: 8, result: { ok: false, error: { code: "invalid-request" } } });
    socket!.close();
  });

  it("shows a prompt only on the page whose command raised it, and drops it from every page once answered", async () => {
    const [a, b] = await Promise.all([page(), page()]);
    // A user without a password is asked for it before anything is sent to the server.
    a.send(1, "sessions.open", { host: "127.0.0.1", port: await freePort(), user: "u", password: "", encryption: "plain" });
    await expect.poll(() => a.received.filter((m) => m.kind === "prompt")).toHaveLength(1);
    const prompt = a.received.find((m) => m.kind === "prompt");
    expect(prompt).toMatchObject({ channel: "sessions.password", payload: { user: "u" } });

    a.send(2, "prompts.answer", { channel: "sessions.password", promptId: prompt?.promptId, answer: null });
    const closed = { kind: "event", channel: "prompts.closed", payload: { promptId: prompt?.promptId } };
    await expect.poll(() => b.received).toContainEqual(closed);
    await expect.poll(() => a.received).toContainEqual(closed);
    expect(b.received.filter((m) => m.kind === "prompt")).toEqual([]);
    await expect.poll(() => a.received.find((m) => m.id === 1)).toMatchObject({ result: { ok: false, error: { code: "cancelled" } } });
    a.socket.close();
    b.socket.close();
  });

  it("refuses the socket without the right token, from another origin, or for another host", async () => {
    expect((await openSocket({ token: "wrong" })).status).toBe(403);
    expect((await openSocket({ token: "" })).status).toBe(403);
    expect((await openSocket({ origin: "https://evil.example" })).status).toBe(403);
    expect((await openSocket({ hostHeader: `evil.example:${web.host.port}` })).status).toBe(403);
  });
});
