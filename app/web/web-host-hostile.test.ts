/**
 * Garbage sent to the real web host over real sockets: raw TCP for HTTP and WebSocket frames.
 * After each class the host must still serve the page and answer a command.
 */
import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import { maxCommandFrameBytes } from "../../shared/socket-protocol";
import { useTestWebHost } from "./test-web-host";

const web = useTestWebHost();

/** Sends bytes on a fresh TCP connection and collects everything until the host closes it. */
function rawExchange(bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(web.host.port, "127.0.0.1");
    let received = "";
    socket.on("data", (chunk) => (received += chunk.toString("latin1")));
    socket.on("close", () => resolve(received));
    socket.on("error", reject);
    socket.write(bytes);
  });
}

const statusOf = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);

function rawRequest(target: string, extraHeaders = ""): Promise<string> {
  return rawExchange(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${web.host.port}\r\nConnection: close\r\n${extraHeaders}\r\n`);
}

function upgradeHeaders(): string {
  return (
    `Upgrade: websocket\r\nConnection: Upgrade\r\nOrigin: http://127.0.0.1:${web.host.port}\r\n` +
    `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\n`
  );
}

/** A WebSocket handshake done by hand, so that the test can write any bytes as frames. */
async function rawSocket(): Promise<{ socket: Socket; closeCode: Promise<number> }> {
  const socket = connect(web.host.port, "127.0.0.1");
  socket.on("error", () => undefined);
  socket.write(`GET /ws?token=${web.host.token} HTTP/1.1\r\nHost: 127.0.0.1:${web.host.port}\r\n${upgradeHeaders()}\r\n`);
  let received = Buffer.alloc(0);
  let framesStart = -1;
  let handshakeDone: () => void = () => undefined;
  let closeFrame: (code: number) => void = () => undefined;
  const handshake = new Promise<void>((resolve) => (handshakeDone = resolve));
  const closeCode = new Promise<number>((resolve) => (closeFrame = resolve));
  socket.on("data", (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    if (framesStart < 0) {
      const end = received.indexOf("\r\n\r\n");
      if (end < 0 || !received.subarray(0, 12).equals(Buffer.from("HTTP/1.1 101"))) return;
      framesStart = end + 4;
      handshakeDone();
    }
    // Server frames are unmasked and short here: opcode in byte 0, length in byte 1.
    for (let at = framesStart; at + 2 <= received.length; at += 2 + (received[at + 1]! & 0x7f)) {
      if ((received[at]! & 0x0f) === 0x8 && at + 4 <= received.length) closeFrame(received.readUInt16BE(at + 2));
    }
  });
  await handshake;
  return { socket, closeCode };
}

/** A client frame: masked unless told otherwise, FIN set, short or 64-bit length. */
function frame(opcode: number, payload: Buffer, options: { masked?: boolean; rsv1?: boolean; announcedLength?: number } = {}): Buffer {
  const masked = options.masked ?? true;
  const length = options.announcedLength ?? payload.length;
  const head = [0x80 | (options.rsv1 ? 0x40 : 0) | opcode];
  const lengthBytes = Buffer.alloc(length < 126 ? 0 : 8);
  if (length < 126) head.push((masked ? 0x80 : 0) | length);
  else {
    head.push((masked ? 0x80 : 0) | 127);
    lengthBytes.writeBigUInt64BE(BigInt(length));
  }
  if (!masked) return Buffer.concat([Buffer.from(head), lengthBytes, payload]);
  const mask = randomBytes(4);
  return Buffer.concat([Buffer.from(head), lengthBytes, mask, Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!))]);
}

/** Opens a real socket with the token; resolves once it is open. */
function openSocket(): Promise<WebSocket> {
  const socket = new WebSocket(`ws://127.0.0.1:${web.host.port}/ws?token=${web.host.token}`, {
    origin: `http://127.0.0.1:${web.host.port}`,
  });
  return new Promise((resolve, reject) => {
    socket.once("open", () => resolve(socket));
    socket.once("error", reject);
  });
}

function command(socket: WebSocket, frameText: string): Promise<unknown> {
  const reply = new Promise<unknown>((resolve) => socket.once("message", (data) => resolve(JSON.parse(data.toString()))));
  socket.send(frameText);
  return reply;
}

/** The proof after each class of garbage: the page is served and a command is answered. */
async function expectHostServes(): Promise<void> {
  const page = await rawRequest(`/?token=${web.host.token}`);
  expect(statusOf(page)).toBe(200);
  expect(page).toContain("<title>Ferry</title>");
  const socket = await openSocket();
  const reply = await command(
    socket,
    JSON.stringify({ kind: "command", id: 1, channel: "local.list", payload: { path: join(web.base, "home") } }),
  );
  expect(reply).toMatchObject({ id: 1, result: { ok: true, value: { entries: [{ name: "a.txt" }] } } });
  socket.close();
}

describe("the web host under hostile HTTP", () => {
  it.each(["/%ff", "/%", "//[", "//a:99999/x", "/a%00b", "*", "http://127.0.0.1/"])(
    "answers the request target %s with 400",
    async (target) => {
      expect(statusOf(await rawRequest(target))).toBe(400);
      await expectHostServes();
    },
  );

  it.each(["/%ff", "//[", "//a:99999/x", "/ws?token=%ff%fe&x=%"])(
    "answers an upgrade to %s with 400 or 403, before any handshake",
    async (target) => {
      const status = statusOf(await rawRequest(target, upgradeHeaders()));
      expect([400, 403]).toContain(status);
      await expectHostServes();
    },
  );

  it("answers a request line that is not HTTP with 400", async () => {
    expect(statusOf(await rawExchange("\x00\xff GARBAGE \r\n\r\n"))).toBe(400);
    expect(statusOf(await rawExchange(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -1\r\n\r\n`))).toBe(400);
    await expectHostServes();
  });

  it("survives connections cut in the middle of a request or a handshake", async () => {
    for (const bytes of [
      `GET /?token=${web.host.token} HTTP/1.1\r\nHo`,
      `GET /ws?token=${web.host.token} HTTP/1.1\r\nHost: 127.0.0.1:${web.host.port}\r\n${upgradeHeaders()}\r\n`,
    ]) {
      const socket = connect(web.host.port, "127.0.0.1");
      socket.on("error", () => undefined);
      await new Promise<void>((resolve) => socket.write(bytes, () => resolve()));
      socket.resetAndDestroy();
    }
    await expectHostServes();
  });

  it("shows a page that explains how to get in to a visitor without a valid token", async () => {
    for (const target of ["/", "/?token=wrong", "/index.html"]) {
      const page = await rawRequest(target);
      expect(statusOf(page)).toBe(401);
      expect(page).toContain("Ferry web host: http://127.0.0.1:PORT/?token=");
      expect(page).not.toContain(web.host.token);
      expect(page).toMatch(/content-security-policy: default-src 'none'; style-src 'sha256-/i);
    }
  });
});

describe("the web host under hostile WebSocket frames", () => {
  const text = (value: string) => Buffer.from(value);
  it.each([
    ["invalid UTF-8", frame(0x1, Buffer.from([0x7b, 0xff, 0xfe, 0x7d])), 1007],
    ["an unmasked frame", frame(0x1, text("{}"), { masked: false }), 1002],
    ["a reserved opcode", frame(0x3, text("{}")), 1002],
    ["a reserved bit", frame(0x1, text("{}"), { rsv1: true }), 1002],
    ["a length over the limit", frame(0x1, Buffer.alloc(0), { announcedLength: maxCommandFrameBytes + 1 }), 1009],
    ["a binary frame", frame(0x2, text('{"kind":"command"}')), 1003],
    ["text that is not JSON", frame(0x1, text("hello")), 1008],
    ["a command without an id", frame(0x1, text('{"kind":"command","channel":"app.info","payload":{}}')), 1008],
  ])("closes the socket on %s with a proper code", async (_name, bytes, code) => {
    const { socket, closeCode } = await rawSocket();
    socket.write(bytes);
    expect(await closeCode).toBe(code);
    socket.destroy();
    await expectHostServes();
  });

  it.each([
    ["without a payload", { kind: "command", id: 5, channel: "app.info" }, /payload/],
    ["of another kind", { kind: "result", id: 5, channel: "app.info", payload: {} }, /kind/],
    ["with a channel that is not a string", { kind: "command", id: 5, channel: 7, payload: {} }, /channel/],
  ])("answers a command frame %s with an error, and stays open", async (_name, body, message) => {
    const socket = await openSocket();
    const reply = await command(socket, JSON.stringify(body));
    expect(reply).toMatchObject({
      kind: "result",
      id: 5,
      result: { ok: false, error: { code: "invalid-request", message: expect.stringMatching(message) } },
    });
    expect(await command(socket, JSON.stringify({ kind: "command", id: 6, channel: "app.info", payload: {} }))).toMatchObject({
      id: 6,
      result: { ok: true },
    });
    socket.close();
    await expectHostServes();
  });

  it("closes the connection of a client that resets it mid-frame, and lives", async () => {
    const { socket } = await rawSocket();
    const partial = frame(0x1, text(JSON.stringify({ kind: "command", id: 1, channel: "app.info", payload: {} })));
    socket.write(partial.subarray(0, 5));
    socket.resetAndDestroy();
    await expectHostServes();
  });
});

describe("large imports over the socket", () => {
  it("imports a 17 MB FileZilla sitemanager.xml", async () => {
    // Long comments with quotes, tabs, line breaks and accents: JSON makes it longer than its 17 MB.
    const comment = `Notes for "the" site —\tété\n`.repeat(300);
    const servers = Array.from(
      { length: 2200 },
      (_, i) =>
        `    <Server>\n      <Host>host${i}.example.test</Host>\n      <Port>21</Port>\n      <Protocol>0</Protocol>\n      <Type>0</Type>\n` +
        `      <User>user${i}</User>\n      <Logontype>2</Logontype>\n      <Name>Site ${i}</Name>\n      <Comments>${comment}</Comments>\n    </Server>\n`,
    );
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<FileZilla3 version="3.66.4" platform="windows">\n  <Servers>\n${servers.join("")}  </Servers>\n</FileZilla3>\n`;
    expect(Buffer.byteLength(xml)).toBeGreaterThan(17_000_000);
    const frameText = JSON.stringify({ kind: "command", id: 9, channel: "sites.import", payload: { format: "filezilla", content: xml } });
    expect(Buffer.byteLength(frameText)).toBeGreaterThan(16 * 1024 * 1024);
    const socket = await openSocket();
    const reply = await command(socket, frameText);
    expect(reply).toMatchObject({ id: 9, result: { ok: true, value: { imported: 2200 } } });
    socket.close();
    await expectHostServes();
  }, 60_000);
});
