import {
  parseMainMessage,
  type CommandName,
  type CommandResult,
  type FerryBridge,
  type EventMessage,
  type PromptMessage,
} from "../../shared/contract";
import { maxCommandFrameBytes, ResultFrameSchema, socketPath, type CommandFrame } from "../../shared/socket-protocol";

type Listener = (message: EventMessage | PromptMessage) => void;

const lostHost: CommandResult<CommandName> = {
  ok: false,
  error: { code: "connection-lost", message: "The connection to the Ferry web host was lost. Reload the page to reconnect." },
};

const megabytes = (bytes: number) => `${Math.ceil(bytes / 1_000_000)} MB`;

/** The host closes the socket on a frame over its limit, which would end every session: refuse it here instead. */
function tooLarge(text: string): CommandResult<CommandName> | undefined {
  // Each UTF-16 code unit is at most 3 UTF-8 bytes, so most frames need no encoding to know.
  if (text.length * 3 <= maxCommandFrameBytes) return undefined;
  const bytes = new TextEncoder().encode(text).byteLength;
  if (bytes <= maxCommandFrameBytes) return undefined;
  const message = `This is too large to send to Ferry (${megabytes(bytes)}; at most ${megabytes(maxCommandFrameBytes)}).`;
  return { ok: false, error: { code: "invalid-request", message } };
}

/** The contract over the web host's WebSocket, for the renderer in a plain browser. */
export function createSocketBridge(location: Location): FerryBridge {
  const token = new URLSearchParams(location.search).get("token") ?? "";
  const socket = new WebSocket(`ws://${location.host}${socketPath}?token=${encodeURIComponent(token)}`);
  const opened = new Promise<boolean>((resolve) => {
    socket.addEventListener("open", () => resolve(true), { once: true });
    socket.addEventListener("close", () => resolve(false), { once: true });
  });
  const pending = new Map<number, (result: CommandResult<CommandName>) => void>();
  const listeners = new Set<Listener>();
  let nextId = 1;

  socket.addEventListener("message", (event) => {
    if (typeof event.data !== "string") return;
    let raw: unknown;
    try {
      raw = JSON.parse(event.data);
    } catch {
      return;
    }
    const result = ResultFrameSchema.safeParse(raw);
    if (result.success) {
      pending.get(result.data.id)?.(result.data.result as CommandResult<CommandName>);
      pending.delete(result.data.id);
      return;
    }
    const message = parseMainMessage(raw);
    if (message) for (const listener of listeners) listener(message);
  });
  socket.addEventListener("close", () => {
    for (const resolve of pending.values()) resolve(lostHost);
    pending.clear();
  });

  return {
    async invoke(channel, request) {
      if (!(await opened) || socket.readyState !== WebSocket.OPEN) return lostHost as never;
      const id = nextId++;
      const frame: CommandFrame = { kind: "command", id, channel, payload: request };
      const text = JSON.stringify(frame);
      const refused = tooLarge(text);
      if (refused) return refused as never;
      return new Promise((resolve) => {
        pending.set(id, resolve as (result: CommandResult<CommandName>) => void);
        socket.send(text);
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
